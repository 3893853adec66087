/**
 * A sync whose state folder is on a full disk: a clear error about the disk
 * (exit 2), not "a bug in decklab" (exit 70), and the next sync with room
 * converges (crash sweep 82).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { fillDiskButOneBlock, tmpfsUnavailable } from '../support/tmpfs.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, workspace } from './sync-fixture.js'

const tmpfsWhy = tmpfsUnavailable()
const why = ankiUnavailable ?? tmpfsWhy

describe.skipIf(why !== undefined)(
  `decklab sync with its state folder on a full disk${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('is a system-error naming ENOSPC (exit 2); with room again the sync completes without duplicates', async () => {
      const cwd = await workspace({ 'a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' })
      const server = await anki(cwd)
      const disk = join(cwd, 'disk')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      onTestFinished(() => {
        spawnSync('umount', [disk])
      })
      // The sync's lock takes the last block, then its record finds the disk full.
      fillDiskButOneBlock(disk)
      const state = join(disk, 'state')
      const run = (...args: string[]) =>
        runDecklab(['sync', '--url', server.url, ...args], {
          cwd,
          env: { DECKLAB_STATE_DIR: state },
          timeoutMs: 120_000,
        })
      const full = run('--json')
      expect(full.stderr).not.toContain('internal error')
      expect(full.code, full.stderr).toBe(2)
      expect(JSON.parse(full.stdout).error).toMatchObject({ code: 'system-error' })
      expect(full.stderr).toMatch(/^error Unexpected `ENOSPC` \(no space left on the device\)/m)
      rmSync(join(disk, 'filler'))
      const again = run('--json')
      expect(again.code, again.stderr).toBe(0)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toHaveLength(1)
    })
  },
)
