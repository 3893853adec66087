/**
 * Paths outside the lab directory that a lab handed to a process it started
 * (in its command line), and that did not exist then. A server there that
 * ended before the cleanup (the lab killed it, or it exited) is gone from the
 * kernel's table of listeners, but its socket file stays: the cleanup finds it
 * by these paths. A path the process read from elsewhere (a file, its
 * environment) or made up itself is not seen.
 */
import { lstatSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'

/**
 * Absolute paths in a command line, whole arguments or inside one (a script
 * given with `-c`, `sh -c '… /tmp/s.sock'`): from a `/` after a start, a
 * space, a quote or `=`, up to a space, a quote or shell punctuation.
 */
const pathPattern = /(?<=^|[\s'"`=(,])\/[^\s'"`;|&<>(){}[\],]+/g

/** The absolute paths `line` names outside `dir` that do not exist now. */
export function newPathsOutside(line: readonly string[], dir: string): string[] {
  const found = new Set<string>()
  for (const argument of line) {
    for (const match of argument.matchAll(pathPattern)) {
      const path = match[0].replace(/[.:]+$/, '')
      if (!isAbsolute(path) || !relative(dir, path).startsWith('..')) continue
      if (!exists(path)) found.add(path)
    }
  }
  return [...found]
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}
