import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/dgram-queue-limit.js'
import { decklabBin } from '../quiz/vault-fixture.js'
import { asNobody, asNobodyUnavailable, isRoot } from '../support/as-nobody.js'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

const sysctl = '/proc/sys/net/unix/max_dgram_qlen'

describe('dgram-queue-limit lab', () => {
  it('caps connected and unconnected senders at max_dgram_qlen + 1; the default comes from a fresh namespace', async () => {
    const result = await expectLabPassesWith(lab.id, {
      checks: lab.checks,
      values: { 'queue-full-eagain': 'EAGAIN' },
    })
    const limit = Number(readFileSync(sysctl, 'utf8').trim())
    const fill = `${limit + 1} × 1 B queued, then EAGAIN \\(SO_SNDBUF \\d+\\)`
    expect(checkNamed(result, 'connected-senders-capped').observed).toMatch(
      new RegExp(`^unconnected: ${fill}; connected: ${fill}$`),
    )
    const qlen = checkNamed(result, 'max-dgram-qlen')
    expect(qlen.value).toMatch(/^\d+$/)
    expect(qlen.evidence?.[0]).toMatch(runningAsRoot ? /^unshare -n cat / : /^unshare -rn cat /)
  })
})

// An ordinary user cannot `unshare -n`, but may make a network namespace inside a user
// namespace of its own (`unshare -rn`), where the sysctl starts at the kernel's default too.
const why = asNobodyUnavailable(decklabBin)
const prefix = isRoot ? asNobody : []
describe.skipIf(why !== undefined)(
  `dgram-queue-limit as an ordinary user${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('reads the kernel default in a user namespace of its own, or says why it cannot', () => {
      const run = (args: string[]) => {
        const [command, ...rest] = [...prefix, ...args]
        return spawnSync(command!, rest, {
          encoding: 'utf8',
          env: { ...process.env, TMPDIR: '/tmp' },
        })
      }
      const probe = run(['unshare', '-rn', 'cat', sysctl])
      const result = run([process.execPath, decklabBin, 'lab', 'run', lab.id, '--json'])
      const check = (
        JSON.parse(result.stdout) as {
          checks: {
            name: string
            status: string
            value?: string
            evidence?: string[]
            reason?: string
          }[]
        }
      ).checks.find((each) => each.name === 'max-dgram-qlen')
      if (probe.status === 0) {
        expect(check?.status, JSON.stringify(check)).toBe('pass')
        expect(check?.value).toBe(probe.stdout.trim())
        expect(check?.evidence?.[0]).toBe(`unshare -rn cat ${sysctl}: ${probe.stdout.trim()}`)
      } else {
        expect(check?.status).toBe('skip')
        expect(JSON.stringify(check)).toContain('unshare -rn failed')
      }
    })
  },
)
