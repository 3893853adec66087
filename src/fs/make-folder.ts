/**
 * `mkdir -p` that fails with the real reason, and fails at all. Node's
 * recursive mkdir reports ENOENT for a folder it cannot make on a read-only
 * file system (EROFS), as if something were missing; and where a parent
 * exists but the folder still gives ENOENT (under `/proc`, or below a
 * symbolic link to a folder that is gone) it makes the parent, tries again,
 * and spins at full CPU forever, deaf to Ctrl-C (node 20, 22). Making the
 * missing folders one by one, from the deepest one that exists, lets the
 * system say why, once.
 */
import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Make `path` and any missing parents (with `mode`); an existing folder is
 * fine. Returns the first folder it made, as `mkdirSync` recursive does
 * (undefined when none was missing).
 */
export function makeFolder(path: string, mode?: number): string | undefined {
  const missing: string[] = []
  for (let folder = path; !exists(folder); folder = dirname(folder)) {
    if (dirname(folder) === folder) break
    missing.unshift(folder)
  }
  // What mkdir -p says of a file standing there: EEXIST.
  if (missing.length === 0 && !statSync(path).isDirectory()) mkdirSync(path)
  let first: string | undefined
  for (const folder of missing) {
    try {
      mkdirSync(folder, mode === undefined ? undefined : { mode })
      first ??= folder
    } catch (error) {
      // Made meanwhile by someone else: go on. (A dangling link is EEXIST too: the
      // next folder below it then gives ENOENT, thrown.)
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return first
}

function exists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined
}
