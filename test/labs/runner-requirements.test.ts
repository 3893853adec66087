// Requirement checks: each missing one is a reason to skip, never a pass.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  findExecutable,
  isRoot,
  missingRequirement,
  requirementProblem,
  unprivilegedUser,
} from '../../src/labs/requirements.js'
import { runDecklab } from '../support/decklab.js'

afterEach(() => vi.unstubAllEnvs())

describe('requirements', () => {
  it('finds nothing missing for no requirements', async () => {
    expect(await missingRequirement([])).toBeUndefined()
  })

  it('reports socat missing when it is not on PATH', async () => {
    vi.stubEnv('PATH', '/nonexistent-dir')
    expect(await findExecutable('socat')).toBeUndefined()
    expect(await requirementProblem('socat')).toMatch(/^needs socat on PATH/)
  })

  it('accepts linux here and the node-unix-socket addon', async () => {
    expect(await requirementProblem('linux')).toBe(
      process.platform === 'linux' ? undefined : `needs Linux (this is ${process.platform})`,
    )
    expect(await requirementProblem('node-unix-socket')).toBeUndefined()
  })

  it('needs a user to drop to only when running as root', async () => {
    const user = await unprivilegedUser()
    const problem = await requirementProblem('unprivileged-user')
    if (!isRoot()) expect(problem).toBeUndefined()
    else if (user) expect(problem).toBeUndefined()
    else expect(problem).toMatch(/needs an unprivileged user/)
    if (user) expect(user.uid).toBe(65534)
  })

  it('reports a lab program missing from PATH with its package, and none found there', async () => {
    vi.stubEnv('PATH', '/nonexistent-dir')
    expect(await requirementProblem('Xvfb')).toBe('needs Xvfb on PATH (apt-get install xvfb)')
    expect(await requirementProblem('cc')).toBe(
      'needs a C compiler `cc` on PATH (apt-get install gcc libc6-dev)',
    )
  })

  it('are declared by the labs that need them: `lab list` names them, and `lab run` skips before it starts', () => {
    const listed = (
      JSON.parse(runDecklab(['lab', 'list', '--json']).stdout) as {
        labs: Array<{ id: string; requires: string[] }>
      }
    ).labs
    const requires = Object.fromEntries(listed.map((lab) => [lab.id, lab.requires]))
    expect(requires['x11-socket']).toContain('Xvfb')
    expect(requires['dbus-external']).toContain('dbus-daemon')
    expect(requires['socket-activation']).toContain('systemd-socket-activate')
    expect(requires['c-socket-api']).toContain('cc')
    expect(requires['uds-vs-tcp-perf']).toContain('cc')
    expect(requires['go-sockets']).toContain('go')
    const run = runDecklab(['lab', 'run', 'x11-socket', '--json'], {
      env: { PATH: '/nonexistent-dir' },
    })
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'skip',
      reason: 'needs Xvfb on PATH (apt-get install xvfb)',
    })
  })

  it('names an unknown requirement', async () => {
    expect(await requirementProblem('docker' as never)).toBe('unknown requirement `docker`')
  })
})
