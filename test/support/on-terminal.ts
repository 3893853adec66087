/**
 * decklab run on a pseudo-terminal that `script` (util-linux) gives it, for
 * what it shows only on a terminal (status lines): everything it wrote, as
 * the terminal received it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { onTestFinished } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { decklabBin } from './decklab.js'

const script = await findExecutable('script')

/** Why decklab cannot be run on a terminal here, or undefined when it can. */
export const terminalUnavailable: string | undefined = script
  ? undefined
  : 'no `script` to make a terminal'

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`

/** Run `decklab …args` in `cwd` on a terminal; its exit status and what the terminal showed. */
export function runDecklabOnTerminal(
  args: readonly string[],
  options: {
    cwd: string
    env?: Record<string, string> | undefined
    timeoutMs?: number | undefined
    /** Typed at the terminal (else nothing is: the input ends at once). */
    input?: string | undefined
    /** A command decklab runs under (`['timeout', '2']` stops it with SIGTERM). */
    wrap?: readonly string[] | undefined
  },
): { status: number | null; output: string } {
  const command = [...(options.wrap ?? []), process.execPath, decklabBin, ...args]
    .map(shellQuote)
    .join(' ')
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    input: options.input,
  })
  return { status: result.status, output: result.stdout }
}

/** decklab on a terminal, typed at while it runs (`runDecklabOnTerminal` types before it starts). */
export interface TerminalRun {
  /** Resolves once the terminal has shown `text`. */
  shown(text: string): Promise<void>
  /** Type at the terminal. */
  type(text: string): void
  /** Its exit status and everything the terminal showed. */
  done: Promise<{ status: number | null; output: string }>
}

/** Start `decklab …args` in `cwd` on a terminal; killed after the test if still running. */
export function startDecklabOnTerminal(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> | undefined },
): TerminalRun {
  const command = [process.execPath, decklabBin, ...args].map(shellQuote).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  })
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number))
  })
  let output = ''
  const waiting: Array<{ text: string; resolve: () => void }> = []
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    output += chunk
    for (const wait of waiting.splice(0)) {
      if (output.includes(wait.text)) wait.resolve()
      else waiting.push(wait)
    }
  })
  const done = new Promise<{ status: number | null; output: string }>((resolve) => {
    child.on('close', (status) => resolve({ status, output }))
  })
  return {
    shown: (text) =>
      output.includes(text)
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ text, resolve })),
    type: (text) => child.stdin.write(text),
    done,
  }
}
