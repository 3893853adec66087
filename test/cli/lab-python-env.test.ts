// A python3 variable in decklab's environment (PYTHONHOME, PYTHONSTARTUP) is the user's,
// not the peers': two labs spawned their python3 with decklab's whole environment, so an
// inherited PYTHONHOME stopped python3 from starting and epipe failed (verify refuted the
// two SIGPIPE cards) while socketpair-fork errored.
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'

describe('labs under a python3 environment of the user’s', () => {
  for (const lab of ['epipe', 'socketpair-fork', 'stream-echo']) {
    it(`${lab} passes with PYTHONHOME and PYTHONSTARTUP pointing nowhere`, async () => {
      const result = await runDecklabAsync(['lab', 'run', lab, '--json'], {
        env: { PYTHONHOME: '/nonexistent', PYTHONSTARTUP: '/nonexistent/startup.py' },
      })
      const run = JSON.parse(result.stdout) as { status: string; reason?: string }
      expect([run.status, run.reason], result.stdout).toEqual(['pass', undefined])
    }, 60_000)
  }
})
