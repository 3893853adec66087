// The sync record is only trusted whole: a damaged one (bad JSON, or a note
// entry a sync could not act on) is kept aside, or left alone by a dry run.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  forgetUnusedMedia,
  readSyncRecord,
  type SyncRecord,
  writeSyncRecord,
} from '../../src/sync/sync-record.js'
import { tempProject } from '../support/project.js'

const folder = () => tempProject({}, 'decklab-sync-record-')

const now = new Date(1_700_000_000_000)
const url = 'http://127.0.0.1:8765/'
const good: SyncRecord = {
  version: 1,
  url,
  vaults: ['/v'],
  notes: { '1': { hash: 'h', deck: 'D', file: '/v/a.md', media: ['a.png'] } },
  media: { 'a.png': 'm' },
  pending: false,
}

describe('readSyncRecord', () => {
  it('reads a good record, and starts empty without one', async () => {
    const dir = await folder()
    const path = join(dir, 'r.json')
    expect((await readSyncRecord(path, url, ['/v'], now)).kind).toBe('missing')
    writeFileSync(path, JSON.stringify(good))
    const read = await readSyncRecord(path, url, ['/v'], now)
    expect(read).toMatchObject({ kind: 'ok', record: { notes: good.notes } })
  })

  it('is saved through a symbolic link, which stays', async () => {
    const dir = await folder()
    mkdirSync(join(dir, 'elsewhere'))
    const path = join(dir, 'r.json')
    symlinkSync(join(dir, 'elsewhere', 'r.json'), path)
    await writeSyncRecord(path, good)
    expect(lstatSync(path).isSymbolicLink()).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'elsewhere', 'r.json'), 'utf8'))).toEqual(good)
    expect((await readSyncRecord(path, url, ['/v'], now)).kind).toBe('ok')
  })

  it.each([
    ['text that is no JSON', '{'],
    [
      'a note whose media is no list',
      JSON.stringify({ ...good, notes: { '1': { ...good.notes['1'], media: 'x' } } }),
    ],
    [
      'a note without its hash',
      JSON.stringify({ ...good, notes: { '1': { deck: 'D', file: '/v/a.md' } } }),
    ],
    ['media hashes that are no text', JSON.stringify({ ...good, media: { 'a.png': 1 } })],
  ])('keeps %s aside and starts empty; a dry run leaves it where it is', async (_what, text) => {
    const dir = await folder()
    const path = join(dir, 'r.json')
    writeFileSync(path, text)
    const dry = await readSyncRecord(path, url, ['/v'], now, { dryRun: true })
    expect(dry).toMatchObject({ kind: 'damaged', keptAs: undefined, record: { notes: {} } })
    expect(readFileSync(path, 'utf8')).toBe(text)
    const read = await readSyncRecord(path, url, ['/v'], now)
    expect(read).toMatchObject({ kind: 'damaged', keptAs: `${path}.damaged-${now.getTime()}` })
    expect(existsSync(path)).toBe(false)
    expect(readFileSync(`${path}.damaged-${now.getTime()}`, 'utf8')).toBe(text)
  })

  it('takes a folder where the record should be as damaged, not as missing', async () => {
    const dir = await folder()
    const path = join(dir, 'r.json')
    mkdirSync(path)
    const read = await readSyncRecord(path, url, ['/v'], now)
    expect(read.kind).toBe('damaged')
    expect(readdirSync(dir)).toEqual([`r.json.damaged-${now.getTime()}`])
  })
})

describe('forgetUnusedMedia', () => {
  const record = (notes: SyncRecord['notes']): SyncRecord => ({
    version: 1,
    url,
    vaults: ['/v'],
    notes,
    media: { 'a-1.png': 'h1', 'a-2.png': 'h2', 'b.png': 'hb', 'c.png': 'hc' },
    mediaFiles: {
      'a-1.png': { path: '/v/a.png', stat: 's1' },
      'a-2.png': { path: '/v/a.png', stat: 's2' },
      'b.png': { path: '/v/b.png', stat: 'sb' },
      'c.png': { path: '/v/c.png', stat: 'sc' },
    },
    pending: false,
  })

  it('keeps the media the notes of the record or of this sync show, and forgets the rest', () => {
    const synced = record({
      '1': { hash: 'h', deck: 'D', file: '/v/a.md', media: ['a-2.png'] },
      '2': { hash: 'h', deck: 'D', file: '/v/n.md', media: [] },
    })
    // c.png: a note this sync showed it in (Anki refused the note; it is tried again).
    forgetUnusedMedia(synced, ['c.png'])
    expect(synced.media).toEqual({ 'a-2.png': 'h2', 'c.png': 'hc' })
    expect(Object.keys(synced.mediaFiles ?? {})).toEqual(['a-2.png', 'c.png'])
    expect(synced.notes['1']?.media).toEqual(['a-2.png'])
  })

  it('keeps all of it when a note entry does not list its media (an older decklab wrote it)', () => {
    const older = record({
      '1': { hash: 'h', deck: 'D', file: '/v/a.md', media: ['a-2.png'] },
      '2': { hash: 'h', deck: 'D', file: '/v/b.md' },
    })
    forgetUnusedMedia(older, [])
    expect(older).toEqual(
      record({
        '1': { hash: 'h', deck: 'D', file: '/v/a.md', media: ['a-2.png'] },
        '2': { hash: 'h', deck: 'D', file: '/v/b.md' },
      }),
    )
  })
})
