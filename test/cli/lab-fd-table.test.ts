// A lab's peers inherit decklab's fd table, which is the caller's: a shell may leave fds
// open (one at 251 here), CI leaves none beyond stdio. scm-rights's receiver made one hole
// before its first message only, so with nothing inherited the second fd landed one above
// the highest, and CI refuted card 13:56 while every local run confirmed it.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'

// Close every fd above stdio (or open one at 251 first), then become decklab.
const exec = `import os, sys
if sys.argv[1] == "bare":
    os.closerange(3, 1 << 16)
else:
    os.dup2(os.open(os.devnull, os.O_RDONLY), 251)
os.execv(sys.argv[2], sys.argv[2:])`

interface LabRun {
  status: string
  checks: { name: string; status: string; observed: string }[]
}

/** `decklab lab run scm-rights --json`, started by `launcher` (a program and its arguments, then decklab's line). */
async function scmRightsUnder(launcher: readonly string[]): Promise<LabRun> {
  const [program, ...rest] = launcher
  const { stdout } = await promisify(execFile)(
    program as string,
    [...rest, process.execPath, decklabBin, 'lab', 'run', 'scm-rights', '--json'],
    { env: { ...process.env, NO_COLOR: '1' } },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }))
  return JSON.parse(stdout) as LabRun
}

describe('labs whatever fd table decklab starts with', () => {
  for (const table of ['bare', 'fd 251 open']) {
    it(`scm-rights's fds land on the lowest free number with ${table}`, async () => {
      const run = await scmRightsUnder(['python3', '-c', exec, table === 'bare' ? 'bare' : 'high'])
      const landing = run.checks.find((check) => check.name === 'lowest-free-fd')
      expect([run.status, landing?.status], landing?.observed).toEqual(['pass', 'pass'])
    }, 60_000)
  }
})

// `ulimit -n 256` lowers the hard limit too (Node raises only the soft one to it): the
// receiver then cannot hold the 253 fds of one message, the kernel cuts them (MSG_CTRUNC),
// and max-fds failed, refuting card 13:87 on a machine where the kernel does just what it
// says. It is skipped with the reason; SCM_MAX_FD itself is the sender's to see.
describe('scm-rights under a hard RLIMIT_NOFILE of 256', () => {
  it('skips max-fds, saying the receiver may not hold 253 fds, instead of failing', async () => {
    const run = await scmRightsUnder(['sh', '-c', 'ulimit -n 256 && exec "$@"', 'sh'])
    const max = run.checks.find((check) => check.name === 'max-fds')
    expect([run.status, max?.status], max?.observed).toEqual(['pass', 'skip'])
    expect(max?.observed).toMatch(/receiver may hold only \d+ more fds \(RLIMIT_NOFILE/)
    expect(max?.observed).toContain("the sender's 253 fds: sent, 254: sendmsg failed with EINVAL")
  }, 60_000)
})
