/**
 * Leftover detection: after a lab, nothing of it may remain — no file in its
 * directory, no directory, no process.
 */
import { lstat, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { descendantsOf, liveGroupMembers, type ProcessInfo } from './processes.js'

/** An entry found in a lab's directory: where it is, and what it is (`socket file s.sock`). */
export interface DirectoryEntry {
  path: string
  what: string
}

/**
 * Every entry still inside `dir` (recursively), e.g. `socket file s.sock`,
 * but a socket file at one of `told` (a leftover said otherwise).
 */
export async function leftoverEntries(
  dir: string,
  told: ReadonlySet<string> = new Set(),
): Promise<DirectoryEntry[]> {
  const found: DirectoryEntry[] = []
  const walk = async (current: string) => {
    let names: string[]
    try {
      names = await readdir(current)
    } catch {
      return
    }
    for (const name of names.sort()) {
      const path = join(current, name)
      const stats = await lstat(path).catch(() => undefined)
      const shown = relative(dir, path)
      if (!stats || (stats.isSocket() && told.has(path))) continue
      if (stats.isSocket()) found.push({ path, what: `socket file ${shown}` })
      else if (stats.isDirectory()) {
        found.push({ path, what: `directory ${shown}` })
        await walk(path)
      } else if (stats.isFIFO()) found.push({ path, what: `fifo ${shown}` })
      else found.push({ path, what: `file ${shown}` })
    }
  }
  await walk(dir)
  return found
}

/**
 * Each of `entries` as a leftover line, once the runner has tried to remove
 * the lab directory: one it removed is said to be (the lab left it, but it
 * is no longer on the disk), one still there is not.
 */
export async function describeEntries(entries: readonly DirectoryEntry[]): Promise<string[]> {
  const lines: string[] = []
  for (const { path, what } of entries) {
    const removed = !(await pathExists(path))
    lines.push(`${what} left in the lab directory${removed ? ' (removed by the runner)' : ''}`)
  }
  return lines
}

/** True when a path exists (without following a final symlink). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Live descendants of this process, in `processes` (one `listProcesses`), that are not
 * known (pids seen before the lab, or in a group another run owns).
 */
export function unexpectedDescendants(
  processes: readonly ProcessInfo[],
  knownPids: ReadonlySet<number>,
  knownGroups: ReadonlySet<number>,
): ProcessInfo[] {
  return descendantsOf(process.pid, processes).filter(
    (info) => !knownPids.has(info.pid) && !knownGroups.has(info.groupId),
  )
}

/** Describe the live members of each group, e.g. `process 123 (python3) still running`. */
export async function leftoverProcesses(groupIds: Iterable<number>): Promise<string[]> {
  const found: string[] = []
  for (const groupId of groupIds) {
    for (const member of await liveGroupMembers(groupId)) {
      found.push(describeProcess(member, 'still running after SIGKILL'))
    }
  }
  return found
}

/** One process as a leftover line. */
export function describeProcess(info: ProcessInfo, what: string): string {
  return `process ${info.pid} (${info.command}) ${what}`
}
