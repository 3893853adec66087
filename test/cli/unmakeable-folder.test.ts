/**
 * A folder decklab must make where its parent exists yet the folder cannot
 * be made (under `/proc`, or below a symbolic link to a folder that is gone,
 * as a state folder on a disk not mounted): Node's recursive mkdir makes the
 * parent, tries again, and spins at full CPU forever, deaf to Ctrl-C. The
 * quiz hung before its first card, and so did `build -o` into such a folder
 * and a sync with such a state folder; each is refused with the reason (exit 2).
 */

import { spawnSync } from 'node:child_process'
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { decklabBin } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

/** A vault with `gone`, a link to a folder that does not exist. */
function vaultWithDanglingLink(): { vault: Vault; gone: string } {
  const vault = createVault()
  vaults.push(vault)
  const gone = join(vault.root, 'gone')
  symlinkSync(join(vault.root, 'unmounted-disk'), gone)
  return { vault, gone }
}

/**
 * Run decklab, killed after 15 s (code null): the hang never ends by itself,
 * and SIGTERM's handler never runs while the thread spins, so SIGKILL.
 */
function run(args: string[], cwd: string, input?: string) {
  const result = spawnSync(process.execPath, [decklabBin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 15_000,
    killSignal: 'SIGKILL',
  })
  return { code: result.status, stderr: result.stderr }
}

describe('a folder that cannot be made though its parent exists', () => {
  it('is a state folder the quiz refuses, below a dangling link and under /proc', () => {
    const { vault, gone } = vaultWithDanglingLink()
    for (const state of [
      join(gone, 'decklab'),
      ...(existsSync('/proc/self') ? ['/proc/decklab'] : []),
    ]) {
      const quiz = run(['quiz', '--answers', '-', '--state', state], vault.root, 'good\n')
      expect(quiz.code, quiz.stderr).toBe(2)
      expect(quiz.stderr).toContain(
        `error ${state}: cannot create files in the state directory (ENOENT); no card was shown`,
      )
    }
    expect(existsSync(join(vault.root, 'unmounted-disk'))).toBe(false)
  })

  it.skipIf(!existsSync('/proc/self'))(
    'is an output folder the build refuses, and a state folder sync refuses before Anki',
    () => {
      const vault = createVault()
      vaults.push(vault)
      const build = run(
        ['build', '-o', '/proc/decklab/out.apkg', '--state', vault.state],
        vault.root,
      )
      // The fixture's note without an ID got one written: the failure is a diagnostic, exit 1.
      expect(build.code, build.stderr).toBe(1)
      expect(build.stderr).toContain(
        '/proc/decklab/out.apkg:1:1 error package-write-failed Cannot write `/proc/decklab/out.apkg`: ENOENT, expected a writable output folder',
      )
      // Nothing listens on port 9 (discard): the lock comes first, so it is never asked.
      const sync = run(
        ['sync', '--yes', '--state', '/proc/decklab', '--url', 'http://127.0.0.1:9'],
        vault.root,
      )
      expect(sync.code, sync.stderr).toBe(2)
      expect(sync.stderr).toMatch(
        /error Cannot take the sync lock \/proc\/decklab\/sync\/\w+\.lock: ENOENT, expected a writable state folder: nothing was sent to Anki/,
      )
    },
  )
})
