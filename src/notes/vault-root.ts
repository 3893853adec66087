/**
 * Which vault a path belongs to, and which notes a command reads when given
 * no paths. One rule for every subset of a vault, so `build sub` resolves
 * media, folder decks and settings as `build .` does:
 * - the nearest folder at or above the path that holds `.obsidian/`;
 * - else the folder you run decklab in, when the path is inside it;
 * - else the path itself (a file's folder).
 */
import { statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** Whether `folder` holds `.obsidian/`: it is an Obsidian vault's root. */
export function holdsObsidian(folder: string): boolean {
  return isDirectory(join(folder, '.obsidian'))
}

/** The nearest folder at or above `folder` holding `.obsidian/`, if any. */
export function obsidianVaultAbove(folder: string): string | undefined {
  for (let current = resolve(folder); ; current = dirname(current)) {
    if (holdsObsidian(current)) return current
    if (dirname(current) === current) return undefined
  }
}

/** The vault root for an absolute note file or folder, by the rule above. */
export function vaultRootFor(cwd: string, absolutePath: string, directory: boolean): string {
  const start = directory ? absolutePath : dirname(absolutePath)
  const obsidian = obsidianVaultAbove(start)
  if (obsidian !== undefined) return obsidian
  const fromCwd = relative(resolve(cwd), start)
  const insideCwd =
    fromCwd === '' || !(fromCwd === '..' || fromCwd.startsWith('../') || fromCwd.startsWith('/'))
  return insideCwd ? resolve(cwd) : start
}

/**
 * The paths read when none are given: the vault you stand in (the folder
 * holding `.obsidian/` at or above the current one), else a `notes/` folder
 * here (the shipped course), else the current folder.
 */
export function defaultNotePaths(cwd: string): string[] {
  const vault = obsidianVaultAbove(cwd)
  if (vault !== undefined) return [relative(resolve(cwd), vault) || '.']
  return isDirectory(join(cwd, 'notes')) ? ['notes'] : ['.']
}

/** The paths a command reads: those given, else `defaultNotePaths`. */
export function notePaths(cwd: string, paths: readonly string[]): string[] {
  return paths.length > 0 ? [...paths] : defaultNotePaths(cwd)
}

/** The absolute folders and files a command reads (see `notePaths`). */
export function notePathRoots(cwd: string, paths: readonly string[]): string[] {
  return notePaths(cwd, paths).map((path) => resolve(cwd, path))
}

/**
 * The vault roots of the paths a command reads (see `notePaths`), as the
 * vault loader gives them to the files it finds there: also when it finds
 * none (the vault's last note file deleted). A path that cannot be looked
 * at has none (the loader stops at it).
 */
export function notePathVaultRoots(cwd: string, paths: readonly string[]): string[] {
  const roots = new Set<string>()
  for (const path of notePathRoots(cwd, paths)) {
    let directory: boolean
    try {
      directory = statSync(path).isDirectory()
    } catch {
      continue
    }
    roots.add(vaultRootFor(cwd, path, directory))
  }
  return [...roots].sort()
}

/** Whether an absolute `file` is one of `roots` or lies below one. */
export function isUnderRoots(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(`${root}${sep}`))
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
