/**
 * A vault note whose ID names an Anki note of another note type (or of a
 * type by that name without the block's fields): what it may be, and the
 * error at the note.
 */
import { localizedNotetype, notetypeFor } from '../../anki/notetypes.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { Note } from '../../model/note.js'
import { findNoteType } from '../../model/note-types.js'
import type { DesiredNote, ExpectedModel, NoteTypeMismatch } from '../../sync/plan.js'
import type { SyncSession } from './sync-session.js'

/**
 * The Anki note types a block may update: the stock one, and decklab's; or
 * the user's own type of that name, with the fields the block has.
 */
export function expectedModel(
  note: Pick<Note, 'noteType' | 'fields' | 'localized'>,
): ExpectedModel {
  // A localized Anki's stock type (`Einfach`): that type, or decklab's under its names.
  const translation = note.localized
  if (translation !== undefined && note.noteType === translation.name) {
    const own = localizedNotetype(translation).name
    return { names: [translation.name, own], fields: translation.fields, renamedCopiesOf: own }
  }
  const stock = findNoteType(note.noteType)
  if (!stock) return { names: [note.noteType], fields: Object.keys(note.fields) }
  const own = notetypeFor(stock.name).name
  return { names: [stock.name, own], fields: stock.fields, renamedCopiesOf: own }
}

export function reportMismatch(
  session: SyncSession,
  entry: DesiredNote,
  id: number,
  mismatch: NoteTypeMismatch,
): void {
  const wanted = entry.note.noteType
  const reporter = createNoteReporter(entry.note, session.diagnostics)
  const stopped = 'the sync stopped before changing anything in Anki'
  if (mismatch.kind === 'type') {
    reporter.error(
      'note-type-mismatch',
      `Unexpected note type \`${mismatch.ankiType}\` of note ${id} in Anki, expected \`${wanted}\` as the block says: ${stopped}`,
      {
        hint: `Neither decklab nor Obsidian_to_Anki can change a note's type. ${
          // Only a type decklab knows can be written in the block.
          findNoteType(mismatch.ankiType)
            ? `Write \`${mismatch.ankiType}\` in the block, or change`
            : 'Change'
        } the note's type in Anki (Browse → Notes → Change Note Type…, which keeps its review history)${
          findNoteType(mismatch.ankiType) ? '' : ` to one decklab knows (\`${wanted}\`)`
        }; if the ID is not this note's, remove the ID line to add the block as a new note (the Anki note is left alone).`,
      },
    )
    return
  }
  if (mismatch.kind === 'unread') {
    const fields = mismatch.unread.map((name) => `\`${name}\``).join(', ')
    // A localized Anki's stock type (`Basique`) under its own field names (`Recto`, `Verso`).
    const translation = entry.note.localized
    const stockFields =
      translation !== undefined && wanted === translation.name
        ? translation.fields
        : findNoteType(wanted)?.fields
    const known = (stockFields ?? []).map((name) => `\`${name}\``).join(', ')
    reporter.error(
      'note-type-mismatch',
      `Unexpected field(s) ${fields} of note type \`${mismatch.ankiType}\` of note ${id} in Anki, which the block fills from a line of that name, expected the fields of \`${wanted}\`${known === '' ? '' : ` (${known})`}: decklab reads that line as text of the field above it, and ${stopped}`,
      {
        hint: `A field renamed in Anki? Give the note type its stock field names back in Anki (Tools → Manage Note Types → Fields) and write those in the block${known === '' ? '' : ` (${known})`}.`,
      },
    )
    return
  }
  const missing = mismatch.missing.map((name) => `\`${name}\``).join(', ')
  reporter.error(
    'note-type-mismatch',
    `Unexpected note type \`${mismatch.ankiType}\` of note ${id} in Anki without the field(s) ${missing} the block fills, expected the fields of \`${wanted}\`: ${stopped}`,
    {
      hint: `Its note type in Anki has the name but not the fields of \`${wanted}\` (renamed fields?): give it those fields in Anki (Tools → Manage Note Types → Fields), or change the note's type in Anki to one that has them.`,
    },
  )
}
