// A script tells refusals apart by `error.code` in the `--json` document, and learns the
// codes from the README. Eight codes decklab prints there were named nowhere in it
// (`interrupted`, `state-locked`, `state-not-readable`, `output-failed`, `cwd-gone`,
// `broken-lab`, `serve-path`, `cannot-serve`): every code a DecklabError is made with in
// `src/` must be in the README, in backticks.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

describe('error codes', () => {
  it('every code of an error document is named in the README', () => {
    const codes = new Set<string>()
    for (const file of sources(join(packageRoot(), 'src'))) {
      const text = readFileSync(file, 'utf8')
      // `new DecklabError('code', …)` and a subclass's `super('code', …)`.
      for (const match of text.matchAll(/(?:DecklabError|super)\(\s*'([a-z][a-z-]*)'/g)) {
        codes.add(match[1] as string)
      }
    }
    // The pattern finds the codes it should: a change in how errors are made must not empty it.
    expect(codes).toContain('usage')
    expect(codes).toContain('output-not-ours')
    // In "Scripting", where exit 2 sends the reader for "the codes below": a code named only
    // elsewhere (`labs` matched the front matter key `labs`; `lab-directory` was said only in
    // "Set up" and the command table) is not found by a script's author there.
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8')
    const scripting = readme.slice(
      readme.indexOf('\n## Scripting'),
      readme.indexOf('\n## How builds'),
    )
    expect(scripting).toContain('Exit codes')
    const missing = [...codes].filter((code) => !scripting.includes(`\`${code}\``)).sort()
    expect(missing).toEqual([])
  })
})
