/**
 * Paths outside the lab directory that a lab handed to a process it started,
 * and that did not exist then: in its command line, in the environment it
 * got, or in the text of a small file its command line names (a config
 * file, a script). A server there that ended before the cleanup (the lab
 * killed it, or it exited) is gone from the kernel's table of listeners, but
 * its socket file stays: the cleanup finds it by these paths. A path the
 * process read from a file its command line does not name, or made up
 * itself, is not seen.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'

/**
 * Absolute paths in a command line, whole arguments or inside one (a script
 * given with `-c`, `sh -c '… /tmp/s.sock'`): from a `/` after a start, a
 * space, a quote or `=`, up to a space, a quote or shell punctuation.
 */
const pathPattern = /(?<=^|[\s'"`=(,>])\/[^\s'"`;|&<>(){}[\],]+/g

/** A file the command line names is read for paths up to this size (a config file or a script, not a program). */
export const handedFileLimit = 64 * 1024

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

/** What a process is handed, for where it may make a socket file. */
export interface Handed {
  /** The command and its arguments. */
  line: readonly string[]
  /** The environment it gets. */
  env: NodeJS.ProcessEnv
  /** Its working directory, against which a relative file name in `line` is read. */
  cwd: string
}

/**
 * The absolute paths outside `dir`, absent now, that a process is handed:
 * in its command line, its environment's values, and the text of each
 * regular file of at most `handedFileLimit` bytes its command line names
 * (absolute, or relative to its working directory; an argument whole or the
 * value after its `=`).
 */
export function handedPathsOutside({ line, env, cwd }: Handed, dir: string): string[] {
  const texts = [...line, ...Object.values(env).filter((value) => value !== undefined)]
  const named = new Set<string>()
  for (const argument of line) {
    // Whole, or an option's value (`--config-file=bus.conf`).
    named.add(resolve(cwd, argument))
    named.add(resolve(cwd, argument.slice(argument.indexOf('=') + 1)))
    for (const match of argument.matchAll(pathPattern)) named.add(match[0])
  }
  for (const path of named) {
    const text = smallFileText(path)
    if (text !== undefined) texts.push(text)
  }
  return newPathsOutside(texts, dir)
}

/** The text of the regular file at `path` when it has at most `handedFileLimit` bytes. */
function smallFileText(path: string): string | undefined {
  try {
    // Looked at first: a FIFO named in a command line must not be opened (that waits for a writer).
    const stats = statSync(path)
    if (!stats.isFile() || stats.size > handedFileLimit) return undefined
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}
