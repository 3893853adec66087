import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { type AnkiServer, ankiUnavailable, loggedActions } from './anki-server.js'
import { anki, type SyncJson, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: ![[pic.png]]\nEND\n`

/** Sync one vault (run from its root) into `server`, with the workspace's one state folder. */
function syncVault(cwd: string, vault: string, server: AnkiServer) {
  const run = runDecklab(['sync', '--url', server.url, '--json'], {
    cwd: join(cwd, vault),
    env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
    timeoutMs: 120_000,
  })
  return { ...run, json: JSON.parse(run.stdout) as SyncJson }
}

async function ankiMedia(server: AnkiServer, name: string): Promise<string> {
  return Buffer.from(
    await server.call<string>('retrieveMediaFile', { filename: name }),
    'base64',
  ).toString()
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of media whose name another vault's file has in Anki${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('never overwrites a media file it did not store, and records one Anki has already', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/pic.png': "vault A's picture",
        'b/.obsidian/app.json': '{}',
        'b/b.md': note('What does B show?'),
        'b/pic.png': "vault B's picture",
        'c/.obsidian/app.json': '{}',
        'c/c.md': note('What does C show?'),
        'c/pic.png': "vault A's picture",
      })
      let server = await anki(cwd, 'first.log')
      const a = syncVault(cwd, 'a', server)
      expect(a.code, a.stderr).toBe(0)
      const [name] = a.json.media
      expect(name).toMatch(/^pic-[0-9a-f]+\.png$/)

      // Vault B's pic.png gets the same name in Anki: refused, Anki's file kept.
      const b = syncVault(cwd, 'b', server)
      expect(b.code).toBe(1)
      expect(b.json.media).toEqual([])
      expect(b.json.diagnostics).toEqual([
        expect.objectContaining({ code: 'media-name-taken', file: 'pic.png', severity: 'error' }),
      ])
      expect(b.stderr).toBe('')
      expect(await ankiMedia(server, name as string)).toBe("vault A's picture")
      // Still refused on the next run, and A's re-sync has nothing to repair.
      expect(syncVault(cwd, 'b', server).json.diagnostics.map((d) => d.code)).toEqual([
        'media-name-taken',
      ])
      expect(syncVault(cwd, 'a', server).json).toMatchObject({ media: [], writes: 0 })

      // Vault C's file is the very same: recorded, not stored again, not asked for again.
      const c = syncVault(cwd, 'c', server)
      expect(c.code, c.stderr).toBe(0)
      expect(c.json.media).toEqual([])
      expect(c.json.diagnostics).toEqual([])
      await server.stop()
      // Only A's sync stored a file.
      const stores = loggedActions(join(cwd, 'first.log')).filter(
        (action) => action === 'storeMediaFile',
      )
      expect(stores).toHaveLength(1)
      server = await anki(cwd, 'second.log', server.port)
      expect(syncVault(cwd, 'c', server).json).toMatchObject({ media: [], writes: 0 })
      await server.stop()
      const second = loggedActions(join(cwd, 'second.log'))
      expect(second).not.toContain('retrieveMediaFile')
      expect(second).not.toContain('storeMediaFile')
    })
  },
)
