/**
 * Node's recursive mkdir (`mkdirSync`/`mkdir` with `recursive: true`) spins
 * at full CPU forever, deaf to Ctrl-C, where a parent exists but the folder
 * still gives ENOENT (under `/proc`; below a link to a folder that is gone on
 * some Node versions). decklab makes folders with `makeFolder`
 * (`src/fs/make-folder.ts`) only: one call to it anywhere else is a hang
 * waiting for an odd machine.
 */
import { describe, expect, it } from 'vitest'
import { readModules } from './source-modules.js'

/** A call of `mkdir`, `mkdirSync` or `mkdirp` whose arguments (nested one deep) say `recursive`. */
const recursiveMkdir = /\bmkdir(?:Sync|p)?\s*\((?:[^()]|\([^()]*\))*?\brecursive\b/g

describe('folders are made by makeFolder only', () => {
  it('no module of src/ or labs/ calls a recursive mkdir', () => {
    const calls = [...readModules('src'), ...readModules('labs')].flatMap((module) =>
      [...module.text.matchAll(recursiveMkdir)].map(
        (match) => `${module.path}:${module.text.slice(0, match.index).split('\n').length}`,
      ),
    )
    expect(calls).toEqual([])
  })

  it('finds one (the check itself)', () => {
    const text = [
      "mkdirSync(join(state, 'sync'), { recursive: true, mode: 0o700 })",
      'mkdirSync(a, { mode: 0o700 })',
      'rm(b, { recursive: true })',
    ].join('\n')
    expect([...text.matchAll(recursiveMkdir)].map((match) => match.index)).toEqual([0])
  })
})
