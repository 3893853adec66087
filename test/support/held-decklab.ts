/**
 * decklab started with a module preloaded that stops it (SIGSTOP) at a
 * chosen moment, for tests that kill it there: the moment is held, not
 * raced. Its TMPDIR is a fresh folder of the test's.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { expect } from 'vitest'
import { decklabBin } from './decklab.js'
import { stateOf, type TrackedProcesses } from './proc-processes.js'

/** `decklab args`, stopped where `holdModule` (the preloaded module's text) stops it. */
export async function heldDecklab(
  tracked: TrackedProcesses,
  args: readonly string[],
  holdModule: string,
  prefix: string,
): Promise<{ decklab: ChildProcess; base: string; tmp: string }> {
  const base = await tracked.folder(prefix)
  const hold = join(base, 'hold.mjs')
  await writeFile(hold, holdModule)
  const tmp = await mkdtemp(join(base, 't'))
  const decklab = spawn(process.execPath, [decklabBin, ...args], {
    env: {
      ...process.env,
      NO_COLOR: '1',
      TMPDIR: tmp,
      NODE_OPTIONS: `--import=${pathToFileURL(hold).href}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  tracked.children.push(decklab)
  let stderr = ''
  decklab.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  let exited = false
  decklab.once('exit', () => {
    exited = true
  })
  while (!exited && stateOf(decklab.pid!) !== 'T') await delay(5)
  expect(exited, stderr).toBe(false)
  return { decklab, base, tmp }
}
