// Requirement checks: each missing one is a reason to skip, never a pass.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  findExecutable,
  isRoot,
  missingRequirement,
  requirementProblem,
  unprivilegedUser,
} from '../../src/labs/requirements.js'

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

  it('names an unknown requirement', async () => {
    expect(await requirementProblem('docker' as never)).toBe('unknown requirement `docker`')
  })
})
