/**
 * What the quiz and `stats` say of notes without an ID: those keyed by their
 * content until a build writes their IDs, and those that lost their ID line
 * (see `LostIdFinder` in session.ts), which are counted with them but keep
 * the progress of the ID they had, so the user learns why such a note is not
 * new, and that a build gives the ID back.
 */
import type { Note } from '../model/note.js'
import type { Colors } from '../terminal/colors.js'
import { terminalPath } from '../terminal/safe-text.js'
import { count } from '../text/count.js'
import { programName } from '../text/program-name.js'
import { relativeTo } from '../text/relative-path.js'
import { firstThree, notePlace } from './named-notes.js'

/**
 * The warning of the notes keyed by their content (`withoutId` less those in
 * `lostIdLine`, said apart: they are not), then the note of those that lost
 * their ID line; '' when there are none. `verb` is what the command does
 * with them (`quizzed`, `counted`); `editing` adds that an edit before the
 * build starts a note's progress again (what the quiz records).
 */
export function withoutIdWarnings(
  withoutId: readonly Note[],
  lostIdLine: readonly { note: Note; id: number }[],
  options: {
    cwd: string
    colors: Pick<Colors, 'yellow' | 'cyan'>
    verb: string
    editing: boolean
    /** Those of `withoutId` with the content of a note last answered in another file. */
    moved?: readonly { note: Note; id: number; from: string }[] | undefined
  },
): string {
  const { colors, verb, editing } = options
  const fresh = withoutId.length - lostIdLine.length
  const one = fresh === 1
  const edited = editing
    ? ` (editing ${one ? 'it' : 'one'} before then starts its progress again)`
    : ''
  const warning =
    fresh > 0
      ? `${colors.yellow('warning')} ${count(fresh, 'note')} ${one ? `has no ID yet: it is ${verb} by its content until \`${programName()} build\` writes its ID` : `have no ID yet: they are ${verb} by their content until \`${programName()} build\` writes their IDs`}${edited}\n`
      : ''
  return (
    warning +
    lostIdLineNote(lostIdLine, options.cwd, colors.cyan('note')) +
    movedNote(options.moved ?? [], options.cwd, colors.yellow('warning'))
  )
}

/**
 * The warning of notes without an ID that have the text of a note last
 * answered in another file, whose ID no note read has: if moved there
 * without the ID line, putting it back keeps the progress (and Anki's
 * history); a new ID from `build` starts both again. '' when none.
 */
function movedNote(
  moved: readonly { note: Note; id: number; from: string }[],
  cwd: string,
  label: string,
): string {
  if (moved.length === 0) return ''
  const one = moved.length === 1
  const named = moved.map(
    ({ note, id, from }) =>
      `${notePlace(note, cwd)} (<!--ID: ${id}-->, last answered in ${terminalPath(relativeTo(cwd, from))})`,
  )
  return `${label} ${one ? '1 note without an ID has' : `${moved.length} notes without an ID have`} the text of a note last answered in another file, whose ID no note read has: if you moved ${one ? 'it' : 'them'} without ${one ? 'its ID line' : 'their ID lines'}, put ${one ? 'the line' : 'the lines'} back to keep ${one ? 'its' : 'their'} progress (a new ID from \`${programName()} build\` starts it again, and Anki's history): ${firstThree(named)}\n`
}

/** The note line (one line), '' when no note lost its ID line. */
export function lostIdLineNote(
  lost: readonly { note: Note; id: number }[],
  cwd: string,
  label: string,
): string {
  if (lost.length === 0) return ''
  const one = lost.length === 1
  const named = lost.map(({ note, id }) => `${notePlace(note, cwd)} (<!--ID: ${id}-->)`)
  return `${label} ${one ? '1 note' : `${lost.length} notes`} lost ${one ? 'its ID line' : 'their ID lines'}: ${one ? 'it is quizzed with the progress of the ID it had' : 'they are quizzed with the progress of the IDs they had'}; put ${one ? 'the line' : 'the lines'} back, or run \`${programName()} build\`, which gives an ID back to a note still in its file: ${firstThree(named)}\n`
}
