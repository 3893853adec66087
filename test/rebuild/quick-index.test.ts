import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { OutputRecord } from '../../src/rebuild/build-state.js'
import type { MediaSearchRecord } from '../../src/rebuild/media-lookups.js'
import { readQuickIndex, writeQuickIndex } from '../../src/rebuild/quick-index.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function indexPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'decklab-index-'))
  folders.push(folder)
  return join(folder, '.decklab-build', 'index.json')
}

const key = `code\0["/project",[],null,null]"labs"/project/notes\0${'4096:1:1'}\0`

function record(overrides: Partial<OutputRecord> = {}): OutputRecord {
  return {
    inputHash: 'b'.repeat(64),
    quickKey: key,
    size: 1234,
    mtimeMs: 1764504000123.4568,
    files: { '/vault/.decklab.json': 'missing' },
    warnings: [
      {
        file: 'notes/a.md',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 9,
        severity: 'warning',
        code: 'unsafe-html-removed',
        message: 'Unexpected `<script>`, expected safe HTML',
      },
    ],
    loadWarnings: 0,
    summary: { notes: 2, cards: 3, media: 0, decks: ['Sockets'] },
    ...overrides,
  }
}

describe('the quick index (the last build’s package record, read without the build state)', () => {
  it('gives back the package and record written for the same key', async () => {
    const path = indexPath()
    const entry = { output: '/project/dist/Sockets.apkg', record: record() }
    await writeQuickIndex(path, entry)
    expect(readQuickIndex(path, key)).toEqual(entry)
  })

  it('has nothing for another key (the inputs changed)', async () => {
    const path = indexPath()
    await writeQuickIndex(path, { output: '/project/dist/Sockets.apkg', record: record() })
    expect(readQuickIndex(path, `${key}/project/notes/new.md\0`)).toBeUndefined()
  })

  it('has nothing when the file is missing', () => {
    expect(readQuickIndex(indexPath(), key)).toBeUndefined()
  })

  it('has nothing when the file is damaged', async () => {
    const path = indexPath()
    await writeQuickIndex(path, { output: '/project/dist/Sockets.apkg', record: record() })
    const damaged = [
      '',
      '{"',
      'null',
      '[]',
      // The index as earlier versions wrote it: hashed key → output path.
      JSON.stringify({ [key]: '/project/dist/Sockets.apkg' }),
      JSON.stringify({ output: 7, record: record() }),
      JSON.stringify({ output: '/project/dist/Sockets.apkg' }),
      JSON.stringify({ record: record() }),
    ]
    for (const text of damaged) {
      writeFileSync(path, text)
      expect(readQuickIndex(path, key), text).toBeUndefined()
    }
  })

  it('has nothing when the record is incomplete or of another build', async () => {
    const path = indexPath()
    await writeQuickIndex(path, { output: '/project/x.apkg', record: record() })
    expect(readQuickIndex(path, key)?.record).toEqual(record())
    const mediaSearch: MediaSearchRecord = {
      searches: [{ vaultRoot: '/vault', name: 'a.png', found: '/vault/m/a.png', exact: true }],
      folders: { '/vault': { stat: '4096:1:1', listing: 'm/' } },
    }
    await writeQuickIndex(path, { output: '/project/x.apkg', record: record({ mediaSearch }) })
    expect(readQuickIndex(path, key)?.record).toEqual(record({ mediaSearch }))
    const { size: _size, ...withoutSize } = record()
    const bad: unknown[] = [
      withoutSize,
      record({ quickKey: `${key}x` }),
      record({ quickKey: undefined }),
      record({ mtimeMs: '1764504000123' as unknown as number }),
      record({ files: { '/vault/.decklab.json': 5 as unknown as string } }),
      record({ warnings: [{ file: 'notes/a.md' }] as unknown as OutputRecord['warnings'] }),
      record({ loadWarnings: undefined as unknown as number }),
      record({ mediaSearch: { searches: [{}], folders: {} } as unknown as MediaSearchRecord }),
      record({
        mediaSearch: { searches: [], folders: { '/vault': 'x' } } as unknown as MediaSearchRecord,
      }),
      record({ loadWarnings: 2 }),
      record({ summary: { notes: 2, cards: 3, media: 0, decks: [1] as unknown as string[] } }),
      record({ summary: undefined as unknown as OutputRecord['summary'] }),
    ]
    for (const value of bad) {
      writeFileSync(path, JSON.stringify({ output: '/project/x.apkg', record: value }))
      expect(readQuickIndex(path, key), JSON.stringify(value)).toBeUndefined()
    }
  })
})
