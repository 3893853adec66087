/**
 * Notes the last build packaged and this one does not. An import never
 * deletes a note, so Anki keeps them: `build` names them and gives the
 * browser search that finds them (Anki keeps a package's note ids, so
 * `nid:` finds exactly these notes).
 */
import type { ContentStamp } from '../../rebuild/build-state.js'

/** Ids of the notes in `previous` (guid → stamp) whose guid is not among `built`, ascending. */
export function removedNoteIds(
  previous: Readonly<Record<string, ContentStamp>>,
  built: ReadonlySet<string>,
): number[] {
  const ids: number[] = []
  for (const [guid, stamp] of Object.entries(previous)) {
    if (!built.has(guid) && stamp.id !== undefined) ids.push(stamp.id)
  }
  return ids.sort((a, b) => a - b)
}

/** The Anki browser search for these notes. */
export function noteSearch(ids: readonly number[]): string {
  return `nid:${ids.join(',')}`
}
