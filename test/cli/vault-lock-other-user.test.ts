/**
 * Two users sharing a vault folder (a group's, or a world-writable one):
 * the vault lock one of them holds must be readable by the other, who then
 * waits for it, as for their own. A lock only its owner could read made
 * the other's build fail at once with "EACCES, expected a writable vault
 * folder" (the folder was writable), and a sync go on without the lock.
 * Root reads any file, so as root the second user is `nobody`.
 */
import { spawn } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { vaultLockName } from '../../src/ids/vault-lock.js'
import { tryLock } from '../../src/locks/lock-file.js'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const why = isRoot ? asNobodyUnavailable(decklabBin) : 'needs root, to hold a lock as another user'
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe.skipIf(why !== undefined)(
  `the vault lock of another user${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('is read and waited for by a build of the other user, which then writes its IDs', async () => {
      const vault = mkdtempSync(join(tmpdir(), 'dl-shared-vault-'))
      folders.push(vault)
      chmodSync(vault, 0o777)
      const note = join(vault, 'a.md')
      writeFileSync(note, '---\ndeck: Shared\n---\nSTART\nBasic\nQ?\nBack: A\nEND\n')
      chownSync(note, nobody, nobody)
      // This process (root) holds the lock as a build would.
      const attempt = tryLock(join(vault, vaultLockName), 'decklab build')
      expect(attempt.held).toBe(true)
      const release = attempt.held ? attempt.release : () => undefined
      // nobody's quiz state, not root's (which it may not read)
      const state = mkdtempSync(join(tmpdir(), 'dl-shared-state-'))
      folders.push(state)
      chownSync(state, nobody, nobody)
      const [command, ...prefix] = [...asNobody, process.execPath]
      const child = spawn(command!, [...prefix, decklabBin, 'build', '--json'], {
        cwd: vault,
        env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: state },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      const released = setTimeout(release, 1_500)
      const code = await exited
      clearTimeout(released)
      release()
      expect(stderr).not.toContain('EACCES')
      expect(stderr).toContain(`waiting for decklab build (pid ${process.pid})`)
      expect(code, stderr).toBe(0)
      expect(readFileSync(note, 'utf8')).toMatch(/<!--ID: \d+-->/)
    })
  },
)
