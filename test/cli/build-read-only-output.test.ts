/**
 * A package folder on a read-only file system (a read-only mount of the
 * vault, a write-protected stick): the build names `EROFS` and points to
 * `-o`, rather than "decklab may not write in `dist`", which sent the user
 * to the folder's permissions. Only root may mount the tmpfs it needs.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tmpfsUnavailable } from '../support/tmpfs.js'

const why = tmpfsUnavailable()

describe.skipIf(why !== undefined)(
  `build into a folder on a read-only file system${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('names the read-only file system, for the default dist/ and for -o, and writes nothing', () => {
      const dir = mkdtempSync(join(tmpdir(), 'decklab-ro-output-'))
      const disk = join(dir, 'disk')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]).status).toBe(0)
      onTestFinished(() => {
        spawnSync('umount', [disk])
        rmSync(dir, { recursive: true, force: true })
      })
      const vault = join(disk, 'v')
      mkdirSync(join(vault, '.obsidian'), { recursive: true })
      writeFileSync(join(vault, 'a.md'), 'START\nBasic\nQ?\nBack: A\nEND\n')
      const env = { DECKLAB_STATE_DIR: join(dir, 'state') }
      expect(runDecklab(['build'], { cwd: vault, env }).code).toBe(0)
      expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0)
      const inDist = runDecklab(['build'], { cwd: vault, env })
      expect(inDist.stderr).toContain(
        'error Unexpected output `dist/Default.apkg`: `dist` is on a read-only file system (`EROFS`), expected a folder on a writable file system (`-o` names one elsewhere); nothing was written',
      )
      expect(inDist.code).toBe(2)
      const elsewhere = runDecklab(['build', '-o', join(disk, 'out', 'deck.apkg')], {
        cwd: vault,
        env,
      })
      expect(elsewhere.stderr).toMatch(/is on a read-only file system \(`EROFS`\)/)
      expect(elsewhere.stderr).not.toContain('may not write in')
      expect(elsewhere.code).toBe(2)
    })
  },
)
