import { writeFile } from 'node:fs/promises'
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
      // With --json the problem is on stderr too, and nothing else is.
      expect(b.stderr).toMatch(
        /^pic\.png:\d+:\d+ error media-name-taken .*\n1 error, 0 warnings\n$/s,
      )
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

    it('replaces its own earlier copy of a changed file, but not a file another vault stored meanwhile', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/pic.png': "vault A's picture",
        'b/.obsidian/app.json': '{}',
        'b/b.md': note('What does B show?'),
        'b/pic.png': "vault B's picture",
      })
      const server = await anki(cwd, 'changed.log')
      const first = syncVault(cwd, 'a', server)
      expect(first.code, first.stderr).toBe(0)
      const name = first.json.media[0] as string
      // A's own file, changed in the vault: stored over A's older copy.
      await writeFile(join(cwd, 'a', 'pic.png'), "vault A's second picture")
      const changed = syncVault(cwd, 'a', server)
      expect(changed.code, changed.stderr).toBe(0)
      expect(changed.json.media).toEqual([name])
      expect(await ankiMedia(server, name)).toBe("vault A's second picture")
      // Deleted in Anki, then B stores its own file under the name.
      await server.call('deleteMediaFile', { filename: name })
      const b = syncVault(cwd, 'b', server)
      expect(b.code, b.stderr).toBe(0)
      expect(await ankiMedia(server, name)).toBe("vault B's picture")
      // A's file changes again: B's file is not A's to replace.
      await writeFile(join(cwd, 'a', 'pic.png'), "vault A's third picture")
      const refused = syncVault(cwd, 'a', server)
      expect(refused.code).toBe(1)
      expect(refused.json.diagnostics.map((d) => d.code)).toEqual(['media-name-taken'])
      expect(await ankiMedia(server, name)).toBe("vault B's picture")
      await server.stop()
    })
  },
)
