import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import lab from '../../labs/go-sockets.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const go = await findExecutable('go')

/** The `go-build*` folders in `directory` now. */
async function goBuildFolders(directory: string): Promise<Set<string>> {
  const names = await readdir(directory).catch(() => [])
  return new Set(names.filter((name) => name.startsWith('go-build')))
}

let base: string | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

describe('go-sockets lab (a Go peer built at run time)', () => {
  it.skipIf(!go)(
    'maps Go network names to socket types and binds @name at its exact length',
    async () => {
      const result = await expectLabPassesWith(lab.id, { checks: lab.checks })
      expect(checkNamed(result, 'network-names').observed).toBe(
        '"unix" → SOCK_STREAM, "unixgram" → SOCK_DGRAM, "unixpacket" → SOCK_SEQPACKET',
      )
      expect(checkNamed(result, 'abstract-at-prefix').observed).toMatch(
        /python3 exact: connected, echo ping; padded to 108: ECONNREFUSED$/,
      )
    },
  )

  it.skipIf(!go)(
    'leaves no go-build folder in the system temp dir when the deadline cuts a cold build short',
    async () => {
      // A private TMPDIR for the lab directory, and an empty build cache so `go build` is slow.
      base = await mkdtemp(join(tmpdir(), 'dl-gotmp-'))
      await chmod(base, 0o711)
      await mkdir(join(base, 'cold-cache'))
      vi.stubEnv('TMPDIR', base)
      vi.stubEnv('GOCACHE', join(base, 'cold-cache'))
      // Go, told no TMPDIR, puts its work folder in /tmp.
      const before = await goBuildFolders('/tmp')

      const result = await runLab(lab, { deadlineMs: 300 })

      expect(result.status).toBe('error')
      expect(result.reason).toBe('deadline exceeded (300 ms)')
      expect(result.transcript.join('\n')).toMatch(/go build -o /)
      expect(result.leftovers).toBeUndefined()
      // Only the cache may remain beside where the lab directory was.
      expect(await readdir(base)).toEqual(['cold-cache'])
      // Another program's build may pass through /tmp meanwhile: only one that stays counts.
      let added: string[] = []
      for (let wait = 0; wait < 50; wait += 1) {
        const after = await goBuildFolders('/tmp')
        added = [...after].filter((name) => !before.has(name))
        if (added.length === 0) break
        await delay(100)
      }
      expect(added).toEqual([])
    },
  )

  it.skipIf(!go)('builds with a cache in the lab directory when HOME cannot hold one', async () => {
    // HOME set but unusable, as root's HOME is after dropping to nobody: here a plain file.
    base = await mkdtemp(join(tmpdir(), 'dl-gohome-'))
    const home = join(base, 'home-is-a-file')
    await writeFile(home, '')
    vi.stubEnv('HOME', home)
    vi.stubEnv('XDG_CACHE_HOME', '')
    vi.stubEnv('GOCACHE', '')

    // A cold build: a generous deadline, never a pass condition.
    const result = await runLab(lab, { deadlineMs: 60_000 })

    const transcript = result.transcript.join('\n')
    expect(result.status, `${result.reason}\n${transcript}`).toBe('pass')
    expect(result.leftovers).toBeUndefined()
    expect(transcript).toContain(
      `cannot use the Go build cache ${home}/.cache/decklab/go-build (ENOTDIR`,
    )
    expect(transcript).toMatch(/\(GOCACHE \/\S+\/dl-\w+\/gocache\)/)
  })
})

describe('go-sockets lab with a cache folder that cannot be made though its parent exists', () => {
  // Under /proc (or below a link to a folder that is gone) Node's recursive mkdir spun at
  // full CPU forever: the lab never got to its build, and its thread never came back.
  it.skipIf(!go || !existsSync('/proc/self'))(
    'builds with a cache in the lab directory, saying why',
    async () => {
      vi.stubEnv('XDG_CACHE_HOME', '/proc/decklab-cache')
      vi.stubEnv('GOCACHE', '')

      // A cold build: a generous deadline, never a pass condition.
      const result = await runLab(lab, { deadlineMs: 60_000 })

      const transcript = result.transcript.join('\n')
      expect(result.status, `${result.reason}\n${transcript}`).toBe('pass')
      expect(transcript).toContain(
        'cannot use the Go build cache /proc/decklab-cache/decklab/go-build (ENOENT',
      )
      expect(transcript).toMatch(/\(GOCACHE \/\S+\/dl-\w+\/gocache\)/)
    },
  )
})

describe('go-sockets lab with a HOME that does not exist', () => {
  it.skipIf(!go)('never creates that HOME: the build cache goes in the lab directory', async () => {
    base = await mkdtemp(join(tmpdir(), 'dl-gonohome-'))
    const home = join(base, 'missing', 'x')
    vi.stubEnv('HOME', home)
    vi.stubEnv('XDG_CACHE_HOME', '')
    vi.stubEnv('GOCACHE', '')

    // A cold build: a generous deadline, never a pass condition.
    const result = await runLab(lab, { deadlineMs: 60_000 })

    const transcript = result.transcript.join('\n')
    expect(result.status, `${result.reason}\n${transcript}`).toBe('pass')
    expect(await readdir(base)).toEqual([])
    expect(transcript).toContain(
      `HOME ${home} does not exist; the Go build cache is in the lab directory`,
    )
  })
})
