/**
 * A note's ID line moved just below its `END` (a line moved down in an
 * editor, a merge): the block has no ID then, so `build` would write it a new
 * one, and importing the package would give Anki a second copy of the note
 * beside the one with its reviews. `check` names the line as an error, and
 * `build` stops before it writes an ID or a package.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const slipped = [
  'START',
  'Basic',
  'What does connect() return on a stale socket file?',
  'Back: ECONNREFUSED',
  'END',
  '<!--ID: 1700000000001-->',
  '',
].join('\n')

describe('an ID line below its block', () => {
  it('is an error in check, and build writes neither an ID nor a package', async () => {
    const cwd = await tempProject({ 'notes/a.md': slipped }, 'decklab-id-after-end-')
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code).toBe(1)
    const { diagnostics } = JSON.parse(check.stdout)
    expect(
      diagnostics.map((d: { code: string; line: number; file: string }) => [
        d.file,
        d.line,
        d.code,
      ]),
    ).toEqual([['notes/a.md', 6, 'id-after-end']])

    const build = runDecklab(['build'], { cwd })
    expect(build.code).toBe(1)
    expect(build.stderr).toContain('notes/a.md:6:1 error id-after-end')
    expect(readFileSync(join(cwd, 'notes/a.md'), 'utf8')).toBe(slipped)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('is no error once the line is back inside the block', async () => {
    const fixed = slipped.replace('END\n<!--ID: 1700000000001-->', '<!--ID: 1700000000001-->\nEND')
    const cwd = await tempProject({ 'notes/a.md': fixed }, 'decklab-id-after-end-')
    const build = runDecklab(['build', '--json'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(readFileSync(join(cwd, 'notes/a.md'), 'utf8')).toBe(fixed)
  })
})
