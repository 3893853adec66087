/**
 * A partial sync (`decklab sync notes/bio`) reads the rest of the vault's
 * IDs, not its blocks: a card block moved from a file it reads into a file
 * it does not, without its `<!--ID: N-->` line, looked removed, and note N
 * was deleted with its cards and review history (asked [y/N] on a terminal
 * only; `--yes`, `--json` and scripts deleted it unasked). The next sync of
 * the whole vault then added the block as a new note. A sync of the whole
 * vault holds that removal (`delete-held`) and names the ID line; so does a
 * partial sync now, by the note's fields as Anki would have them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const block = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`
const deck = (name: string) => `---\ndeck: ${name}\n---\n`
const withoutIdLines = (text: string) => text.replace(/<!--ID: \d+-->\n/g, '')

/** The vault of the persona: notes/bio and notes/chem, each its own deck, synced whole. */
async function syncedVault() {
  const cwd = await workspace({
    '.obsidian/app.json': '{}',
    'notes/bio/f0.md': `${deck('Bio')}${block('What is a cell?', 'the unit of life')}\n${block('What is DNA?', 'a molecule')}`,
    'notes/chem/f5.md': `${deck('Chem')}${block('What is a mole?', 'an amount')}`,
  })
  const server = await anki(cwd)
  const first = sync(cwd, server)
  expect(first.code, first.stderr).toBe(0)
  const bio = await readFile(join(cwd, 'notes/bio/f0.md'), 'utf8')
  const [cell, dna] = ids(bio) as [number, number]
  return { cwd, server, bio, cell, dna }
}

const allNotes = (server: { call<T>(action: string, params?: object): Promise<T> }) =>
  server.call<number[]>('findNotes', { query: 'deck:*' })

describe.skipIf(ankiUnavailable !== undefined)(
  `a partial sync and notes moved out of its paths${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('holds the removal of a block moved into a file it does not read without its ID line', async () => {
      const { cwd, server, bio, cell } = await syncedVault()
      // The "cell" block cut from bio/f0.md (its ID line left behind and lost) and pasted into chem/f5.md.
      const cellBlock = bio.slice(bio.indexOf('START'), bio.indexOf('END\n') + 4)
      await writeFile(join(cwd, 'notes/bio/f0.md'), bio.replace(`${cellBlock}\n`, ''))
      const chem = await readFile(join(cwd, 'notes/chem/f5.md'), 'utf8')
      await writeFile(join(cwd, 'notes/chem/f5.md'), `${chem}\n${withoutIdLines(cellBlock)}`)
      const line = `${chem}\n`.split('\n').length
      const hint = `notes/chem/f5.md:${line}`

      const dry = sync(cwd, server, 'notes/bio', '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.deleted).toEqual([])
      const held = dry.json?.diagnostics.map((d) => [d.code, d.file, d.line])
      expect(held).toEqual([['delete-held', 'notes/chem/f5.md', line]])
      const dryText = sync(cwd, server, 'notes/bio', '--dry-run')
      expect(dryText.stdout + dryText.stderr).toContain(hint)
      expect(dryText.stdout + dryText.stderr).toContain(`<!--ID: ${cell}-->`)
      expect(dryText.stdout + dryText.stderr).not.toMatch(/delete {2}note/)

      const run = sync(cwd, server, 'notes/bio', '--yes')
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain('delete-held')
      expect(run.stderr).toContain(hint)
      expect(run.stderr).toContain(`Put \`<!--ID: ${cell}-->\` back`)
      expect(run.stderr).not.toContain(`deleted note ${cell}`)
      expect(await allNotes(server)).toContain(cell)
      const json = sync(cwd, server, 'notes/bio', '--json')
      expect(json.json?.deleted).toEqual([])
      expect(json.json?.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual(held)
      expect(await allNotes(server)).toContain(cell)

      // The ID line put back: the whole vault's sync moves note `cell` to Chem, the same note.
      await writeFile(
        join(cwd, 'notes/chem/f5.md'),
        `${chem}\n${withoutIdLines(cellBlock).replace('END', `<!--ID: ${cell}-->\nEND`)}`,
      )
      const whole = sync(cwd, server, '--json')
      expect(whole.code, whole.stderr).toBe(0)
      expect(whole.json).toMatchObject({ added: [], deleted: [] })
      expect(whole.json?.moved.map((entry) => [entry.id, entry.deck])).toEqual([[cell, 'Chem']])
    })

    it('holds the removals of a whole file moved out of the synced folder without its ID lines', async () => {
      const { cwd, server, bio, cell, dna } = await syncedVault()
      await mkdir(join(cwd, 'notes/archive'))
      await writeFile(join(cwd, 'notes/archive/f0.md'), withoutIdLines(bio))
      await rm(join(cwd, 'notes/bio/f0.md'))
      const dry = sync(cwd, server, 'notes/bio', '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.deleted).toEqual([])
      expect(dry.json?.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['delete-held', 'notes/archive/f0.md'],
        ['delete-held', 'notes/archive/f0.md'],
      ])
      const run = sync(cwd, server, 'notes/bio', '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics).toEqual(dry.json?.diagnostics)
      expect(await allNotes(server)).toEqual(expect.arrayContaining([cell, dna]))
    })

    // As a sync of the whole vault does: an edited block, or one of another note type, is another note.
    it.each([
      ['its answer edited', (text: string) => text.replace('the unit of life', 'a small room')],
      [
        'its note type changed',
        (text: string) => text.replace('Basic', 'Basic (and reversed card)'),
      ],
    ])('still deletes the note when the copy elsewhere has %s', async (_, edit) => {
      const { cwd, server, bio, cell } = await syncedVault()
      const cellBlock = bio.slice(bio.indexOf('START'), bio.indexOf('END\n') + 4)
      await writeFile(join(cwd, 'notes/bio/f0.md'), bio.replace(`${cellBlock}\n`, ''))
      const chem = await readFile(join(cwd, 'notes/chem/f5.md'), 'utf8')
      await writeFile(join(cwd, 'notes/chem/f5.md'), `${chem}\n${edit(withoutIdLines(cellBlock))}`)
      const run = sync(cwd, server, 'notes/bio', '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: cell, file: 'notes/bio/f0.md', reason: 'removed' }])
      expect(run.json?.diagnostics).toEqual([])
      expect(await allNotes(server)).not.toContain(cell)
    })

    it('does not ask about it on a terminal, and keeps it whatever the answer', async () => {
      if (terminalUnavailable !== undefined) return
      const { cwd, server, bio, cell } = await syncedVault()
      const cellBlock = bio.slice(bio.indexOf('START'), bio.indexOf('END\n') + 4)
      await writeFile(join(cwd, 'notes/bio/f0.md'), bio.replace(`${cellBlock}\n`, ''))
      const chem = await readFile(join(cwd, 'notes/chem/f5.md'), 'utf8')
      await writeFile(join(cwd, 'notes/chem/f5.md'), `${chem}\n${withoutIdLines(cellBlock)}`)
      const run = runDecklabOnTerminal(['sync', 'notes/bio', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
        input: 'y\n',
      })
      expect(run.status, run.output).toBe(0)
      expect(run.output).not.toContain('[y/N]')
      expect(run.output).toContain('delete-held')
      expect(run.output).toMatch(/0 deleted/)
      expect(await allNotes(server)).toContain(cell)
    }, 120_000)
  },
)
