// An unusable TMPDIR (a file, a missing folder) is an environment error: `lab serve`,
// `lab run` and `verify` exit 2 with the code `lab-directory` and a message naming
// TMPDIR, never 70 ("a bug in decklab") or 1 (findings they never made).
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { dbusAddressValue } from '../../labs/dbus-external.js'
import { runLinkedLabs } from '../../src/commands/quiz/lab-panel.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runDecklab, runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hasDbus = (await findExecutable('dbus-daemon')) !== undefined
const hasGo = (await findExecutable('go')) !== undefined

let base: string | undefined
afterEach(async () => {
  vi.unstubAllEnvs()
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

/** A folder with a vault linking one lab, and a regular file to use as TMPDIR. */
async function setUp(): Promise<{ cwd: string; file: string }> {
  base = await mkdtemp(join(tmpdir(), 'decklab-tmpdir-'))
  const file = join(base, 'afile')
  await writeFile(file, 'x\n')
  await mkdir(join(base, 'notes'))
  await writeFile(
    join(base, 'notes', 'cards.md'),
    [
      'START',
      'Basic (type in the answer)',
      'What errno does connect() give for a path where no file exists?',
      'Back: ENOENT',
      'Lab: missing-socket#connect-enoent',
      '<!--ID: 1763799000001-->',
      'END',
      '',
    ].join('\n'),
  )
  return { cwd: base, file }
}

function jsonError(stdout: string): { code: string; message: string } {
  return (JSON.parse(stdout) as { error: { code: string; message: string } }).error
}

describe('an unusable TMPDIR', () => {
  it('`lab serve` exits 2 with the code lab-directory, naming TMPDIR (a file, a missing folder)', async () => {
    const { file } = await setUp()
    for (const tmp of [file, join(base!, 'no-such-folder')]) {
      const result = runDecklab(['lab', 'serve', 'stream-echo', '--json'], {
        env: { TMPDIR: tmp },
      })
      expect(result.code, result.stderr).toBe(2)
      const error = jsonError(result.stdout)
      expect(error.code).toBe('lab-directory')
      expect(error.message).toContain(`cannot make a lab directory in TMPDIR (${tmp})`)
      expect(result.stderr).not.toContain('bug in decklab')
      expect(result.stderr).not.toContain('for usage')
    }
  })

  it('`lab run` exits 2 with the code lab-directory', () => {
    const result = runDecklab(['lab', 'run', 'missing-socket', '--json'], {
      env: { TMPDIR: '/nonexistent/decklab' },
    })
    expect(result.code, result.stderr).toBe(2)
    expect(jsonError(result.stdout)).toEqual({
      code: 'lab-directory',
      message: expect.stringContaining('TMPDIR (/nonexistent/decklab)'),
    })
  })

  it('`verify` exits 2 with the code lab-directory, judging nothing', async () => {
    const { cwd, file } = await setUp()
    const result = await runDecklabAsync(['verify', '--json'], { cwd, env: { TMPDIR: file } })
    expect(result.code, result.stderr).toBe(2)
    expect(jsonError(result.stdout).code).toBe('lab-directory')
  })

  it("the quiz's lab panel says labs cannot run here, and the quiz goes on", async () => {
    const { file } = await setUp()
    vi.stubEnv('TMPDIR', file)
    const text = await runLinkedLabs(
      [{ lab: 'missing-socket', check: 'connect-enoent', line: 1, column: 1 }],
      { color: false },
    )
    expect(text).toMatch(/^ {2}labs cannot run here: cannot make a lab directory in TMPDIR \(/)
  })
})

// A TMPDIR that is relative, or holds spaces or non-ASCII characters, is a usable one:
// labs whose children start in the lab directory took a relative path from there, the
// /proc/net/unix reader cut paths at a space, and path-limit counted characters, not
// bytes: their checks failed, and verify refuted correct cards.
describe('a TMPDIR that is relative, or holds a space or non-ASCII characters', () => {
  for (const [label, tmp] of [
    ['relative', 't'],
    ['with a space', 'sp ace'],
    ['non-ASCII', 'ünïcødé'],
  ] as const) {
    it(`${label}: the labs that read paths pass, and the lab directory is made under it`, async () => {
      base = await mkdtemp(join(tmpdir(), 'decklab-tmpdir-'))
      await mkdir(join(base, tmp))
      const env = { TMPDIR: label === 'relative' ? tmp : join(base, tmp) }
      for (const lab of ['path-limit', 'stream-echo', 'socket-permissions']) {
        const result = await runDecklabAsync(['lab', 'run', lab, '--json'], { cwd: base, env })
        const run = JSON.parse(result.stdout) as { status: string; transcript: string[] }
        expect([lab, run.status], result.stdout).toEqual([lab, 'pass'])
        expect(run.transcript.join('\n')).toContain(`in ${join(base, tmp)}/dl-`)
      }
      // Each run removed its directory.
      expect(await readdir(join(base, tmp))).toEqual([])
    }, 60_000)
  }
})

// dbus-daemon reads its listen address in D-Bus's address syntax, where a space or a
// non-ASCII byte must be %-escaped; go refuses a relative GOCACHE. Both made their labs
// error (the cards unverified) for a TMPDIR or GOCACHE the user may well have.
describe('what the lab tools take only in their own syntax', () => {
  it('a lab path becomes a D-Bus address value byte by byte', () => {
    expect(dbusAddressValue('/tmp/sp ace/é/bus.sock')).toBe('/tmp/sp%20ace/%c3%a9/bus.sock')
    expect(dbusAddressValue('/a-b_c.d/x\\y,z;<&>')).toBe('/a-b_c.d/x\\y%2cz%3b%3c%26%3e')
  })

  it.skipIf(!hasDbus)(
    'dbus-external passes in a TMPDIR with a space and non-ASCII characters',
    async () => {
      base = await mkdtemp(join(tmpdir(), 'decklab-tmpdir-'))
      const tmp = join(base, 'sp ace é')
      await mkdir(tmp)
      const result = await runDecklabAsync(['lab', 'run', 'dbus-external', '--json'], {
        env: { TMPDIR: tmp },
      })
      expect((JSON.parse(result.stdout) as { status: string }).status, result.stdout).toBe('pass')
    },
    60_000,
  )

  it.skipIf(!hasGo)(
    'go-sockets passes with a relative GOCACHE, which it leaves unused',
    async () => {
      base = await mkdtemp(join(tmpdir(), 'decklab-tmpdir-'))
      const result = await runDecklabAsync(['lab', 'run', 'go-sockets', '--json'], {
        cwd: base,
        env: { GOCACHE: 'relative-cache' },
      })
      const run = JSON.parse(result.stdout) as { status: string; transcript: string[] }
      expect(run.status, result.stdout).toBe('pass')
      expect(run.transcript.join('\n')).toContain('GOCACHE relative-cache is not an absolute path')
      expect(await readdir(base)).toEqual([])
    },
    120_000,
  )

  // A GOCACHE the user set that cannot be made (root's after `sudo -u`, a drive not mounted:
  // here a path under a regular file, which even root cannot make) failed go's build.
  it.skipIf(!hasGo)(
    'go-sockets passes with a GOCACHE that cannot be made, building with one in the lab directory',
    async () => {
      base = await mkdtemp(join(tmpdir(), 'decklab-tmpdir-'))
      await writeFile(join(base, 'file'), '')
      const cache = join(base, 'file', 'go-build')
      const result = await runDecklabAsync(['lab', 'run', 'go-sockets', '--json'], {
        env: { GOCACHE: cache },
      })
      const run = JSON.parse(result.stdout) as { status: string; transcript: string[] }
      expect(run.status, result.stdout).toBe('pass')
      expect(run.transcript.join('\n')).toContain(`cannot use the Go build cache ${cache} (`)
      expect(await readdir(base)).toEqual(['file'])
    },
    120_000,
  )
})

describe('a TMPDIR whose file system holds no socket files (exFAT on a USB stick)', () => {
  const preload = new URL('../support/tmpdir-without-sockets.mjs', import.meta.url).href
  // Each lab failed there with EIO from its first bind, an ERROR of the lab (exit 1), and the
  // file the failed bind left was reported as the lab's leftover.
  it('`lab run` makes the lab directory in /tmp instead, says why, and the lab passes', async () => {
    const stick = await tempProject({ 'tmp/': '' }, 'dl-stick-')
    const tmp = join(stick, 'tmp')
    const run = runDecklab(['lab', 'run', 'stream-echo'], {
      env: { TMPDIR: tmp, NO_SOCKETS_UNDER: tmp, NODE_OPTIONS: `--import=${preload}` },
    })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain(
      `TMPDIR (${tmp}) is on a file system that holds no socket files (its bind failed with EIO): the lab directory is in /tmp instead`,
    )
    expect(run.stdout).toMatch(/^PASS stream-echo/m)
    expect(await readdir(tmp)).toEqual([])
  })
})
