/**
 * What the quiz and `stats` say of notes that lost their ID line (see
 * `LostIdFinder` in session.ts): they are counted with the notes without an
 * ID, but keep the progress of the ID they had, so the user learns why a
 * note "without an ID" is not new, and that a build gives the ID back.
 */
import type { Note } from '../model/note.js'
import { terminalPath } from '../terminal/safe-text.js'
import { relativeTo } from '../text/relative-path.js'

/** The note line (one line), '' when no note lost its ID line. */
export function lostIdLineNote(
  lost: readonly { note: Note; id: number }[],
  cwd: string,
  label: string,
): string {
  if (lost.length === 0) return ''
  const one = lost.length === 1
  const shown = lost
    .slice(0, 3)
    .map(
      ({ note, id }) =>
        `${terminalPath(relativeTo(cwd, note.source.absolutePath))}:${note.source.line} (<!--ID: ${id}-->)`,
    )
  const more = lost.length > 3 ? `, and ${lost.length - 3} more` : ''
  return `${label} ${one ? '1 note' : `${lost.length} notes`} lost ${one ? 'its ID line' : 'their ID lines'}: ${one ? 'it is quizzed with the progress of the ID it had' : 'they are quizzed with the progress of the IDs they had'}; put ${one ? 'the line' : 'the lines'} back, or run \`decklab build\`, which gives an ID back to a note still in its file: ${shown.join(', ')}${more}\n`
}
