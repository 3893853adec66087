/**
 * Where the fields of a file's `START` blocks start, worked out only when
 * asked. A load parses without them: only a problem found while rendering a
 * field needs its place, and 20,000 fields' places cost a cold load of the
 * 10,000-note bench vault about 15% of its parse time.
 */
import type { NoteBlock } from '../model/note.js'
import { parseNoteFile } from './parse-note-file.js'
import type { VaultSettings } from './settings.js'

/**
 * The field places of the block of `text` that starts at an offset: the file
 * parsed again, once, on the first call (custom regex notes are not looked
 * for: they have no field places, and their time budget is the load's).
 */
export function fieldPlacesIn(
  text: string,
  file: string,
  settings: VaultSettings,
): (blockStart: number) => NoteBlock['fieldPlaces'] {
  let places: Map<number, NoteBlock['fieldPlaces']> | undefined
  return (blockStart) => {
    places ??= new Map(
      parseNoteFile(text, {
        file,
        settings: { ...settings, customRegexps: [] },
        fieldPlaces: true,
      }).blocks.map((block) => [block.span.start.offset, block.fieldPlaces]),
    )
    return places.get(blockStart)
  }
}
