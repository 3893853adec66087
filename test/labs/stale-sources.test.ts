// A lab written or edited since `npm run build` is said, with what to run, not silently skipped or run old.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { staleLabSources } from '../../src/labs/stale-sources.js'

const made: string[] = []
afterEach(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true })
})

describe('staleLabSources', () => {
  it('names a lab not compiled yet and one edited since, and no other', () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-stale-'))
    made.push(root)
    const sources = join(root, 'labs')
    const compiled = join(root, 'lib', 'labs')
    mkdirSync(sources)
    mkdirSync(compiled, { recursive: true })
    const at = (path: string, seconds: number) => {
      writeFileSync(path, '')
      utimesSync(path, seconds, seconds)
    }
    at(join(sources, 'fresh.ts'), 100)
    at(join(compiled, 'fresh.js'), 200)
    at(join(sources, 'edited.ts'), 300)
    at(join(compiled, 'edited.js'), 200)
    at(join(sources, 'new-lab.ts'), 100)
    at(join(sources, 'types.d.ts'), 900)
    expect(staleLabSources(sources, compiled)).toEqual([
      'labs/edited.ts changed since it was compiled, so decklab runs its old code: run `npm run build`',
      'labs/new-lab.ts is not compiled yet, so decklab does not know it: run `npm run build`',
    ])
  })

  it('names a compiled lab whose source was removed or renamed, which decklab still runs', () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-stale-'))
    made.push(root)
    const sources = join(root, 'labs')
    const compiled = join(root, 'lib', 'labs')
    mkdirSync(join(sources, 'common'), { recursive: true })
    mkdirSync(join(compiled, 'common'), { recursive: true })
    for (const name of ['kept.ts', 'renamed-to.ts', 'common/shared.ts'])
      writeFileSync(join(sources, name), '')
    for (const name of ['kept.js', 'renamed-to.js', 'old-name.js', 'gone.js', 'common/shared.js'])
      writeFileSync(join(compiled, name), '')
    writeFileSync(join(compiled, 'catalog.json'), '{}')
    expect(staleLabSources(sources, compiled)).toEqual([
      'labs/gone.ts is gone (removed or renamed), but decklab still runs its compiled lib/labs/gone.js: run `npm run build`',
      'labs/old-name.ts is gone (removed or renamed), but decklab still runs its compiled lib/labs/old-name.js: run `npm run build`',
    ])
  })

  // A lab taking code from labs/common/ ran that code old, after an edit there not compiled,
  // without the word an edit of the lab itself gets.
  it('names shared code in a subfolder edited since it was compiled', () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-stale-'))
    made.push(root)
    const sources = join(root, 'labs')
    const compiled = join(root, 'lib', 'labs')
    mkdirSync(join(sources, 'common', 'deeper'), { recursive: true })
    mkdirSync(join(sources, 'peers'), { recursive: true })
    mkdirSync(join(compiled, 'common', 'deeper'), { recursive: true })
    const at = (path: string, seconds: number) => {
      writeFileSync(path, '')
      utimesSync(path, seconds, seconds)
    }
    at(join(sources, 'a-lab.ts'), 100)
    at(join(compiled, 'a-lab.js'), 200)
    at(join(sources, 'common', 'handshake.ts'), 300)
    at(join(compiled, 'common', 'handshake.js'), 200)
    at(join(sources, 'common', 'names.ts'), 100)
    at(join(compiled, 'common', 'names.js'), 200)
    at(join(sources, 'common', 'deeper', 'frames.ts'), 300)
    at(join(compiled, 'common', 'deeper', 'frames.js'), 200)
    at(join(sources, 'peers', 'peer.py'), 900)
    expect(staleLabSources(sources, compiled)).toEqual([
      'labs/common/deeper/frames.ts changed since it was compiled, so decklab runs its old code: run `npm run build`',
      'labs/common/handshake.ts changed since it was compiled, so decklab runs its old code: run `npm run build`',
    ])
  })

  it('says nothing without sources (an installed package)', () => {
    expect(staleLabSources(join(tmpdir(), 'decklab-no-such-folder'), tmpdir())).toEqual([])
  })

  // An installed package ships labs/peers/ beside lib/labs/: every `lab run` and `verify` of a
  // student warned that each of its labs was gone, and told them to run `npm run build`.
  it('says nothing of an installed package, whose labs/ holds the peers alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-stale-'))
    made.push(root)
    const sources = join(root, 'labs')
    const compiled = join(root, 'lib', 'labs')
    mkdirSync(join(sources, 'peers'), { recursive: true })
    mkdirSync(compiled, { recursive: true })
    writeFileSync(join(sources, 'peers', 'common.py'), '')
    writeFileSync(join(compiled, 'some-lab.js'), '')
    expect(staleLabSources(sources, compiled)).toEqual([])
  })
})
