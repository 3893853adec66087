// Root without a capability (a container's): the checks that need it skip, naming it, instead of failing a true card.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingCapabilities } from '../../src/labs/capabilities.js'
import { decklabBin } from '../support/decklab.js'
import { runningAsRoot } from './support/lab-result.js'

interface RunCheck {
  name: string
  status: string
  /** A skipped check's reason: `skipped: <why>`. */
  observed: string
}

/** `lab run <lab> --json` as root with `drop` (setpriv's names: `sys_admin`, …) out of its capabilities. */
function runWithout(drop: readonly string[], lab: string) {
  const caps = drop.map((name) => `-${name}`).join(',')
  const result = spawnSync(
    'setpriv',
    [
      '--inh-caps',
      caps,
      '--bounding-set',
      caps,
      process.execPath,
      decklabBin,
      'lab',
      'run',
      lab,
      '--json',
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
  )
  const report = JSON.parse(result.stdout) as { status: string; checks: RunCheck[] }
  const checks = new Map(report.checks.map((check) => [check.name, check]))
  return { code: result.status, status: report.status, checks, stderr: result.stderr }
}

const setprivMissing = spawnSync('setpriv', ['--version']).error !== undefined
const unavailable = !runningAsRoot
  ? 'only root can run decklab without one of its capabilities'
  : setprivMissing
    ? 'setpriv (util-linux) is not installed'
    : undefined

describe('labs run by root without a capability', () => {
  it("skips root-may-spoof without CAP_SYS_ADMIN (Docker's default root)", (context) => {
    if (unavailable) return context.skip(unavailable)
    const run = runWithout(['sys_admin'], 'scm-credentials')
    expect(run.status, run.stderr).toBe('pass')
    expect(run.code).toBe(0)
    const check = run.checks.get('root-may-spoof')
    expect(check?.status).toBe('skip')
    expect(check?.observed).toMatch(
      /running as root without CAP_SYS_ADMIN, which claiming another pid/,
    )
    expect(run.checks.get('spoof-pid-eperm')?.status).toBe('pass')
  })

  it('says why root makes no network namespace without CAP_SYS_ADMIN (max-dgram-qlen)', (context) => {
    if (unavailable) return context.skip(unavailable)
    const run = runWithout(['sys_admin'], 'dgram-queue-limit')
    expect(run.status, run.stderr).toBe('pass')
    expect(run.checks.get('max-dgram-qlen')?.observed).toMatch(
      /^skipped: unshare -n failed: .*\(running as root without CAP_SYS_ADMIN, which making a network namespace needs/,
    )
  })

  it('skips root-bypasses without CAP_DAC_OVERRIDE', (context) => {
    if (unavailable) return context.skip(unavailable)
    const run = runWithout(['dac_override'], 'socket-permissions')
    expect(run.status, run.stderr).toBe('pass')
    expect(run.checks.get('root-bypasses')?.status).toBe('skip')
    expect(run.checks.get('root-bypasses')?.observed).toMatch(/without CAP_DAC_OVERRIDE/)
    expect(run.checks.get('no-write-eacces')?.status).toBe('pass')
  })

  it('skips group-write-allows without CAP_CHOWN', (context) => {
    if (unavailable) return context.skip(unavailable)
    const run = runWithout(['chown'], 'socket-permissions')
    expect(run.status, run.stderr).toBe('pass')
    expect(run.checks.get('group-write-allows')?.observed).toMatch(/without CAP_CHOWN/)
    expect(run.checks.get('root-bypasses')?.status).toBe('pass')
  })

  it('runs no peer as nobody without CAP_SETUID and CAP_SETGID: no spawn EPERM error', (context) => {
    if (unavailable) return context.skip(unavailable)
    const permissions = runWithout(['setuid', 'setgid'], 'socket-permissions')
    expect(permissions.status, permissions.stderr).toBe('pass')
    expect(permissions.checks.get('no-write-eacces')?.observed).toMatch(
      /without CAP_SETUID and CAP_SETGID, which running a peer as \S+ needs/,
    )
    expect(permissions.checks.get('root-bypasses')?.status).toBe('pass')
    const credentials = runWithout(['setuid', 'setgid'], 'scm-credentials')
    expect(credentials.status, credentials.stderr).toBe('pass')
    expect(credentials.checks.get('spoof-pid-eperm')?.status).toBe('skip')
    // peercred runs its separate client as root itself then, as any user runs it as itself.
    expect(runWithout(['setuid', 'setgid'], 'peercred').status).toBe('pass')
  })
})

describe('missingCapabilities', () => {
  it('reads the effective set from a status file, and assumes all when it has none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caps-'))
    try {
      const status = join(dir, 'status')
      // Docker's default root: CAP_SYS_ADMIN (bit 21) is the one missing of those asked.
      await writeFile(status, 'Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t00000000a80425fb\n')
      expect(
        await missingCapabilities(
          ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SYS_ADMIN'],
          status,
        ),
      ).toEqual(['CAP_SYS_ADMIN'])
      await writeFile(status, 'CapEff:\t0000000000000000\n')
      expect(await missingCapabilities(['CAP_CHOWN'], status)).toEqual(['CAP_CHOWN'])
      await writeFile(status, 'Name:\tnode\n')
      expect(await missingCapabilities(['CAP_SYS_ADMIN'], status)).toEqual([])
      expect(await missingCapabilities(['CAP_SYS_ADMIN'], join(dir, 'missing'))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
