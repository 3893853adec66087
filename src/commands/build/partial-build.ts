/**
 * Whether a build covers part of a vault. A partial build writes
 * `dist/<deck>.partial.apkg` and never names notes as removed.
 */
import { statSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { defaultNotePaths, obsidianVaultAbove, vaultRootFor } from '../../notes/vault-root.js'
import { programName } from '../../text/program-name.js'

/**
 * A build of part of a vault: paths were given, and they are neither the
 * default paths nor a vault root (`build .` in the vault is the whole vault).
 */
export function isPartialBuild(
  cwd: string,
  paths: readonly string[],
  files?: ReadonlyArray<{ vaultRoot: string }> | undefined,
): boolean {
  if (paths.length === 0) return false
  const given = paths.map((path) => resolve(cwd, path))
  const defaults = defaultNotePaths(cwd).map((path) => resolve(cwd, path))
  if (given.length === defaults.length && given.every((path) => defaults.includes(path))) {
    return false
  }
  const roots = new Set(files?.map((file) => resolve(file.vaultRoot)))
  return !given.some((path) => roots.has(path) || isVaultRoot(cwd, path))
}

function isVaultRoot(cwd: string, path: string): boolean {
  try {
    return vaultRootFor(cwd, path, statSync(path).isDirectory()) === path
  } catch {
    return false
  }
}

/**
 * What a partial build tells its user. A folder named from the folder above
 * it is part of the vault decklab is run in when no `.obsidian/` marks a
 * vault: `cd ~ && decklab build notes` is then a partial build of `~`, and
 * "build with no paths" would build all of `~`, so the notice says how to
 * build that folder as a deck of its own instead.
 */
export function partialBuildNotice(cwd: string, paths: readonly string[]): string {
  const [only] = paths
  const named = paths.length === 1 && only !== undefined ? folderOfCwdVault(cwd, only) : undefined
  if (named === undefined) {
    return `partial build: only the named notes are in this package; \`${programName()} build\` with no paths builds the whole deck`
  }
  return `partial build: only the notes under \`${named}\` are in this package: with no \`.obsidian/\` to mark a vault, the folder decklab runs in is the vault; \`${programName()} build\` with no paths builds all of it, or run \`${programName()} build\` inside \`${named}\` to build it as a deck of its own`
}

/** `path` as named from `cwd`, when it is a folder whose vault is `cwd` for want of `.obsidian/`. */
function folderOfCwdVault(cwd: string, path: string): string | undefined {
  const folder = resolve(cwd, path)
  try {
    if (!statSync(folder).isDirectory()) return undefined
  } catch {
    return undefined
  }
  if (obsidianVaultAbove(folder) !== undefined) return undefined
  if (vaultRootFor(cwd, folder, true) !== resolve(cwd)) return undefined
  return relative(resolve(cwd), folder)
}
