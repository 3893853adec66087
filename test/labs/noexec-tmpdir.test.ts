/**
 * A TMPDIR on a file system mounted noexec (a hardened /tmp, common on
 * shared machines): the labs that build a C or Go peer into their lab
 * directory cannot run it. That is a skip naming the reason and what to do,
 * not a lab error (which `verify` counts as a failure, exit 1) that tested
 * nothing about sockets. Mounting needs root: skipped otherwise.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { runDecklabAsync } from '../support/decklab.js'

function mountUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: only root may mount a noexec tmpfs'
  return undefined
}

const why = mountUnavailable()
let folder = ''
let mounted = false

beforeAll(() => {
  if (why) return
  folder = mkdtempSync(join(tmpdir(), 'dl-noexec-'))
  const result = spawnSync('mount', [
    '-t',
    'tmpfs',
    '-o',
    'noexec,size=64m,mode=1777',
    'tmpfs',
    folder,
  ])
  mounted = !result.error && result.status === 0
})
afterAll(() => {
  if (mounted) spawnSync('umount', [folder])
  if (folder) rmSync(folder, { recursive: true, force: true })
})

describe.skipIf(why !== undefined)(
  `labs under a noexec TMPDIR${why ? ` (skipped: ${why})` : ''}`,
  () => {
    for (const [lab, tool] of [
      ['c-socket-api', 'cc'],
      ['go-sockets', 'go'],
    ] as const) {
      it(`${lab}: skipped, naming the lab directory's file system and TMPDIR`, async (test) => {
        if (!mounted) test.skip('tmpfs cannot be mounted here')
        if (!(await findExecutable(tool))) test.skip(`no ${tool} here`)
        const run = await runDecklabAsync(['lab', 'run', lab, '--json'], {
          env: { TMPDIR: folder },
        })
        const result = JSON.parse(run.stdout) as { status: string; reason?: string }
        expect(result.status, run.stdout).toBe('skip')
        expect(result.reason).toMatch(
          /\(EACCES: its file system may be mounted noexec\); set TMPDIR to a folder where programs may run$/,
        )
        expect(run.code).toBe(0)
        expect(readdirSync(folder)).toEqual([])
      })
    }
  },
)
