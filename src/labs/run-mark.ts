/**
 * The run's mark: while a lab runs alone in decklab's process,
 * `DECKLAB_LAB_RUN=<token>` is in decklab's environment, so every process the
 * lab starts with that environment (a raw `child_process.spawn`,
 * `context.spawn` without `env` or with `{ ...process.env, … }`) and all they
 * fork carry it. A process that left decklab's process tree, where the
 * runner looks for strays (the orphan of a shell's `cmd &` started outside
 * the context, a daemon that forked and called setsid(), out of its process
 * group too), is found by it when the lab ends. A process given an
 * environment without the mark (a python3 peer's, which is fixed) is not.
 */
import { readFileSync } from 'node:fs'
import type { ProcessInfo } from './processes.js'

/** The environment variable that marks a run's processes. */
export const runMarkName = 'DECKLAB_LAB_RUN'

/** Put the mark `token` in decklab's environment; the returned function takes it out again. */
export function markRun(token: string): () => void {
  const before = process.env[runMarkName]
  process.env[runMarkName] = token
  return () => {
    if (before === undefined) delete process.env[runMarkName]
    else process.env[runMarkName] = before
  }
}

/**
 * The live processes in `processes` whose environment holds the mark
 * `token`, leaving out `known` (those running before the run, and the ones
 * the runner finds otherwise). Only a process's own user (or root) can read
 * its environment: other users' are not the lab's.
 */
export function markedProcesses(
  processes: readonly ProcessInfo[],
  token: string,
  known: (info: ProcessInfo) => boolean,
): ProcessInfo[] {
  const entry = `\0${runMarkName}=${token}\0`
  return processes.filter((info) => {
    if (info.state === 'Z' || info.pid === process.pid || known(info)) return false
    try {
      return `\0${readFileSync(`/proc/${info.pid}/environ`, 'latin1')}`.includes(entry)
    } catch {
      return false
    }
  })
}
