/**
 * A media link with a folder path (`![[ATT/pic.png]]`) found in another case
 * or Unicode form when no file has its exact spelling: Obsidian matches link
 * paths case-blind, and a vault copied from a Mac holds NFD names where the
 * note typed NFC. Each segment is matched by `linkNameKey` in its folder's
 * listing, the exact spelling first, then the others in code-unit order, so
 * the same vault always gives the same file. Each folder listed is kept with
 * the key it was searched for, so a later build can tell a name added,
 * removed or renamed there would change the match.
 */
import { join, relative, sep } from 'node:path'
import { entriesNamed } from '../fs/entries-named.js'
import { statKey, statsKey } from '../fs/stat-key.js'
import { statOrUndefined } from '../fs/stat-or-undefined.js'
import { linkNameKey } from '../text/link-name-key.js'
import type { LookedAt } from './basename-index.js'

/** A folder the match listed, and the key of the segment searched for in it. */
export interface FoldedFolder {
  path: string
  /** `linkNameKey` of the segment looked for. */
  key: string
  /** Its stat key, taken before it was listed. */
  stat: string
  /** Its entries so named (in any case or Unicode form); undefined when it could not be listed. */
  entries: ReadonlyArray<{ name: string; folder: boolean }> | undefined
}

/**
 * The file at `path` (inside `vaultRoot`) spelt in any case or Unicode form,
 * each segment below the vault root matched apart; `folders` gets every
 * folder listed, whether or not a match is found.
 */
export function findFolded(
  vaultRoot: string,
  path: string,
  folders: FoldedFolder[],
): LookedAt | undefined {
  const segments = relative(vaultRoot, path).split(sep)
  const walk = (folder: string, index: number): LookedAt | undefined => {
    const segment = segments[index]!
    const last = index === segments.length - 1
    for (const entry of matching(folder, segment, folders)) {
      const child = join(folder, entry.name)
      if (!last) {
        const found = walk(child, index + 1)
        if (found !== undefined) return found
        continue
      }
      const stats = statOrUndefined(child)
      if (stats?.isFile()) return { path: child, stat: statsKey(stats) }
    }
    return undefined
  }
  return walk(vaultRoot, 0)
}

/** The entries of `folder` named `segment` in any case or Unicode form: exact first, then in code-unit order. */
function matching(
  folder: string,
  segment: string,
  folders: FoldedFolder[],
): Array<{ name: string; folder: boolean }> {
  const key = linkNameKey(segment)
  const stat = statKey(folder)
  let entries: Array<{ name: string; folder: boolean }> | undefined
  try {
    entries = entriesNamed(folder, key)
  } catch {
    entries = undefined
  }
  folders.push({ path: folder, key, stat, entries })
  if (entries === undefined) return []
  return [...entries].sort((a, b) =>
    a.name === segment ? -1 : b.name === segment ? 1 : a.name < b.name ? -1 : 1,
  )
}
