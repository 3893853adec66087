import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importLabsFrom } from '../../src/labs/registry.js'
import { packageRoot } from '../../src/package-info.js'

let directory: string | undefined
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true })
})

const goodLab = `export default {
  id: 'good-lab', title: 'A lab', summary: 'Shows a thing.', requires: [], checks: ['works'],
  serve: null, async run() {},
}\n`

describe('the lab registry', () => {
  it('keeps the valid labs and reports a module that fails to import or validate', async () => {
    directory = await mkdtemp(join(tmpdir(), 'dl-registry-'))
    await writeFile(join(directory, 'good-lab.mjs'), goodLab)
    await writeFile(join(directory, 'throws-lab.mjs'), "throw new Error('boom at import')\n")
    await writeFile(join(directory, 'wrong-id.mjs'), goodLab)

    const loaded = await importLabsFrom(directory, '.mjs')
    // Named by the source a lab's author edits (labs/<id>.ts), whatever module was imported.

    expect(loaded.labs.map((lab) => lab.id)).toEqual(['good-lab'])
    expect([...loaded.broken.keys()]).toEqual(['throws-lab', 'wrong-id'])
    // Where the module's top level threw, as a lab's run that throws says it: the
    // message alone (an ENOENT of a data file it reads) named no line to fix.
    const place = relative(packageRoot(), join(directory, 'throws-lab.mjs'))
    expect(loaded.broken.get('throws-lab')).toBe(
      `labs/throws-lab.ts: cannot import: boom at import (at ${place}:1:7)`,
    )
    expect(loaded.broken.get('wrong-id')).toBe(
      'labs/wrong-id.ts: id `good-lab` must equal the file name `wrong-id`',
    )
  })
})
