import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { renderTerminal } from '../../src/terminal/markdown.js'
import { terminalBlock, terminalLine } from '../../src/terminal/safe-text.js'
import { runDecklab } from '../support/decklab.js'

// Terminal escapes in note types, fields, decks or file names are shown, never
// sent (issue 15, "Reading what it shouldn't", item 5).

const clear = '\u001b[2J'
const clipboard = '\u001b]52;c;cm0gLXJmIH4=\u0007'
const c1 = '\u009b31m'
/** Any C0 control but newline, DEL, or C1 control. */
const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-escapes-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('terminalLine and terminalBlock', () => {
  it('make C0, DEL and C1 controls visible', () => {
    expect(terminalLine(`a${clear}b\nc\td\u007f${c1}`)).toBe('a\\x1b[2Jb\\nc\\td\\x7f\\x9b31m')
    expect(terminalLine(clipboard)).toBe('\\x1b]52;c;cm0gLXJmIH4=\\x07')
    expect(terminalBlock(`line 1\r\nline\t2${clear}\rx`)).toBe('line 1\nline\t2\\x1b[2J\\rx')
    expect(terminalLine('plain — ünïcode ✓')).toBe('plain — ünïcode ✓')
  })

  it('keep a card rendered for the quiz free of the note’s escapes, and of forged style markers', () => {
    const shown = renderTerminal(`**bold** ${clear} ${clipboard} \uE0041;31\uE005red`, {
      color: true,
    })
    // Only decklab's own SGR codes remain.
    expect(shown.replace(/\u001b\[[\d;]*m/g, '')).not.toMatch(rawControl)
    expect(shown).toContain('\\x1b[2J')
    expect(shown).not.toContain('\u001b[1;31m')
  })
})

describe('human output of the commands', () => {
  it('`check` escapes control characters in file names, note types and fields, one diagnostic per line', async () => {
    const name = `evil\n${clear}.md`
    await mkdir(join(dir, 'v'))
    await writeFile(
      join(dir, 'v', name),
      `START\nBasic${clipboard}\nfront ${clear}\nBack: x\nEND\n\nSTART\nBasic\n\nBack: ${c1}\nEND\n`,
    )
    const result = runDecklab(['check', 'v'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).not.toMatch(rawControl)
    const lines = result.stderr.trimEnd().split('\n')
    const diagnostics = lines.filter(
      (line) => !line.startsWith('  hint:') && !/^\d+ note/.test(line),
    )
    expect(diagnostics.length).toBeGreaterThan(0)
    for (const line of diagnostics) {
      expect(line).toMatch(/^v\/evil\\n\\x1b\[2J\.md:\d+:\d+ (error|warning) [a-z-]+ /)
    }
    expect(result.stderr).toContain('Basic\\x1b]52;c;cm0gLXJmIH4=\\x07')

    // JSON stays JSON: the same text, escaped by JSON itself.
    const json = runDecklab(['check', 'v', '--json'], { cwd: dir })
    expect(json.stdout).not.toMatch(rawControl)
    const report = JSON.parse(json.stdout) as { diagnostics: { file: string }[] }
    expect(report.diagnostics[0]?.file).toBe(`v/${name}`)
  })

  it('the quiz shows fields and echoed answers with their escapes made visible, and deck names as Anki cleans them', async () => {
    await mkdir(join(dir, 'notes'))
    await writeFile(
      join(dir, 'notes/a.md'),
      `TARGET DECK: Deck${clear}\n\nSTART\nBasic (type in the answer)\nWhat ${clipboard}?\nBack: ans${c1}\n<!--ID: 1700000000001-->\nEND\n`,
    )
    await writeFile(join(dir, 'answers.txt'), `typed${clear}\n`)
    const result = runDecklab(
      ['quiz', '--answers', 'answers.txt', '--state', join(dir, 'state'), '--new', '5'],
      { cwd: dir },
    )
    expect(result.code).toBe(0)
    const output = result.stdout + result.stderr
    expect(output).not.toMatch(rawControl)
    // A deck name loses its control characters, as in Anki (`model/deck-name.ts`).
    expect(output).toContain('· Deck[2J ·')
    expect(output).toContain('What \\x1b]52;c;cm0gLXJmIH4=\\x07?')
    expect(output).toContain('typed\\x1b[2J')
  })

  it('usage errors echo arguments with their escapes made visible', () => {
    const result = runDecklab(['lab', 'run', `x${clear}`], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).not.toMatch(rawControl)
    expect(result.stderr).toContain('x\\x1b[2J')
  })

  it('an error naming a path with a newline in it stays on one line', () => {
    for (const command of ['build', 'check', 'stats']) {
      const result = runDecklab([command, 'no\nsuch'], { cwd: dir })
      expect(result.code).toBe(2)
      const lines = result.stderr.trimEnd().split('\n')
      expect(lines[0]).toBe(
        'error Unexpected path `no\\nsuch`: it does not exist, expected a note file or folder',
      )
      // A missing path is no usage mistake: no "Run … --help" line follows.
      expect(lines).toHaveLength(1)
    }
  })
})
