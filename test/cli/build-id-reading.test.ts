/**
 * An ID as written in a note is read as that note's ID, or reported: never
 * taken as no ID, which would write a second ID beside it on every build (a
 * new Anki note each time, the old ID lost). Two builds, the file compared
 * byte for byte.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
// The plugin wiki's question/answer regex.
const questionAnswer = JSON.stringify({
  settings: {
    CUSTOM_REGEXPS: {
      Basic: '^Q: ((?:.+\\n)*)\\n*A: (.+(?:\\n(?:^.{1,3}$|^.{4}(?<!<!--).*))*)',
    },
  },
})

interface BuildJson {
  ids: Array<{ id: number }>
  diagnostics: Array<{ code: string; severity: string; line: number; column: number }>
}

/** Build twice in a vault with these files; each run's JSON and a.md after each. */
async function buildTwice(files: Record<string, string>) {
  const cwd = await tempProject(files)
  const runs = []
  for (let round = 0; round < 2; round++) {
    const run = runDecklab(['build', '--json'], { cwd })
    runs.push({
      code: run.code,
      stderr: run.stderr,
      json: JSON.parse(run.stdout) as BuildJson,
      text: await readFile(join(cwd, 'a.md')),
    })
  }
  return runs
}

describe('a regex note with an ID out of range', () => {
  it('is id-out-of-range, and no new ID is written on any build', async () => {
    const text = 'Q: one\nA: two\n<!--ID: 99999999999999999999-->\n'
    const runs = await buildTwice({ [pluginSettings]: questionAnswer, 'a.md': text })
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1)
      expect(run.json.diagnostics).toEqual([
        expect.objectContaining({ code: 'id-out-of-range', severity: 'error', line: 3, column: 1 }),
      ])
      expect(run.json.ids).toEqual([])
      expect(run.text.equals(Buffer.from(text))).toBe(true)
    }
  })
})

describe('an ID written without a space after the colon', () => {
  it('is read by an inline note and a regex note as by a block: nothing written, twice', async () => {
    const text =
      'STARTI [Basic] a Back: b <!--ID:1700000000000--> ENDI\n\n' +
      'START\nBasic\nc\nBack: d\n<!--ID:1700000000001-->\nEND\n\n' +
      'Q: e\nA: f\n<!--ID:1700000000002-->\n'
    const runs = await buildTwice({ [pluginSettings]: questionAnswer, 'a.md': text })
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0)
      expect(run.json.ids).toEqual([])
      expect(run.json.diagnostics).toEqual([])
      expect(run.text.equals(Buffer.from(text))).toBe(true)
    }
  })
})

describe('an ID line no reader takes', () => {
  it('is malformed-id at its line (lower case, `id: N`, a broken `->`), and no new ID is written', async () => {
    const block = (front: string, idLine: string) =>
      `START\nBasic\n${front}\nBack: A\n${idLine}\nEND\n\n`
    const text =
      block('lower', '<!--id: 1700000000000-->') +
      block('mixed', '<!--Id: 1700000000001-->') +
      block('bare', 'id: 1700000000002') +
      block('arrow', '<!--ID: 1700000000003->') +
      'STARTI [Basic] inline Back: A <!--id: 1700000000004--> ENDI\n'
    const runs = await buildTwice({ 'a.md': text })
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1)
      expect(
        run.json.diagnostics.map(({ code, line, column }) => `${line}:${column} ${code}`),
      ).toEqual([
        '5:1 malformed-id',
        '12:1 malformed-id',
        '19:1 malformed-id',
        '26:1 malformed-id',
        '29:31 malformed-id',
      ])
      expect(run.json.ids).toEqual([])
      expect(run.text.equals(Buffer.from(text))).toBe(true)
    }
  })
})
