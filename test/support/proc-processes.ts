/**
 * Processes as `/proc` shows them, for tests that check nothing outlives a
 * command: a process's state, whether it lives, and its children; and what
 * such a test started, killed and removed after it.
 */
import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'

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

/** What a test started, undone after it (see `trackProcesses`). */
export interface TrackedProcesses {
  /** Children SIGKILLed after the test, if still running. */
  children: ChildProcess[]
  /** Pids that should have died with their parent: SIGKILLed after the test should they live. */
  strays: number[]
  /** More to undo after the test, before its folders are removed. */
  cleanups: Array<() => void>
  /** A fresh folder under the temp folder, removed after the test. */
  folder(prefix: string): Promise<string>
}

/** Children, strays and temp folders a test adds here are killed and removed after each test, even on failure. */
export function trackProcesses(): TrackedProcesses {
  const folders: string[] = []
  const tracked: TrackedProcesses = {
    children: [],
    strays: [],
    cleanups: [],
    async folder(prefix) {
      const folder = await mkdtemp(join(tmpdir(), prefix))
      folders.push(folder)
      return folder
    },
  }
  afterEach(async () => {
    for (const child of tracked.children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    for (const pid of tracked.strays.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Gone, as it should be.
      }
    }
    for (const cleanup of tracked.cleanups.splice(0)) cleanup()
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
  })
  return tracked
}
