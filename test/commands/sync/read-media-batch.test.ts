/**
 * Sync reads a batch of media as it stores it, not when it renders the
 * notes: a file that changed or went in between is reported and left out,
 * never stored under the name of other bytes.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readMediaBatch } from '../../../src/commands/sync/store-media.js'
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js'

const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('readMediaBatch', () => {
  it('gives the bytes of files still as they were named, and reports the changed and the gone', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-media-batch-'))
    folders.push(cwd)
    const entry = (file: string, named: string) => ({
      name: `${file}-${sha256(named).slice(0, 16)}.png`,
      hash: sha256(named),
      size: named.length,
      sourcePath: join(cwd, `${file}.png`),
      stat: 'missing',
    })
    await writeFile(join(cwd, 'same.png'), 'as named')
    await writeFile(join(cwd, 'changed.png'), 'edited since')
    const batch = [entry('same', 'as named'), entry('changed', 'as named'), entry('gone', 'x')]
    const diagnostics: Diagnostic[] = []
    const read = await readMediaBatch(batch, cwd, diagnostics)
    expect(read.map((file) => [file.name, file.data.toString()])).toEqual([
      [batch[0]!.name, 'as named'],
    ])
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.file])).toEqual([
      ['media-changed', 'changed.png'],
      ['media-unreadable', 'gone.png'],
    ])
    expect(diagnostics.every((diagnostic) => diagnostic.severity === 'error')).toBe(true)
    expect(diagnostics[0]!.message).toContain(batch[1]!.name)
  })
})
