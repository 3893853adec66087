/** Running `decklab lab serve` in tests: start it, await its READY line, stop it. */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { onTestFinished } from 'vitest'
import { decklabBin } from './decklab.js'

export interface Served {
  child: ChildProcess
  /** The address after `READY `. */
  address: string
  /** With `--json`: the document printed once ready. */
  ready?: unknown
  /** What the server wrote on stderr so far. */
  stderr: () => string
}

/** Start `lab serve <id> [extra…]` and await its first stdout line (READY, or the `--json` document); the child is killed after the test. */
export async function serveLab(id: string, ...extra: string[]): Promise<Served> {
  const child = spawn(process.execPath, [decklabBin, 'lab', 'serve', id, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const lines = createInterface({ input: child.stdout! })
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`lab serve exited before READY: ${stderr}`)
    }),
  ])) as [string]
  // With --json the first line is the JSON document that says it is ready.
  if (extra.includes('--json')) {
    const ready = JSON.parse(first) as { address: string }
    return { child, address: ready.address, ready, stderr: () => stderr }
  }
  if (!first.startsWith('READY /')) throw new Error(`expected READY <path>, got ${first}`)
  return { child, address: first.slice('READY '.length), stderr: () => stderr }
}

/** Send `signal` to the server and await its exit code. */
export async function stopServer(
  served: Served,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  const exited = once(served.child, 'exit')
  served.child.kill(signal)
  const [code] = (await exited) as [number | null]
  return code
}
