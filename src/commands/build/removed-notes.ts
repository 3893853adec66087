/**
 * Notes the last build packaged and this one does not. An import never
 * deletes a note, so Anki keeps them: `build` names them and gives the
 * browser search that finds them (Anki keeps a package's note ids, so
 * `nid:` finds exactly these notes).
 */
import type { ContentStamp } from '../../rebuild/build-state.js'
import type { Colors } from '../../terminal/colors.js'
import { count } from '../../text/count.js'

/** Ids of the notes in `previous` (guid → stamp) that are not `built`, ascending. */
export function removedNoteIds(
  previous: Readonly<Record<string, ContentStamp>>,
  built: (guid: string, stamp: ContentStamp) => boolean,
): number[] {
  const ids: number[] = []
  for (const [guid, stamp] of Object.entries(previous)) {
    if (stamp.id !== undefined && !built(guid, stamp)) ids.push(stamp.id)
  }
  return ids.sort((a, b) => a - b)
}

/** The Anki browser search for these notes. */
export function noteSearch(ids: readonly number[]): string {
  return `nid:${ids.join(',')}`
}

/** The lines that name the removed notes (`removed` ids, found by `search`) and how to delete them. */
export function removedNotesText(
  removed: readonly number[],
  search: string,
  colors: Colors,
): string {
  // Not `decklab sync`: it deletes only the notes it synced itself, never imported ones.
  const one = removed.length === 1
  const them = one ? 'it' : 'them'
  return `${colors.yellow('removed:')} ${count(removed.length, 'note')} from the last build ${one ? 'is' : 'are'} no longer in the notes. Importing keeps ${them} in Anki; to delete ${them}, search Anki's browser (Browse) for:\n  ${search}\nthen select ${one ? 'the note' : 'all the notes found'} and choose Notes → Delete.\n`
}
