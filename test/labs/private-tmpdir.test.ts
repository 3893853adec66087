// A private TMPDIR (0700, as pam_tmpdir makes) hides the lab directory from uid 65534:
// the checks that drop to it are skipped with the reason, never failed.
import { chmod, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { closedToOthers, labDirectoryUnreachable } from '../../src/labs/kit/reach.js'
import { findLab } from '../../src/labs/registry.js'
import { unprivilegedUser } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { checkNamed, runningAsRoot } from './support/lab-result.js'

// Only root drops to uid 65534 (as another user the lab connects as itself).
const nobody = runningAsRoot ? await unprivilegedUser() : undefined
// The folders below are made in the system temp dir: it must be open to others itself.
const systemTempClosed = await closedToOthers(tmpdir())

let base: string | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

/** A fresh folder in the system temp dir, with `mode`. */
async function folder(mode: number): Promise<string> {
  base = await mkdtemp(join(tmpdir(), 'dl-private-'))
  await chmod(base, mode)
  return base
}

/** Run lab `id` with TMPDIR a 0700 folder; and the skip reason that folder should cause. */
async function runInPrivateTmpdir(id: string): Promise<{ result: LabResult; reason: string }> {
  const priv = await folder(0o700)
  vi.stubEnv('TMPDIR', priv)
  const lab = await findLab(id)
  expect(lab).toBeDefined()
  const result = await runLab(lab!)
  const reason = `skipped: the lab folder under TMPDIR is not reachable by uid 65534 (${priv} is 0700)`
  return { result, reason }
}

describe.skipIf(systemTempClosed)('closedToOthers and labDirectoryUnreachable', () => {
  it('name the top-most folder others cannot search, and nothing once all are open', async () => {
    const top = await folder(0o700)
    const inner = join(top, 'inner')
    await mkdir(inner, { mode: 0o700 })
    expect(await closedToOthers(inner)).toEqual({ path: top, mode: 0o700 })
    await chmod(top, 0o711)
    expect(await closedToOthers(inner)).toEqual({ path: inner, mode: 0o700 })
    await chmod(inner, 0o751)
    expect(await closedToOthers(inner)).toBeUndefined()
    expect(await labDirectoryUnreachable(inner, 65534)).toBeUndefined()
    await chmod(top, 0o750)
    expect(await labDirectoryUnreachable(inner, 65534)).toBe(
      `the lab folder under TMPDIR is not reachable by uid 65534 (${top} is 0750)`,
    )
  })

  it('look through a link: an open folder reached through a private one is closed', async () => {
    const top = await folder(0o711)
    const priv = join(top, 'priv')
    await mkdir(join(priv, 'open'), { recursive: true })
    await chmod(priv, 0o700)
    await chmod(join(priv, 'open'), 0o1777)
    await symlink(join(priv, 'open'), join(top, 'link'))
    expect(await closedToOthers(join(top, 'link'))).toEqual({ path: priv, mode: 0o700 })
  })
})

describe.skipIf(!nobody || systemTempClosed)(
  'labs that drop to uid 65534 under a private TMPDIR (needs root and user nobody)',
  () => {
    it('socket-permissions skips the unprivileged checks with the reason and passes the rest', async () => {
      const { result, reason } = await runInPrivateTmpdir('socket-permissions')
      expect(result.status, JSON.stringify(result.checks, null, 2)).toBe('pass')
      expect(result.leftovers).toBeUndefined()
      for (const name of [
        'no-write-eacces',
        'write-permission-allows',
        'directory-search-needed',
      ]) {
        expect(checkNamed(result, name)).toMatchObject({ status: 'skip', observed: reason })
      }
      for (const name of ['root-bypasses', 'default-mode-umask', 'writable-all']) {
        expect(checkNamed(result, name).status, name).toBe('pass')
      }
    })

    it('peercred skips the separate client with the reason and passes the node client', async () => {
      const { result, reason } = await runInPrivateTmpdir('peercred')
      expect(result.status, JSON.stringify(result.checks, null, 2)).toBe('pass')
      expect(result.leftovers).toBeUndefined()
      expect(checkNamed(result, 'separate-process-client')).toMatchObject({
        status: 'skip',
        observed: reason,
      })
      expect(checkNamed(result, 'peer-pid-uid-gid').status).toBe('pass')
      // The lying client runs as the lab's own user, which reaches the socket.
      expect(checkNamed(result, 'client-cannot-choose').status).toBe('pass')
    })
  },
)
