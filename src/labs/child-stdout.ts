/**
 * decklab's stdout is its report (with `--json`, exactly one JSON document).
 * A lab that passes it on to a child (`stdio: 'inherit'`, `[…, 1, …]`,
 * `process.stdout`) let the child write into that report; the runner's net
 * for the lab's own `process.stdout` writes does not reach a child. Such a
 * child gets a pipe instead, and what it prints goes to the transcript.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process'

/** Whether one stdio entry is decklab's own stdout. */
function isOurStdout(entry: unknown): boolean {
  return entry === 'inherit' || entry === 1 || entry === process.stdout
}

/** `stdio` with decklab's stdout, where it is the child's, replaced by a pipe; whether it was. */
export function withoutOurStdout(stdio: StdioOptions | undefined): {
  stdio: StdioOptions | undefined
  piped: boolean
} {
  if (stdio === 'inherit') return { stdio: ['inherit', 'pipe', 'inherit'], piped: true }
  if (Array.isArray(stdio) && isOurStdout(stdio[1])) {
    const entries = [...stdio]
    entries[1] = 'pipe'
    return { stdio: entries, piped: true }
  }
  return { stdio, piped: false }
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
