/**
 * Where this build keeps its packages' records (see `RecordHome`): beside a
 * package in the folder decklab runs in or in the notes' vaults, in the
 * state directory for a package built anywhere else. Without a state
 * directory (a caller that names none), or with one this user may not
 * write in (a home folder that is not theirs, or a file where its `builds/`
 * folder goes), beside the package, as before: a record never costs the build.
 */
import { accessSync, constants, type Stats, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { notePathVaultRoots } from '../../notes/vault-root.js'
import { awayRecordsRoot, type RecordHome } from '../../rebuild/record-home.js'

export function recordHomeOf(options: {
  cwd: string
  paths: readonly string[]
  stateDirectory?: string | undefined
}): RecordHome | undefined {
  const away = options.stateDirectory
  // Its `builds/` checked, not the state folder alone: a file of that name there
  // failed the record's write after the package was written (ENOTDIR, an internal error).
  if (away === undefined || !mayMakeFolder(awayRecordsRoot(away))) return undefined
  return {
    within: [resolve(options.cwd), ...notePathVaultRoots(options.cwd, options.paths)],
    away,
  }
}

/** Whether `folder` is a folder this user may write in, or its nearest existing parent is. */
function mayMakeFolder(folder: string): boolean {
  for (let path = resolve(folder); ; path = dirname(path)) {
    let stats: Stats | undefined
    try {
      stats = statSync(path, { throwIfNoEntry: false })
    } catch {
      // Not to be looked at (another user's home folder): no folder to make there.
      return false
    }
    if (stats !== undefined) {
      if (!stats.isDirectory()) return false
      try {
        accessSync(path, constants.W_OK | constants.X_OK)
        return true
      } catch {
        return false
      }
    }
    if (dirname(path) === path) return false
  }
}
