/**
 * Math that MathJax in Anki would turn into a `javascript:` link stops
 * `decklab check` and `decklab build` (before any ID or package is
 * written), and the preview lists the error; ordinary math builds.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab, runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const unsafe = 'START\nBasic\nWhat does $\\href{javascript:alert(1)}{x}$ do?\nBack: Nothing.\nEND\n'
const safe =
  'START\nBasic\nWhat is $\\frac{1}{2} + \\color{red}{x}$?\nBack: $$\\begin{cases} a & x > 0 \\\\ \\boxed{b} & \\text{else} \\end{cases}$$\nEND\n'

const diagnostic =
  /^notes\/card\.md:3:12 error unsafe-math Unexpected `\\href` in math, expected math that only draws .*; MathJax in Anki would make a link \(a `javascript:` link runs script when clicked\)$/m

async function listing(directory: string): Promise<string[]> {
  return (await readdir(directory, { recursive: true })).sort()
}

describe('unsafe math on the command line', () => {
  it('check and build exit 1 with the diagnostic, and nothing is written', async () => {
    const cwd = await tempProject({ 'notes/card.md': unsafe }, 'decklab-unsafe-math-')
    const before = await listing(cwd)

    const check = runDecklab(['check'], { cwd })
    expect(check.code, check.stderr).toBe(1)
    expect(check.stderr).toMatch(diagnostic)
    expect(check.stderr).toContain('1 error')

    const build = runDecklab(['build'], { cwd })
    expect(build.code, build.stderr).toBe(1)
    expect(build.stderr).toMatch(diagnostic)
    // No package, no build state, and no ID written back into the note.
    expect(await listing(cwd)).toEqual(before)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
    expect(await readFile(join(cwd, 'notes', 'card.md'), 'utf8')).toBe(unsafe)
  })

  it('the preview lists the same error and exits 1', async () => {
    const cwd = await tempProject({ 'notes/card.md': unsafe }, 'decklab-unsafe-math-')
    const result = await runDecklabAsync(['preview', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).toMatch(diagnostic)
    const codes = JSON.parse(result.stdout).diagnostics.map((d: { code: string }) => d.code)
    expect(codes).toEqual(['unsafe-math'])
    const html = await readFile(join(cwd, 'dist', 'preview', 'index.html'), 'utf8')
    expect(html).toContain('unsafe-math')
  })

  it('ordinary math checks and builds with no diagnostic', async () => {
    const cwd = await tempProject({ 'notes/card.md': safe }, 'decklab-safe-math-')
    const check = runDecklab(['check'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    expect(check.stderr).toBe('1 note, 1 card in 1 file; 0 errors, 0 warnings\n')

    const build = runDecklab(['build'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('unsafe-math')
    expect(
      (await readdir(join(cwd, 'dist'))).filter((name) => name.endsWith('.apkg')),
    ).toHaveLength(1)
  })
})
