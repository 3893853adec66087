/**
 * Cleaning up after a killed process: the temp files it was writing are
 * named with its pid, and once that process is gone nothing else will
 * finish or remove them.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Remove the regular files in `directory` whose name `writerOf` gives the
 * pid of (any other name is left alone), when that pid is not this process
 * and `isGone` says it has ended. A folder that cannot be listed, or a file
 * gone meanwhile, is passed over.
 */
export function removeFilesOfDeadWriters(
  directory: string,
  writerOf: (name: string) => number | undefined,
  isGone: (pid: number) => boolean,
): void {
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return
  }
  for (const name of names) {
    const pid = writerOf(name)
    if (pid === undefined || pid === process.pid || !isGone(pid)) continue
    const path = join(directory, name)
    try {
      if (lstatSync(path).isFile()) rmSync(path, { force: true })
    } catch {
      // gone meanwhile, or not ours to remove: left as it is
    }
  }
}

/** Whether no process has this pid (one this user may not signal still runs). */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
