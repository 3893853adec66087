import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { type AnkiServer, ankiUnavailable, loggedActions, readOnlyActions } from './anki-server.js'
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

/** The name decklab gives a media file: its stem, 16 hex digits of its SHA-256, its extension. */
const contentName = (stem: string, content: string, extension: string) =>
  `${stem}-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.${extension}`

/** The media names the vault's sync record lists, in `media` and in `mediaFiles`. */
async function recordedMedia(cwd: string): Promise<{ media: string[]; files: string[] }> {
  const [name] = await readdir(join(cwd, 'state', 'sync'))
  const record = JSON.parse(await readFile(join(cwd, 'state', 'sync', name as string), 'utf8'))
  return { media: Object.keys(record.media).sort(), files: Object.keys(record.mediaFiles).sort() }
}

async function backOf(server: AnkiServer, id: number): Promise<string> {
  const [info] = await server.call<Array<{ fields: Record<string, { value: string }> }>>(
    'notesInfo',
    { notes: [id] },
  )
  return info?.fields.Back?.value ?? ''
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of media named by its bytes${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("stores another vault's file of the same path beside it, and the same bytes once", async () => {
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
      expect(a.json.media).toEqual([contentName('pic', "vault A's picture", 'png')])

      // Vault B's pic.png has other bytes, so another name: stored beside A's.
      const b = syncVault(cwd, 'b', server)
      expect(b.code, b.stderr).toBe(0)
      expect(b.json.media).toEqual([contentName('pic', "vault B's picture", 'png')])
      expect(b.json.diagnostics).toEqual([])
      expect(await ankiMedia(server, a.json.media[0] as string)).toBe("vault A's picture")
      expect(await ankiMedia(server, b.json.media[0] as string)).toBe("vault B's picture")
      expect(await backOf(server, b.json.added[0]!.id)).toContain(b.json.media[0])

      // Vault C's file is the very same as A's: recorded, not stored again, not asked for again.
      const c = syncVault(cwd, 'c', server)
      expect(c.code, c.stderr).toBe(0)
      expect(c.json.media).toEqual([])
      expect(c.json.diagnostics).toEqual([])
      expect(await backOf(server, c.json.added[0]!.id)).toContain(a.json.media[0])
      await server.stop()
      const stores = loggedActions(join(cwd, 'first.log')).filter(
        (action) => action === 'storeMediaFile',
      )
      expect(stores).toHaveLength(2)
      server = await anki(cwd, 'second.log', server.port)
      expect(syncVault(cwd, 'c', server).json).toMatchObject({ media: [], writes: 0 })
      await server.stop()
      const second = loggedActions(join(cwd, 'second.log'))
      expect(second).not.toContain('retrieveMediaFile')
      expect(second).not.toContain('storeMediaFile')
    })

    it('never overwrites a file of its name that it did not store', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/pic.png': "vault A's picture",
      })
      const server = await anki(cwd, 'taken.log')
      const name = contentName('pic', "vault A's picture", 'png')
      // Put there by hand, with other bytes.
      await server.call('storeMediaFile', {
        filename: name,
        data: Buffer.from('a file put there by hand').toString('base64'),
      })
      const refused = syncVault(cwd, 'a', server)
      expect(refused.code).toBe(1)
      expect(refused.json.media).toEqual([])
      expect(refused.json.diagnostics).toEqual([
        expect.objectContaining({ code: 'media-name-taken', file: 'pic.png', severity: 'error' }),
      ])
      // With --json the problem is on stderr too, and nothing else is.
      expect(refused.stderr).toMatch(
        /^pic\.png:\d+:\d+ error media-name-taken .*\n1 error, 0 warnings\n$/s,
      )
      expect(await ankiMedia(server, name)).toBe('a file put there by hand')
      // Still refused on the next run.
      expect(syncVault(cwd, 'a', server).json.diagnostics.map((d) => d.code)).toEqual([
        'media-name-taken',
      ])
    })

    it('stores a changed picture under a new name and points the note at it; an unchanged sync then does nothing', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/pic.png': "vault A's picture",
      })
      let server = await anki(cwd, 'changed.log')
      const first = syncVault(cwd, 'a', server)
      expect(first.code, first.stderr).toBe(0)
      const id = first.json.added[0]!.id
      const old = contentName('pic', "vault A's picture", 'png')
      expect(first.json.media).toEqual([old])
      expect(await backOf(server, id)).toContain(`src="${old}"`)

      await writeFile(join(cwd, 'a', 'pic.png'), "vault A's second picture")
      const changed = syncVault(cwd, 'a', server)
      expect(changed.code, changed.stderr).toBe(0)
      const renamed = contentName('pic', "vault A's second picture", 'png')
      expect(changed.json.media).toEqual([renamed])
      expect(changed.json.updated.map((entry) => entry.id)).toEqual([id])
      expect(await ankiMedia(server, renamed)).toBe("vault A's second picture")
      expect(await backOf(server, id)).toContain(`src="${renamed}"`)
      // The older file is left in Anki's media (the same bytes may be another note's).
      expect(await ankiMedia(server, old)).toBe("vault A's picture")
      await server.stop()

      // Nothing changed since: nothing stored, asked for or written.
      server = await anki(cwd, 'unchanged.log', server.port)
      const again = syncVault(cwd, 'a', server)
      expect(again.code, again.stderr).toBe(0)
      expect(again.json).toMatchObject({ media: [], writes: 0, updated: [], added: [] })
      await server.stop()
      const actions = loggedActions(join(cwd, 'unchanged.log'))
      expect(actions.filter((action) => !readOnlyActions.has(action))).toEqual([])
      expect(actions).not.toContain('retrieveMediaFile')
    })

    // A picture saved while a sync ran, after the sync had taken its bytes, was stamped as it was
    // at the end of that sync: the next sync took the stamp for the bytes Anki had, and kept the
    // note as synced, so Anki showed the old picture until the file changed again.
    it('stores a picture saved while the sync ran, after its bytes were taken, at the next sync', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/pic.png': "vault A's picture",
      })
      const server = await anki(cwd, 'saved-meanwhile.log')
      const first = syncVault(cwd, 'a', server)
      expect(first.code, first.stderr).toBe(0)
      const id = first.json.added[0]!.id
      // The note's text changes, so the next sync renders it and takes the picture's bytes again.
      const text = await readFile(join(cwd, 'a', 'a.md'), 'utf8')
      await writeFile(join(cwd, 'a', 'a.md'), text.replace('What does A show', 'What does A draw'))
      const hook = new URL('../support/after-media-open.mjs', import.meta.url).href
      const during = runDecklab(['sync', '--url', server.url, '--json'], {
        cwd: join(cwd, 'a'),
        env: {
          DECKLAB_STATE_DIR: join(cwd, 'state'),
          NODE_OPTIONS: `--import=${hook}`,
          HOOK_MEDIA: 'pic.png',
          // Saved as editors save (a new file renamed over it), and old by the time the sync ends.
          HOOK_AFTER_MEDIA_OPEN:
            "printf 'the picture saved meanwhile' > .pic.new && mv .pic.new pic.png && sleep 0.3",
        },
        timeoutMs: 120_000,
      })
      expect(during.code, during.stderr).toBe(0)
      const next = syncVault(cwd, 'a', server)
      expect(next.code, next.stderr).toBe(0)
      const saved = contentName('pic', 'the picture saved meanwhile', 'png')
      expect(next.json.media).toEqual([saved])
      expect(await ankiMedia(server, saved)).toBe('the picture saved meanwhile')
      expect(await backOf(server, id)).toContain(`src="${saved}"`)
      await server.stop()
    })

    it('forgets the older versions of a picture in its record; an unchanged sync still only reads', async () => {
      const cwd = await workspace({
        'a/.obsidian/app.json': '{}',
        'a/a.md': note('What does A show?'),
        'a/b.md': 'START\nBasic\nWhat does B show?\nBack: ![[other.png]]\nEND\n',
        'a/pic.png': 'version 1',
        'a/other.png': 'the other picture',
      })
      let server = await anki(cwd, 'versions.log')
      expect(syncVault(cwd, 'a', server).code).toBe(0)
      const other = contentName('other', 'the other picture', 'png')
      const names = ['version 1', 'version 2', 'version 3'].map((bytes) =>
        contentName('pic', bytes, 'png'),
      )
      for (const [index, bytes] of ['version 2', 'version 3'].entries()) {
        await writeFile(join(cwd, 'a', 'pic.png'), bytes)
        const changed = syncVault(cwd, 'a', server)
        expect(changed.code, changed.stderr).toBe(0)
        expect(changed.json.media).toEqual([names[index + 1]])
      }
      // Only what the notes show now: version 3 and the other note's picture.
      const kept = [names[2]!, other].sort()
      expect(await recordedMedia(cwd)).toEqual({ media: kept, files: kept })
      // Each version is still in Anki's media (the same bytes may be another note's).
      for (const [index, name] of names.entries()) {
        expect(await ankiMedia(server, name)).toBe(`version ${index + 1}`)
      }
      await server.stop()

      server = await anki(cwd, 'versions-unchanged.log', server.port)
      const again = syncVault(cwd, 'a', server)
      expect(again.code, again.stderr).toBe(0)
      expect(again.json).toMatchObject({ media: [], writes: 0, updated: [], added: [] })
      await server.stop()
      expect(loggedActions(join(cwd, 'versions-unchanged.log'))).toEqual(['version', 'findNotes'])
      expect(await recordedMedia(cwd)).toEqual({ media: kept, files: kept })

      // Back to a forgotten version: Anki's file of that name is asked for, found the same, and
      // the note is pointed at it; nothing is stored.
      await writeFile(join(cwd, 'a', 'pic.png'), 'version 1')
      server = await anki(cwd, 'versions-back.log', server.port)
      const back = syncVault(cwd, 'a', server)
      expect(back.code, back.stderr).toBe(0)
      expect(back.json).toMatchObject({ media: [], diagnostics: [] })
      expect(back.json.updated).toHaveLength(1)
      await server.stop()
      const backActions = loggedActions(join(cwd, 'versions-back.log'))
      expect(backActions).toContain('retrieveMediaFile')
      expect(backActions).not.toContain('storeMediaFile')
      expect(await recordedMedia(cwd)).toEqual({
        media: [names[0]!, other].sort(),
        files: [names[0]!, other].sort(),
      })
    })
  },
)
