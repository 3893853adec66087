// socket-permissions closes each server it listens on even when looking at the socket file
// fails: a server left listening kept `decklab lab run` and `verify` from exiting.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { procNetUnixRows } from '../../src/labs/kit/evidence.js'
import { findLab } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'

const failing = vi.hoisted(() => ({ suffix: undefined as string | undefined }))

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>()
  const stat: typeof original.stat = ((path: Parameters<typeof original.stat>[0], ...rest: []) => {
    if (failing.suffix && String(path).endsWith(failing.suffix)) {
      return Promise.reject(Object.assign(new Error(`ENOENT: stat '${path}'`), { code: 'ENOENT' }))
    }
    return original.stat(path, ...rest)
  }) as typeof original.stat
  return { ...original, stat, default: { ...original, stat } }
})

afterEach(() => {
  failing.suffix = undefined
})

describe('lab socket-permissions when stat fails', () => {
  for (const suffix of ['/umask-22.sock', '/all.sock']) {
    it(`closes its server itself (stat of ${suffix.slice(1)} fails)`, async () => {
      failing.suffix = suffix
      const result = await runLab((await findLab('socket-permissions'))!)
      expect(result.status).toBe('error')
      expect(result.reason).toContain(`ENOENT: stat '`)
      // The lab closed it, not the runner's safety net.
      expect(result.transcript.join('\n')).not.toContain('closed server on')
      const listening = (await procNetUnixRows()).filter((row) => row.address.endsWith(suffix))
      expect(listening).toEqual([])
    })
  }
})
