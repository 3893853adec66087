import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  catalogFileName,
  catalogFileText,
  labModulesHash,
  readCatalogFile,
} from '../../src/labs/catalog-file.js'
import { importLabsFrom } from '../../src/labs/registry.js'
import { packageRoot } from '../../src/package-info.js'

let directory: string | undefined
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true })
})

const lab = (id: string, checks: string[]) => `export default {
  id: '${id}', title: 'A lab', summary: 'Shows a thing.', requires: [], checks: ${JSON.stringify(checks)},
  serve: null, async run() {},
}\n`

describe('the compiled lab catalog', () => {
  it('gives the checks the modules declare, and is ignored once a module changes', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-catalog-'))
    await writeFile(join(directory, 'first-lab.js'), lab('first-lab', ['one', 'two']))
    await writeFile(join(directory, 'second-lab.js'), lab('second-lab', ['three']))
    const { labs } = await importLabsFrom(directory, '.js')
    await writeFile(join(directory, catalogFileName), catalogFileText(directory, labs))

    expect(readCatalogFile(directory)).toEqual({
      checks: new Map([
        ['first-lab', ['one', 'two']],
        ['second-lab', ['three']],
      ]),
      broken: new Map(),
      misnamed: new Map(),
    })

    // A new check (or a new lab file) makes the written catalog stale.
    await writeFile(join(directory, 'second-lab.js'), lab('second-lab', ['three', 'four']))
    expect(readCatalogFile(directory)).toBeUndefined()
    await writeFile(join(directory, 'second-lab.js'), lab('second-lab', ['three']))
    expect(readCatalogFile(directory)).toBeDefined()
    await writeFile(join(directory, 'third-lab.js'), lab('third-lab', ['five']))
    expect(readCatalogFile(directory)).toBeUndefined()
  })

  // A lab taking its check names from shared code (`labs/common/names.ts`): `tsc -w` recompiles
  // only lib/labs/common/names.js, and `check` went on accepting the old names and refusing the new.
  it('is ignored once shared code in a subfolder changes', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-catalog-'))
    await mkdir(join(directory, 'common'))
    await writeFile(join(directory, 'common', 'names.js'), "export const names = ['one']\n")
    await writeFile(
      join(directory, 'first-lab.js'),
      `import { names } from './common/names.js'
export default {
  id: 'first-lab', title: 'A lab', summary: 'Shows a thing.', requires: [], checks: names,
  serve: null, async run() {},
}\n`,
    )
    const { labs } = await importLabsFrom(directory, '.js')
    await writeFile(join(directory, catalogFileName), catalogFileText(directory, labs))
    expect(readCatalogFile(directory)?.checks).toEqual(new Map([['first-lab', ['one']]]))

    await writeFile(join(directory, 'common', 'names.js'), "export const names = ['renamed']\n")
    expect(readCatalogFile(directory)).toBeUndefined()
  })

  it('lists a broken lab with why, apart from the labs that load', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-catalog-'))
    await writeFile(join(directory, 'first-lab.js'), lab('first-lab', ['one']))
    await writeFile(join(directory, 'broken-lab.js'), "throw new Error('boom')\n")
    const { labs, broken } = await importLabsFrom(directory, '.js')
    await writeFile(join(directory, catalogFileName), catalogFileText(directory, labs, broken))
    expect(readCatalogFile(directory)).toEqual({
      checks: new Map([['first-lab', ['one']]]),
      broken: new Map([
        [
          'broken-lab',
          `labs/broken-lab.ts: cannot import: boom (at ${relative(packageRoot(), join(directory, 'broken-lab.js'))}:1:7)`,
        ],
      ]),
      misnamed: new Map(),
    })
  })

  it('is ignored when missing or damaged', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-catalog-'))
    await writeFile(join(directory, 'first-lab.js'), lab('first-lab', ['one']))
    expect(readCatalogFile(directory)).toBeUndefined()
    await writeFile(join(directory, catalogFileName), '{"version": 1, "modules": ')
    expect(readCatalogFile(directory)).toBeUndefined()
  })

  // `null` (or a catalog of another shape) whose hash still matched threw a TypeError out of the
  // reader, and `decklab check` said "lab links not checked: Cannot read properties of null".
  it('is ignored when of another shape, its hash matching or not', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-catalog-'))
    await writeFile(join(directory, 'first-lab.js'), lab('first-lab', ['one']))
    const modules = labModulesHash(directory)
    const good = { version: 1, modules, labs: [{ id: 'first-lab', checks: ['one'] }] }
    for (const damaged of [
      null,
      [],
      'catalog',
      7,
      { ...good, modules: 5 },
      { ...good, labs: [null] },
      { ...good, labs: [{ id: 'first-lab', checks: 'one' }] },
      { ...good, labs: [{ id: 'first-lab', checks: [1] }] },
      { ...good, labs: [{ checks: ['one'] }] },
      { ...good, broken: [null] },
      { ...good, broken: [{ id: 'x' }] },
      { ...good, misnamed: [{ declared: 'x', id: 3 }] },
    ]) {
      await writeFile(join(directory, catalogFileName), JSON.stringify(damaged))
      expect(() => readCatalogFile(directory as string), JSON.stringify(damaged)).not.toThrow()
      expect(readCatalogFile(directory as string), JSON.stringify(damaged)).toBeUndefined()
    }
    await writeFile(join(directory, catalogFileName), JSON.stringify(good))
    expect(readCatalogFile(directory)?.checks).toEqual(new Map([['first-lab', ['one']]]))
  })

  // `npm test` compiles first, and the compile writes the catalog.
  const compiledLabs = fileURLToPath(new URL('../../lib/labs', import.meta.url))
  it.runIf(existsSync(join(compiledLabs, catalogFileName)))(
    'the catalog `npm run build` wrote matches the compiled labs',
    async () => {
      const imported = await importLabsFrom(compiledLabs, '.js')
      expect(readCatalogFile(compiledLabs)).toEqual({
        checks: new Map(imported.labs.map((each) => [each.id, each.checks])),
        broken: imported.broken,
        misnamed: imported.misnamed,
      })
    },
  )
})
