/**
 * Running the built decklab binary in CLI tests: the real process, with
 * colour off unless a test asks otherwise.
 */
import { type ChildProcess, type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, onTestFinished } from 'vitest'

/** The built binary (`npm test` builds it first). */
export const decklabBin = fileURLToPath(new URL('../../lib/src/main.js', import.meta.url))

export interface DecklabRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface DecklabRunOptions {
  cwd?: string | undefined
  /** Added to the environment (after `NO_COLOR=1`, so a test can override it). */
  env?: Record<string, string> | undefined
  /** Text for stdin; without it stdin is closed, as in CI. */
  input?: string | undefined
  timeoutMs?: number | undefined
  /** Another built binary to run (a copy of the package), instead of this tree's. */
  bin?: string | undefined
}

/** Run decklab and wait for it (blocks the test worker: fine for commands that start nothing). */
export function runDecklab(args: readonly string[], options: DecklabRunOptions = {}): DecklabRun {
  const result = spawnDecklabSync(args, options, { timeout: options.timeoutMs ?? 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * Run decklab as `runDecklab` does, but killed (SIGKILL) after `withinMs`, the test failing
 * there with how long it ran: a test that an input is read in linear time, which took the
 * square of its length before (minutes), ends at once instead of at the test's timeout.
 * Its output may be large (a warning per line of the input).
 */
export function runDecklabWithin(
  args: readonly string[],
  withinMs: number,
  options: Omit<DecklabRunOptions, 'timeoutMs'> = {},
): DecklabRun {
  const started = Date.now()
  const result = spawnDecklabSync(args, options, {
    timeout: withinMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  })
  expect(result.signal, `killed after ${Date.now() - started} ms`).toBeNull()
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** decklab run to its end, as every synchronous run here starts it: colour off, stdin closed unless given. */
function spawnDecklabSync(
  args: readonly string[],
  options: Omit<DecklabRunOptions, 'timeoutMs'>,
  limits: Pick<SpawnSyncOptions, 'timeout' | 'killSignal' | 'maxBuffer'>,
) {
  return spawnSync(process.execPath, [options.bin ?? decklabBin, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    ...limits,
  })
}

/**
 * Start decklab without blocking the test worker: `stderr()` is what it has
 * said so far (to wait for a line while it runs), `done` its whole run, and
 * `child` the process itself (to send it a signal, as a Ctrl-C would).
 */
export function startDecklab(
  args: readonly string[],
  options: Omit<DecklabRunOptions, 'input' | 'timeoutMs'> = {},
): { child: ChildProcess; stderr: () => string; done: Promise<DecklabRun> } {
  const child = spawn(process.execPath, [options.bin ?? decklabBin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const done = new Promise<DecklabRun>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
  // A test that fails or times out before decklab ends must not leave it running (a hung
  // lab run outlived its test by an hour): it gets SIGTERM, which stops its labs and removes
  // their folders, as Ctrl-C would. Outside a test (a hook) there is no test to end with.
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    })
  } catch {
    // Not inside a test.
  }
  return { child, stderr: () => stderr, done }
}

/**
 * Run decklab without blocking the test worker: needed when the command
 * starts labs whose peers must be served by this process's event loop.
 */
export function runDecklabAsync(
  args: readonly string[],
  options: Omit<DecklabRunOptions, 'input' | 'timeoutMs'> = {},
): Promise<DecklabRun> {
  return startDecklab(args, options).done
}
