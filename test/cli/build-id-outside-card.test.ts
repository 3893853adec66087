import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { workspace } from '../sync/sync-fixture.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

describe('decklab build and an ID outside any card', () => {
  it('does not name removed a note whose block is indented while its ID is still in the file', async () => {
    const cwd = await workspace({ 'notes/a.md': `${block('Kept')}\n${block('Indented')}` })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const path = join(cwd, 'notes/a.md')
    const lines = (await readFile(path, 'utf8')).split('\n')
    const id = /ID: (\d+)/.exec(lines[11] ?? '')?.[1]
    expect(id).toBeDefined()
    // Indent the second block but its END: it is no longer read as a card.
    await writeFile(
      path,
      lines.map((line, index) => (index >= 6 && index <= 11 ? `  ${line}` : line)).join('\n'),
    )
    const run = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as {
      removed: { ids: number[] }
      diagnostics: Array<{ code: string; line: number; message: string }>
    }
    expect(result.removed.ids).toEqual([])
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'id-not-in-card',
        line: 12,
        message: expect.stringContaining(`its ID line is still in notes/a.md, so`),
      }),
    )
    // Its ID line taken out, and the package rebuilt: now it is named removed.
    const indented = await readFile(path, 'utf8')
    await writeFile(path, `${indented.replace(`  <!--ID: ${id}-->\n`, '')}\n${block('New')}`)
    const later = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect((JSON.parse(later.stdout) as { removed: { ids: number[] } }).removed.ids).toEqual([
      Number(id),
    ])
  })

  // The message named the ID's line as read (a.md:11) while the warning, placed as the file was
  // left, pointed at line 12, below the ID line the build wrote into a new note above.
  it('names the ID line where the file has it after the build wrote IDs above it', async () => {
    const cwd = await workspace({ 'notes/a.md': block('Indented') })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const path = join(cwd, 'notes/a.md')
    const indented = (await readFile(path, 'utf8')).replace(/^(START|END)$/gm, '  $1')
    await writeFile(path, `${block('New')}\n${indented}`)
    const run = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const [warning] = (
      JSON.parse(run.stdout) as { diagnostics: { code: string; line: number; message: string }[] }
    ).diagnostics.filter((entry) => entry.code === 'id-not-in-card')
    const lines = (await readFile(path, 'utf8')).split('\n')
    expect(lines[warning!.line - 1]).toMatch(/^<!--ID: \d+-->$/)
    // Any line the message names is that one.
    for (const [, line] of warning!.message.matchAll(/notes\/a\.md:(\d+)/g)) {
      expect(Number(line)).toBe(warning!.line)
    }
  })
})
