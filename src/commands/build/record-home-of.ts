/**
 * Where this build keeps its packages' records (see `RecordHome`): beside a
 * package in the folder decklab runs in or in the notes' vaults, in the
 * state directory for a package built anywhere else. Without a state
 * directory (a caller that names none) always beside the package.
 */
import { resolve } from 'node:path'
import { notePathVaultRoots } from '../../notes/vault-root.js'
import type { RecordHome } from '../../rebuild/record-home.js'

export function recordHomeOf(options: {
  cwd: string
  paths: readonly string[]
  stateDirectory?: string | undefined
}): RecordHome | undefined {
  if (options.stateDirectory === undefined) return undefined
  return {
    within: [resolve(options.cwd), ...notePathVaultRoots(options.cwd, options.paths)],
    away: options.stateDirectory,
  }
}
