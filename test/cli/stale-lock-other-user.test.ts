/**
 * A stale vault lock (its decklab has ended) of another user, in a shared
 * folder with the sticky bit (mode 1777, as a group's vault or /tmp): only
 * its owner or root may remove it. The build says so, and what to do; it
 * said "ENOTDIR, expected a writable vault folder" of a folder anyone may
 * write in (Node's rmSync turned unlink's EPERM into rmdir's ENOTDIR).
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = 'START\nBasic\nQ?\nBack: A\nEND\n'
const unavailable = isRoot ? asNobodyUnavailable(decklabBin) : 'needs root to make another user'

describe.skipIf(unavailable !== undefined)(
  `a stale lock of another user in a sticky folder${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('is named as such, with what to do, and left in place', async () => {
      const vault = await tempProject({ 'a.md': note })
      chmodSync(vault, 0o1777)
      chownSync(join(vault, 'a.md'), nobody, nobody)
      // Root's lock, of a process that has ended (no pid is that large).
      const lock = join(vault, '.decklab.lock')
      writeFileSync(lock, '{"pid":4194305,"start":1,"command":"decklab build"}\n', { mode: 0o644 })
      const result = spawnSync(
        asNobody[0]!,
        [
          ...asNobody.slice(1),
          process.execPath,
          decklabBin,
          'build',
          '-o',
          join(vault, 'out', 'deck.apkg'),
          '--json',
        ],
        {
          cwd: vault,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(vault, 'state') },
        },
      )
      expect(result.status, result.stderr).toBe(2)
      const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } }
      expect(error.code).toBe('vault-not-writable')
      expect(error.message).toContain('left by a decklab that has ended (pid 4194305)')
      expect(error.message).toContain('sticky')
      expect(error.message).not.toContain('ENOTDIR')
      expect(existsSync(lock)).toBe(true)
      expect(readFileSync(join(vault, 'a.md'), 'utf8')).toBe(note)
    })
  },
)
