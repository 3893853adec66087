/**
 * Processes as `/proc` shows them, for tests that check nothing outlives a
 * command: a process's state, whether it lives, and its children.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** The state letter of /proc/<pid>/stat (`T` stopped, `Z` zombie), or undefined once gone. */
export function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return stat.slice(stat.lastIndexOf(')') + 2)[0]
  } catch {
    return undefined
  }
}

/** Whether `pid` is a live process (not gone, not a zombie). */
export function isAlive(pid: number): boolean {
  const state = stateOf(pid)
  return state !== undefined && state !== 'Z'
}

/** Live (non-zombie) processes whose parent is `pid`, with their command names. */
export function childrenOf(pid: number): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(rest[1]) === pid && rest[0] !== 'Z') {
        found.push({
          pid: Number(entry),
          command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        })
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found
}
