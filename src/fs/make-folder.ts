/**
 * `mkdir -p` that fails with the real reason. Node's recursive mkdir reports
 * ENOENT for a folder it cannot make on a read-only file system (EROFS), as
 * if something were missing; making the missing folders one by one, from the
 * deepest one that exists, lets the system say why.
 */
import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/** Make `path` and any missing parents; an existing folder is fine. */
export function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true })
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const missing: string[] = []
  for (let folder = path; !exists(folder); folder = dirname(folder)) {
    if (dirname(folder) === folder) break
    missing.unshift(folder)
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder)
    } catch (error) {
      // Made meanwhile by someone else: go on.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

function exists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined
}
