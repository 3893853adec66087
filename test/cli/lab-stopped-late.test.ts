/**
 * A lab stopped at its deadline while it waited on a peer it had not yet
 * awaited: `dgram-boundaries` starts its two senders (`Promise.all` of
 * `runPeer`) and then opens their gate. Stopped in between, the runner killed
 * the senders in its cleanup, `runPeer` rejected with the deadline, and
 * nobody awaited that promise: Node ended decklab on the unhandled
 * rejection (exit 1, a stack trace on stderr, no report, no `--json`
 * document). Seen under two busy loops on 2 cores, `verify --deadline 300`
 * of the shipped course (1 run in 3) and `lab run dgram-boundaries
 * --deadline 400`. The runner now keeps watching for such errors until its
 * cleanup is over: a rejection with the run's own stop reason is the lab's
 * wait answering the stop, and any other is written in the transcript.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

// Its wait on the peer rejects when the peer closes (killed by the runner's cleanup),
// with the run's stop reason, or with an error of its own (LATE_HOW=own).
const lateLab = `export default {
  id: 'late',
  title: 'A lab that leaves a wait behind',
  summary: 'Stopped while a wait on its peer was not awaited.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    const peer = context.spawn('/bin/sh', ['-c', 'sleep 30'])
    new Promise((_, reject) => {
      peer.once('close', () =>
        reject(process.env.LATE_HOW === 'own' ? new Error('the peer went away') : context.signal.reason),
      )
    })
    await new Promise(() => {})
  },
}
`

async function runLate(how: string) {
  const install = await installedCopy()
  writeFileSync(join(install, 'lib/labs/late.js'), lateLab)
  const cwd = await tempProject({ 'tmp/': '' })
  const tmp = join(cwd, 'tmp')
  const result = spawnSync(
    process.execPath,
    [join(install, 'lib/src/main.js'), 'lab', 'run', 'late', '--deadline', '300', '--json'],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, LATE_HOW: how } },
  )
  return { ...result, left: readdirSync(tmp) }
}

describe('a lab stopped while a wait of its own was not awaited', () => {
  it('ends as a deadline error with its report, not as a crash of decklab', async () => {
    const result = await runLate('reason')
    expect(result.stderr).not.toContain('deadline exceeded (300 ms)\n    at ')
    expect(result.status).toBe(1)
    const lab = JSON.parse(result.stdout)
    expect(lab).toMatchObject({
      lab: 'late',
      status: 'error',
      reason: 'deadline exceeded (300 ms)',
    })
    expect(lab.transcript.join('\n')).not.toContain('after the lab ended')
    expect(result.left).toEqual([])
  })

  it('writes an error of its own that comes after the stop in the transcript', async () => {
    const result = await runLate('own')
    expect(result.status).toBe(1)
    const lab = JSON.parse(result.stdout)
    expect(lab.status).toBe('error')
    expect(lab.transcript).toContainEqual(
      expect.stringMatching(/ after the lab ended: the peer went away/),
    )
    expect(result.left).toEqual([])
  })
})
