/**
 * Leftover detection: after a lab, nothing of it may remain — no file in its
 * directory, no directory, no process.
 */
import { lstat, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { descendantsOf, liveGroupMembers, type ProcessInfo } from './processes.js'

/**
 * Describe every entry still inside `dir` (recursively), e.g. `socket file
 * s.sock`, but a socket file at one of `told` (a leftover said otherwise).
 */
export async function leftoverEntries(
  dir: string,
  told: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const found: string[] = []
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
      if (stats.isSocket()) found.push(`socket file ${shown} left in the lab directory`)
      else if (stats.isDirectory()) {
        found.push(`directory ${shown} left in the lab directory`)
        await walk(path)
      } else if (stats.isFIFO()) found.push(`fifo ${shown} left in the lab directory`)
      else found.push(`file ${shown} left in the lab directory`)
    }
  }
  await walk(dir)
  return found
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
