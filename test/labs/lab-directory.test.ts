// A long TMPDIR must not push the labs' socket paths past sun_path (Node would silently
// truncate them, Go refuses them): the lab directory goes in a short folder instead.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  fitsSocketPaths,
  labSocketRoom,
  makeLabDirectory,
  maxSocketPathBytes,
} from '../../src/labs/lab-directory.js'
import { findLab } from '../../src/labs/registry.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'

const go = await findExecutable('go')

let base: string | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

/** A folder under the system temp dir whose path is exactly `bytes` long. */
async function folderOfLength(bytes: number): Promise<string> {
  base = await mkdtemp(join(tmpdir(), 'dl-long-'))
  const padding = bytes - base.length - 1
  expect(padding).toBeGreaterThan(0)
  const folder = join(base, 't'.repeat(padding))
  await mkdir(folder)
  expect(Buffer.byteLength(folder)).toBe(bytes)
  return folder
}

/** The longest TMPDIR whose lab directories still leave the socket room. */
const longestFitting = maxSocketPathBytes - labSocketRoom - '/dl-XXXXXX'.length

describe('the lab directory', () => {
  it('stays in TMPDIR when its path leaves room for the socket names', async () => {
    const folder = await folderOfLength(longestFitting)
    vi.stubEnv('TMPDIR', folder)
    const made = await makeLabDirectory()
    try {
      expect(made.path.startsWith(`${folder}/dl-`)).toBe(true)
      expect(made.note).toBeUndefined()
      expect(Buffer.byteLength(made.path) + labSocketRoom).toBeLessThanOrEqual(maxSocketPathBytes)
    } finally {
      await rm(made.path, { recursive: true, force: true })
    }
  })

  it('goes in a short folder, 0700, when TMPDIR is too long, and says why', async () => {
    const folder = await folderOfLength(longestFitting + 1)
    expect(fitsSocketPaths(folder, labSocketRoom)).toBe(false)
    vi.stubEnv('TMPDIR', folder)
    const made = await makeLabDirectory()
    try {
      expect(made.path.startsWith(folder)).toBe(false)
      expect(made.path).toMatch(/^\/(tmp|dev\/shm)\/dl-/)
      expect((await stat(made.path)).mode & 0o777).toBe(0o700)
      expect(made.note).toContain(`TMPDIR (${folder}) is ${longestFitting + 1} bytes`)
    } finally {
      await rm(made.path, { recursive: true, force: true })
    }
  })
})

describe('labs under a TMPDIR too long for socket paths', () => {
  it('socket-permissions passes, its directory in a short folder, nothing left', async () => {
    vi.stubEnv('TMPDIR', await folderOfLength(90))
    const result = await runLab((await findLab('socket-permissions'))!)
    expect(result.status, `${result.reason}\n${result.transcript.join('\n')}`).toBe('pass')
    expect(result.leftovers).toBeUndefined()
    expect(result.transcript.join('\n')).toMatch(/the lab directory is in \/(tmp|dev\/shm) instead/)
  })

  it.skipIf(!go)('go-sockets passes (Go refuses a socket path over sun_path)', async () => {
    vi.stubEnv('TMPDIR', await folderOfLength(90))
    const result = await runLab((await findLab('go-sockets'))!, { deadlineMs: 50_000 })
    expect(result.status, `${result.reason}\n${result.transcript.join('\n')}`).toBe('pass')
    expect(result.leftovers).toBeUndefined()
  })
})
