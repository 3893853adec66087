/**
 * Whether a build covers part of a vault. A partial build writes
 * `dist/<deck>.partial.apkg` and never names notes as removed.
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { defaultNotePaths, vaultRootFor } from '../../notes/vault-root.js'

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
