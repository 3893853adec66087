import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { readMedia } from '../../src/media/read-media.js'
import { tempProject } from '../support/project.js'
import { makeNote } from '../sync/desired-note.js'

describe('readMedia', () => {
  it('reads each file once, names it by its bytes, and makes one entry of the same bytes', async () => {
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
    expect(media.entries.map((entry) => new TextDecoder().decode(entry.data))).toEqual([
      'same',
      'other',
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
})
