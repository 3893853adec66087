/**
 * `--json` documents carry card text, which is hostile: a C1 control (U+009B
 * is CSI to a terminal), a right-to-left override or a line separator in a
 * field came out raw, and `decklab check --json | less` or a CI log acted on
 * it. They are written as `\uXXXX` escapes: the same JSON value to a reader.
 */
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hostile = 'a\u009b31mred\u202egnp.exe\u2066x\u2069\u2028y\u0085z'

describe('--json output', () => {
  it('escapes C1 controls, bidi controls and line separators, and parses back to the same text', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'cards.md': ['START', 'Basic', `Front ${hostile}`, 'Back: b', 'END', ''].join('\n'),
    })
    const run = await runDecklabAsync(['check', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).not.toMatch(/[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    expect(run.stdout).toContain('a\\u009b31mred\\u202egnp.exe\\u2066x\\u2069\\u2028y\\u0085z')
    expect(JSON.parse(run.stdout).notes[0].fields.Front).toBe(`Front ${hostile}`)
  })

  it('leaves other text beyond ASCII as it is', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'cards.md': ['START', 'Basic', 'Café → naïve 日本', 'Back: b', 'END', ''].join('\n'),
    })
    const run = await runDecklabAsync(['check', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('"Front": "Café → naïve 日本"')
  })
})
