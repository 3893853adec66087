/**
 * A build started while a sync runs on the same vault (a Makefile's build
 * beside a cron sync): the sync holds the vault lock build takes to write
 * IDs, so the build waits and reads the IDs Anki gave. Without it, the build
 * handed out IDs past those it had read while Anki gave the synced notes IDs
 * of the same moments: 3,000 new notes ended with 500 IDs held by two notes.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync, startDecklab } from '../support/decklab.js'
import { ankiUnavailable } from '../sync/anki-server.js'
import { anki, workspace } from '../sync/sync-fixture.js'

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const block = (question: string) => `START\nBasic\n${question}\nBack: answer\nEND\n\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `a build during a sync${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('waits for the sync, which holds the vault lock, and writes no ID of its own', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': block('First') + block('Second'),
        'b.md': block('Third'),
      })
      const server = await anki(cwd)
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
      // Anki frozen: the sync stops at its first request, after reading the notes.
      server.pause()
      let syncing: ReturnType<typeof runDecklabAsync> | undefined
      let building: ReturnType<typeof startDecklab> | undefined
      const lock = join(cwd, '.decklab.lock')
      try {
        syncing = runDecklabAsync(['sync', '--url', server.url, '--json'], { cwd, env })
        await until(() => existsSync(lock), 'the sync to take the vault lock')
        expect(readFileSync(lock, 'utf8')).toContain('"decklab sync"')
        building = startDecklab(['build', '--json'], { cwd, env })
        // The build read the notes without IDs, and says whom it waits for.
        const { stderr } = building
        await until(
          () => /^waiting for decklab sync \(pid \d+\) to finish writing IDs/m.test(stderr()),
          'the build to say it waits for the sync',
        )
      } finally {
        server.resume()
      }
      const synced = await syncing
      const built = await building?.done
      expect(synced.code, synced.stderr).toBe(0)
      expect(built?.code, built?.stderr).toBe(0)
      const added = (JSON.parse(synced.stdout) as { added: Array<{ id: number }> }).added
      expect(added).toHaveLength(3)
      // The build found the notes changed under the lock, read them again, and took Anki's IDs.
      expect((JSON.parse(built?.stdout ?? '') as { ids: unknown[] }).ids).toEqual([])
      const ids: string[] = []
      for (const name of (await readdir(cwd)).filter((file) => file.endsWith('.md'))) {
        for (const match of readFileSync(join(cwd, name), 'utf8').matchAll(/ID: (\d+)/g)) {
          ids.push(match[1]!)
        }
      }
      expect(ids.sort()).toEqual(added.map((note) => String(note.id)).sort())
      expect(existsSync(lock)).toBe(false)
    })
  },
)
