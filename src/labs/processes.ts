/**
 * Process bookkeeping for labs: every child runs in its own process group,
 * which the runner kills at the end; /proc tells which processes are left.
 */
import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'

/** One process as /proc/<pid>/stat describes it. */
export interface ProcessInfo {
  pid: number
  parentPid: number
  groupId: number
  command: string
  state: string
}

/**
 * Every process visible in /proc (zombies included; `state` is `Z` for them).
 * Synchronous on purpose: procfs reads never block, and one pass over ~100
 * tiny files is several times faster than as many promises.
 */
export async function listProcesses(): Promise<ProcessInfo[]> {
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  const processes: ProcessInfo[] = []
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
    } catch {
      continue // The process ended while we were reading.
    }
    // The command is in parentheses and may itself contain spaces or ')'.
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(')')
    const rest = stat.slice(close + 2).split(' ', 4)
    processes.push({
      pid: Number(entry),
      command: stat.slice(open + 1, close),
      state: rest[0] ?? '?',
      parentPid: Number(rest[1]),
      groupId: Number(rest[2]),
    })
  }
  return processes
}

/** The live (non-zombie) descendants of `rootPid`, found through parent links. */
export function descendantsOf(rootPid: number, processes: readonly ProcessInfo[]): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>()
  for (const info of processes) {
    const list = children.get(info.parentPid) ?? []
    list.push(info)
    children.set(info.parentPid, list)
  }
  const found: ProcessInfo[] = []
  const queue = [rootPid]
  while (queue.length > 0) {
    const pid = queue.shift()!
    for (const child of children.get(pid) ?? []) {
      if (child.state !== 'Z') found.push(child)
      queue.push(child.pid)
    }
  }
  return found
}

/** Live (non-zombie) members of a process group. */
export async function liveGroupMembers(groupId: number): Promise<ProcessInfo[]> {
  if (!groupExists(groupId)) return []
  // kill(-pgid, 0) also succeeds for zombies nobody has reaped yet (PID 1 in
  // a container may never reap them), so ask /proc who is really running.
  return (await listProcesses()).filter((info) => info.groupId === groupId && info.state !== 'Z')
}

/** True when a process group still has a member (zombies included). */
export function groupExists(groupId: number): boolean {
  try {
    process.kill(-groupId, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Stop a process group: SIGTERM, then SIGKILL once `graceMs` has passed
 * without every member exiting. Resolves when no live member is left (or
 * after the SIGKILL grace, whatever is still there).
 */
export async function stopGroup(
  groupId: number,
  child: ChildProcess | undefined,
  graceMs = 500,
): Promise<void> {
  if ((await liveGroupMembers(groupId)).length === 0) return
  signalGroup(groupId, 'SIGTERM')
  if (await waitForGroupExit(groupId, child, graceMs)) return
  signalGroup(groupId, 'SIGKILL')
  await waitForGroupExit(groupId, child, graceMs)
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal)
  } catch {
    // Already gone.
  }
}

/** Wait (exit event for the leader, then polling /proc for the rest) until the group has no live member. */
async function waitForGroupExit(
  groupId: number,
  child: ChildProcess | undefined,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  if (child && child.exitCode === null && child.signalCode === null) {
    let timer: NodeJS.Timeout | undefined
    let onExit: (() => void) | undefined
    await new Promise<void>((resolve) => {
      onExit = resolve
      child.once('exit', onExit)
      timer = setTimeout(resolve, timeoutMs)
    })
    clearTimeout(timer)
    if (onExit) child.off('exit', onExit)
  }
  // Other members of the group give no exit event; poll briefly.
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    if ((await liveGroupMembers(groupId)).length === 0) return true
    if (Date.now() >= deadline) return false
    await delay(wait)
  }
}
