/**
 * decklab run on a pseudo-terminal that `script` (util-linux) gives it, for
 * what it shows only on a terminal (status lines): everything it wrote, as
 * the terminal received it.
 */
import { spawnSync } from 'node:child_process'
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
  },
): { status: number | null; output: string } {
  const command = [process.execPath, decklabBin, ...args].map(shellQuote).join(' ')
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    input: options.input,
  })
  return { status: result.status, output: result.stdout }
}
