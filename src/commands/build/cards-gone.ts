/**
 * Warnings for cards the last build made and this one does not (a cloze
 * deletion taken out, a reversed card's `Back` or `Add Reverse` emptied).
 * Anki's import never deletes a card: the note is updated and the card
 * stays, now empty, until Tools → Empty Cards removes it.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { IdentifiedNote } from '../../model/identity.js'

export function cardsGoneWarnings(
  gone: ReadonlyArray<{ note: IdentifiedNote; ords: readonly number[] }>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const { note, ords } of gone) {
    const cards = ords.map((ord) => `${ord + 1}`).join(', ')
    const which = ords.length === 1 ? `card ${cards}` : `cards ${cards}`
    const them = ords.length === 1 ? 'it' : 'them'
    createNoteReporter(note, diagnostics).warning(
      'card-removed',
      `Unexpected loss of ${which} of this note since the last build, expected ${them} to go from Anki too: an import never deletes a card, so Anki keeps ${them}, empty`,
      { hint: 'After importing, Tools → Empty Cards in Anki deletes the empty cards' },
    )
  }
  return diagnostics
}
