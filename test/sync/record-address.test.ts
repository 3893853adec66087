import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiAddressKey } from '../../src/sync/anki-url.js'
import { legacySyncRecordPath, syncRecordPath } from '../../src/sync/sync-record.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, type SyncJson, workspace } from './sync-fixture.js'

describe('ankiAddressKey', () => {
  it('spells every loopback name, default port and trailing slash of one Anki alike', () => {
    const key = ankiAddressKey('http://127.0.0.1:8765/')
    for (const spelling of [
      'http://127.0.0.1:8765',
      'http://localhost:8765/',
      'http://LOCALHOST:8765',
      'http://[::1]:8765/',
      'http://[0:0:0:0:0:0:0:1]:8765',
    ]) {
      expect(ankiAddressKey(spelling), spelling).toBe(key)
    }
    expect(ankiAddressKey('http://localhost/')).toBe(ankiAddressKey('http://127.0.0.1:80'))
    expect(ankiAddressKey('http://localhost:8765/anki/')).toBe(
      ankiAddressKey('http://127.0.0.1:8765/anki'),
    )
  })

  it('keeps other Ankis apart', () => {
    const key = ankiAddressKey('http://127.0.0.1:8765/')
    expect(ankiAddressKey('http://127.0.0.1:8766/')).not.toBe(key)
    expect(ankiAddressKey('http://127.0.0.2:8765/')).not.toBe(key)
    expect(ankiAddressKey('https://127.0.0.1:8765/')).not.toBe(key)
    expect(ankiAddressKey('http://192.0.2.1:8765/')).not.toBe(key)
  })

  it('gives one record file for every spelling, and the old one by the spelling', () => {
    const vaults = ['/v']
    expect(syncRecordPath('/s', 'http://localhost:8765/', vaults)).toBe(
      syncRecordPath('/s', 'http://127.0.0.1:8765/', vaults),
    )
    expect(legacySyncRecordPath('/s', 'http://localhost:8765/', vaults)).not.toBe(
      legacySyncRecordPath('/s', 'http://127.0.0.1:8765/', vaults),
    )
    expect(legacySyncRecordPath('/s', 'http://localhost:8765/', vaults)).not.toBe(
      syncRecordPath('/s', 'http://localhost:8765/', vaults),
    )
  })
})

const note = (front: string) => `START\nBasic\n${front}\nBack: b\nEND\n`

function syncAt(cwd: string, url: string, ...args: string[]) {
  const run = runDecklab(['sync', '--url', url, '--json', ...args], {
    cwd,
    env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
    timeoutMs: 120_000,
  })
  return { ...run, json: JSON.parse(run.stdout) as SyncJson }
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync's record of one Anki under several addresses${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('is one record whichever loopback name, port spelling or slash --url uses', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?'), 'notes/b.md': note('Beta?') })
      const server = await anki(cwd)
      expect(syncAt(cwd, `http://127.0.0.1:${server.port}/`).code).toBe(0)
      const [b] = ids(await readFile(join(cwd, 'notes/b.md'), 'utf8'))
      await writeFile(join(cwd, 'notes/b.md'), '')
      // Another spelling of the same Anki knows what was synced: the removal is made.
      const run = syncAt(cwd, `http://localhost:${server.port}`)
      expect(run.code, run.stderr).toBe(0)
      expect(run.json.deleted).toEqual([{ id: b, reason: 'removed', file: 'notes/b.md' }])
      expect(run.json.unchanged).toBe(1)
      expect(await readdir(join(cwd, 'state', 'sync'))).toHaveLength(1)
    })

    it("keeps reading a record an older decklab kept under the address's spelling", async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?'), 'notes/b.md': note('Beta?') })
      const server = await anki(cwd)
      const url = `http://localhost:${server.port}/`
      expect(syncAt(cwd, url).code).toBe(0)
      // Put the record where decklab 0.1 kept it.
      const folder = join(cwd, 'state', 'sync')
      const [file] = await readdir(folder)
      const vaults = [cwd]
      const legacy = legacySyncRecordPath(join(cwd, 'state'), url, vaults)
      expect(join(folder, file as string)).toBe(syncRecordPath(join(cwd, 'state'), url, vaults))
      await mkdir(folder, { recursive: true })
      await rename(join(folder, file as string), legacy)
      const [b] = ids(await readFile(join(cwd, 'notes/b.md'), 'utf8'))
      await writeFile(join(cwd, 'notes/b.md'), '')
      // A dry run reads it where it is and leaves it there.
      const dry = syncAt(cwd, url, '--dry-run')
      expect(dry.json.deleted).toEqual([{ id: b, reason: 'removed', file: 'notes/b.md' }])
      expect(await readdir(folder)).toEqual([legacy.slice(folder.length + 1)])
      const run = syncAt(cwd, url)
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ unchanged: 1, added: [] })
      expect(run.json.deleted).toEqual([{ id: b, reason: 'removed', file: 'notes/b.md' }])
      expect(await readdir(folder)).toEqual([file])
    })
  },
)
