// A student's processes and threads count against their limit (`ulimit -u`, RLIMIT_NPROC:
// a browser's threads too), which root is exempt from. At it, fork() fails with EAGAIN and
// Node's spawn makes no process. The run's janitor, started first, then crashed the lab
// ("the lab crashed: spawn /bin/sh EAGAIN": its wait for the janitor's exit rejected, though
// a run goes on without one), and a lab's child that could not start was reported as a
// process that ran and ended: "expected a ready line from pid undefined, it ended (exit code
// -11) first" (-11 is EAGAIN), a wait for its exit giving code -11 as a lab's evidence.
// Run as a user no process has (so that only this test's processes count) under limits
// from one at which decklab cannot start its own threads up to ones at which the lab runs,
// each run that reports a failed spawn must say that its child could not start, and why.
import { spawnSync } from 'node:child_process'
import { lstatSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findExecutableSync } from '../../src/labs/requirements.js'
import { asNobodyUnavailable, asUid, isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

/** A uid no account or process has: its process count is this test's alone. */
const freshUid = 4_242_424
const why = !isRoot
  ? 'needs root, to run decklab as a user of its own under a process limit'
  : !findExecutableSync('prlimit')
    ? 'prlimit is not installed'
    : asNobodyUnavailable(decklabBin)

afterAll(() => {
  // A decklab that could not start its own threads aborts, leaving its lab directory.
  for (const name of readdirSync('/tmp')) {
    const path = join('/tmp', name)
    if (lstatSync(path, { throwIfNoEntry: false })?.uid === freshUid) {
      rmSync(path, { recursive: true, force: true })
    }
  }
})

interface Reported {
  limit: number
  status: string
  reason: string
}

describe.skipIf(why !== undefined)(
  `a lab at the user's process limit${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('ends at once, saying its child could not start and why', { timeout: 180_000 }, () => {
      const reported: Reported[] = []
      for (let limit = 8; limit <= 26; limit++) {
        const line = [
          `--nproc=${limit}`,
          ...asUid(freshUid),
          process.execPath,
          decklabBin,
          'lab',
          'run',
          'stale-socket',
          '--json',
          '--deadline',
          '3000',
        ]
        const run = spawnSync('prlimit', line, {
          encoding: 'utf8',
          env: { ...process.env, TMPDIR: '/tmp', NO_COLOR: '1' },
          timeout: 30_000,
        })
        let result: { status: string; reason?: string }
        try {
          result = JSON.parse(run.stdout)
        } catch {
          continue // decklab itself could not start its threads (Node aborts)
        }
        reported.push({ limit, status: result.status, reason: result.reason ?? '' })
      }
      const refused = reported.filter((each) => /spawn \S+ EAGAIN/.test(each.reason))
      // Some limit leaves decklab room to start but none for its lab's child.
      expect(refused.length, JSON.stringify(reported, null, 1)).toBeGreaterThan(0)
      // Never a process that never was, nor a crash of the lab.
      expect(
        reported.filter((each) => /pid undefined|exit code -11|the lab crashed/.test(each.reason)),
      ).toEqual([])
      for (const each of refused) {
        expect(each.status).toBe('error')
        expect(each.reason).toMatch(
          /^could not start \S+ \(spawn \S+ EAGAIN\): too many processes, for this user \(its limit, `ulimit -u`/,
        )
      }
    })
  },
)
