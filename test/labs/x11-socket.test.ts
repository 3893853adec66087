import { existsSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/x11-socket.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { checkNamed } from './support/lab-result.js'

const xvfb = await findExecutable('Xvfb')
// Display :0 held by a running X server (a desktop session) makes the lab skip; that is not
// this test's subject. A lock whose process is gone is stale, and Xvfb replaces it.
function displayHeld(): boolean {
  if (!existsSync('/tmp/.X0-lock')) return false
  const pid = Number(readFileSync('/tmp/.X0-lock', 'utf8').trim())
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
const displayFree = !displayHeld()

/** Run the lab; another test file may be running it at the same moment (the leftovers test). */
async function runWhenDisplayFree(): Promise<LabResult> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await runLab(lab)
    const busy = result.status === 'skip' && /is in use/.test(result.reason ?? '')
    if (!busy || attempt === 100) return result
    await sleep(100)
  }
}

describe('x11-socket lab (Xvfb as display :0)', () => {
  it.skipIf(!xvfb || !displayFree)(
    'finds the server listening on /tmp/.X11-unix/X0 and on the abstract @/tmp/.X11-unix/X0, and leaves neither',
    async () => {
      const result = await runWhenDisplayFree()
      const detail = JSON.stringify(result, null, 2)
      expect(result.status, detail).toBe('pass')
      expect(result.leftovers, detail).toBeUndefined()
      expect(checkNamed(result, 'display-socket-path').values).toEqual([
        { kind: 'name', value: '/tmp/.X11-unix/X0' },
      ])
      expect(checkNamed(result, 'display-abstract-name').values).toEqual([
        { kind: 'name', value: '@/tmp/.X11-unix/X0', about: 'abstract' },
      ])
      expect(checkNamed(result, 'display-socket-path').evidence?.[0]).toMatch(
        /^\/proc\/net\/unix: .* 00010000 .*\/tmp\/\.X11-unix\/X0$/,
      )
    },
  )
})
