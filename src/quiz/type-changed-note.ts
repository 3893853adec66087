/**
 * What the quiz and `stats` say of notes whose note type changed since they
 * were last answered (`Basic` to `Cloze`, with the ID kept). Their cards keep
 * the schedules of the old type's cards by number (a Basic's card 1 is the
 * Cloze's c1, as Anki's Change Note Type maps them by default), which is
 * right when the new cards ask what the old ones did; only `build` warned
 * (`note-type-changed`), and the quiz showed a Cloze card "in review" after
 * an answer given to a Basic one. Named, so the user can tell: the new
 * type by the name its block writes now (`Basique` in a French Anki's
 * vault), the old one by the name its block wrote when the note index kept
 * it (cards-file.ts, `writtenType`: `Texte à trous → Basique`), else by its
 * stock name. An entry without it is of a block that wrote the stock name
 * (an English `Cloze` made a French `Basique`: `Cloze → Basique`; it said
 * `Cloze → Basic`, a name the user's blocks never wrote), or of an answer
 * saved before the name was kept, whose block's name is not known.
 */
import type { Note } from '../model/note.js'
import { writtenTypeName } from '../model/translated-note.js'
import { terminalLine } from '../terminal/safe-text.js'
import { firstThree, notePlace } from './named-notes.js'
import type { TypeAtAnswer } from './store.js'

/** One line naming the notes (the first three) and their types, or '' when none changed. */
export function typeChangedNote(
  cards: ReadonlyArray<{ note: Note }>,
  store: { typeAtOpen: (guid: string) => TypeAtAnswer | undefined },
  cwd: string,
  label: string,
): string {
  const changed: string[] = []
  for (const note of new Set(cards.map((card) => card.note))) {
    if (note.guid === null) continue
    const old = store.typeAtOpen(note.guid)
    if (old === undefined || old.type === note.noteType) continue
    const [from, to] = [old.writtenType ?? old.type, writtenTypeName(note)]
    changed.push(`${notePlace(note, cwd)} (${terminalLine(from)} → ${terminalLine(to)})`)
  }
  if (changed.length === 0) return ''
  const one = changed.length === 1
  return `${label} ${one ? '1 note' : `${changed.length} notes`} changed note type since ${one ? 'it was' : 'they were'} last answered: ${one ? 'its' : 'their'} cards keep the schedules of the old type's cards by number (card 1 is c1, as Anki's Change Note Type maps them); to start ${one ? 'it' : 'them'} again instead, remove ${one ? 'its' : 'their'} ID ${one ? 'line' : 'lines'}: ${firstThree(changed)}\n`
}
