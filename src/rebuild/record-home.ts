/**
 * Where a build keeps the records of the packages it writes (their build
 * states and the quick index). Imports nothing of the build: the quick
 * check of an unchanged rebuild finds its index through it.
 */
import { createHash } from 'node:crypto'
import { basename, join, resolve, sep } from 'node:path'

/**
 * Where a build keeps the records of the packages it writes: beside them,
 * `.decklab-build/` in their folder, when that folder is one of `within`
 * or below one (the folder decklab runs in, the notes' vaults); else in
 * `away` (the state directory), one folder per package folder, so a
 * package built to `/tmp` or a shared folder leaves nothing there but itself.
 */
export interface RecordHome {
  within: readonly string[]
  away: string
}

/** The folder of the build records of the packages in `folder` (beside them without a `home`). */
export function recordFolder(folder: string, home?: RecordHome): string {
  return awayRecordFolder(folder, home) ?? join(folder, '.decklab-build')
}

/** The record folder in the state directory for the packages in `folder`, or undefined when they keep theirs beside them. */
export function awayRecordFolder(folder: string, home?: RecordHome): string | undefined {
  if (home === undefined) return undefined
  const absolute = resolve(folder)
  const inside = (root: string) =>
    absolute === root || absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
  if (home.within.some(inside)) return undefined
  // Keyed by the whole path: two folders of one name never share records.
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 16)
  return join(awayRecordsRoot(home.away), `${basename(absolute) || 'root'}-${key}`)
}

/** The folder of the state directory `away` that holds one record folder per package folder. */
export function awayRecordsRoot(away: string): string {
  return join(away, 'builds')
}
