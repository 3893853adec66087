/**
 * decklab's stdout is its report (with `--json`, exactly one JSON document).
 * A lab that passes it on to a child (`stdio: 'inherit'`, `[…, 1, …]`,
 * `process.stdout`) let the child write into that report; the runner's net
 * for the lab's own `process.stdout` writes does not reach a child. Such a
 * child gets a pipe instead, and what it prints goes to the transcript.
 * decklab's stdin is the user's keyboard (the quiz reads its keys there): a
 * child given it reads nothing (it gets /dev/null), so it cannot take keys
 * meant for the quiz or wait for a line nobody types.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process'

/** Whether one stdio entry is decklab's own stdout. */
function isOurStdout(entry: unknown): boolean {
  return entry === 'inherit' || entry === 1 || entry === process.stdout
}

/** Whether one stdio entry is decklab's own stdin. */
function isOurStdin(entry: unknown): boolean {
  return entry === 'inherit' || entry === 0 || entry === process.stdin
}

/**
 * `stdio` with decklab's stdout, where it is the child's, replaced by a pipe
 * (`piped` says so), and decklab's stdin by nothing.
 */
export function withoutOurStdio(stdio: StdioOptions | undefined): {
  stdio: StdioOptions | undefined
  piped: boolean
} {
  if (stdio === 'inherit') return { stdio: ['ignore', 'pipe', 'inherit'], piped: true }
  if (!Array.isArray(stdio)) return { stdio, piped: false }
  const entries = [...stdio]
  if (isOurStdin(entries[0])) entries[0] = 'ignore'
  const piped = isOurStdout(entries[1])
  if (piped) entries[1] = 'pipe'
  return { stdio: entries, piped }
}

/** Put each line `child` prints on its stdout in the transcript. */
export function stdoutToTranscript(
  child: ChildProcess,
  command: string,
  log: (line: string) => void,
): void {
  let rest = ''
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (text: string) => {
    const lines = (rest + text).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) log(`stdout of ${command}: ${line}`)
  })
  child.stdout?.on('end', () => {
    if (rest) log(`stdout of ${command}: ${rest}`)
  })
}
