// An unusable TMPDIR (a file, a missing folder) is an environment error: `lab serve`,
// `lab run` and `verify` exit 2 with the code `lab-directory` and a message naming
// TMPDIR, never 70 ("a bug in decklab") or 1 (findings they never made).
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runLinkedLabs } from '../../src/commands/quiz/lab-panel.js'
import { runDecklab, runDecklabAsync } from '../support/decklab.js'

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
