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
