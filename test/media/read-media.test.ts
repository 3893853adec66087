import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { hashMedia, readMedia, rereadMedia } from '../../src/media/read-media.js'
import { tempProject } from '../support/project.js'
import { makeNote } from '../sync/desired-note.js'

describe('readMedia', () => {
  it('reads each file once, names it by its bytes, and makes one entry of the same bytes, holding none', async () => {
    const cwd = await tempProject({
      'a/pic.png': 'same',
      'b/pic.png': 'same',
      'c/pic.png': 'other',
    })
    const files = ['a', 'b', 'c'].map((folder) => join(cwd, folder, 'pic.png'))
    const rendered = [
      { media: [{ name: 'pic-1.png', sourcePath: files[0]! }] },
      { media: [{ name: 'pic-2.png', sourcePath: files[1]! }] },
      {
        media: [
          { name: 'pic-3.png', sourcePath: files[2]! },
          { name: 'pic-1.png', sourcePath: files[0]! },
        ],
      },
    ]
    const notes = [makeNote(1), makeNote(2), makeNote(3)]
    const hashed: string[] = []
    const diagnostics: Diagnostic[] = []
    const media = await readMedia(rendered, notes, diagnostics, (path, hash) => {
      hashed.push(path)
      return `pic-${hash.slice(0, 4)}.png`
    })
    expect(hashed).toEqual(files)
    expect(diagnostics).toEqual([])
    // Each entry is the file to copy when the package is written, with its size and CRC-32, not its bytes.
    expect(media.entries.map((entry) => entry.data)).toEqual([
      { path: files[0], size: 4, crc32: crc32('same') },
      { path: files[2], size: 5, crc32: crc32('other') },
    ])
    expect(media.names.get(files[0]!)).toBe(media.names.get(files[1]!))
    expect(media.names.get(files[2]!)).not.toBe(media.names.get(files[0]!))
    expect(Object.keys(media.stats)).toEqual(files)
  })

  it('refuses two files of different bytes that get one name (media-name-clash)', async () => {
    const cwd = await tempProject({ 'a/pic.png': 'one', 'b/pic.png': 'two' })
    const rendered = [
      { media: [{ name: 'pic-1.png', sourcePath: join(cwd, 'a/pic.png') }] },
      { media: [{ name: 'pic-1.png', sourcePath: join(cwd, 'b/pic.png') }] },
    ]
    const diagnostics: Diagnostic[] = []
    const media = await readMedia(
      rendered,
      [makeNote(1), makeNote(2)],
      diagnostics,
      () => 'pic-x.png',
    )
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['media-name-clash'])
    expect(media.entries).toHaveLength(1)
    expect(media.names.has(join(cwd, 'b/pic.png'))).toBe(false)
  })

  it('hashMedia names and sizes the files as readMedia does without keeping their bytes', async () => {
    // Larger than one piece of the hash's buffer, so the pieces are put together.
    const big = 'x'.repeat(200 * 1024 + 7)
    const cwd = await tempProject({ 'a/pic.png': big, 'b/pic.png': big, 'c/pic.png': 'other' })
    const rendered = ['a', 'b', 'c', 'missing'].map((folder, index) => ({
      media: [{ name: `pic-${index}.png`, sourcePath: join(cwd, folder, 'pic.png') }],
    }))
    const notes = [makeNote(1), makeNote(2), makeNote(3), makeNote(4)]
    const name = (_path: string, hash: string) => `pic-${hash.slice(0, 16)}.png`
    const readDiagnostics: Diagnostic[] = []
    const read = await readMedia(rendered, notes, readDiagnostics, name)
    const hashDiagnostics: Diagnostic[] = []
    const hashed = await hashMedia(rendered, notes, hashDiagnostics, name)
    expect(hashDiagnostics).toEqual(readDiagnostics)
    expect(readDiagnostics.map((diagnostic) => diagnostic.code)).toEqual(['media-unreadable'])
    expect(hashed.names).toEqual(read.names)
    expect(hashed.stats).toEqual(read.stats)
    // With each file's size, which `check` counts against what a package holds.
    expect(hashed.entries).toEqual(
      read.entries.map(({ data, ...entry }) => ({
        ...entry,
        size: 'size' in data ? data.size : data.length,
      })),
    )
    expect(hashed.entries.map((entry) => 'data' in entry)).toEqual([false, false])
    // Each is read again, whole, when it is copied.
    const copied = await Promise.all(hashed.entries.map((entry) => rereadMedia(entry, [])))
    expect(copied.map((data) => Buffer.from(data!).toString())).toEqual([big, 'other'])
  })

  it('rereadMedia warns of a file changed since it was named, and reports one gone', async () => {
    const cwd = await tempProject({ 'a/pic.png': 'one', 'b/pic.png': 'two' })
    const rendered = ['a', 'b'].map((folder) => ({
      media: [{ name: `${folder}.png`, sourcePath: join(cwd, folder, 'pic.png') }],
    }))
    const { entries } = await hashMedia(
      rendered,
      [makeNote(1), makeNote(2)],
      [],
      (_path, hash) => `pic-${hash.slice(0, 8)}.png`,
    )
    await writeFile(join(cwd, 'a/pic.png'), 'changed')
    await writeFile(join(cwd, 'b/pic.png'), 'two')
    const diagnostics: Diagnostic[] = []
    expect(Buffer.from((await rereadMedia(entries[0]!, diagnostics))!).toString()).toBe('changed')
    expect(Buffer.from((await rereadMedia(entries[1]!, diagnostics))!).toString()).toBe('two')
    expect(diagnostics.map(({ code, severity }) => [code, severity])).toEqual([
      ['media-changed', 'warning'],
    ])
    await rm(join(cwd, 'b/pic.png'))
    expect(await rereadMedia(entries[1]!, diagnostics)).toBeUndefined()
    expect(diagnostics.map(({ code }) => code)).toEqual(['media-changed', 'media-unreadable'])
  })
})
