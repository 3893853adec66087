/**
 * Warnings for notes packaged before into another deck. Anki's import
 * updates a note it has but never moves its cards: without a word, a
 * changed `TARGET DECK` or `deck:` would seem to do nothing.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { deckNameKey } from '../../model/deck-name.js'
import type { IdentifiedNote } from '../../model/identity.js'
import { programName } from '../../text/program-name.js'

/** A change of deck: `first` is the deck first packaged into, when not `from`. */
interface DeckChange {
  note: IdentifiedNote
  from: string
  first?: string | undefined
}

/** One warning per file and change of deck (a changed `TARGET DECK` moves a whole file), at its first note. */
export function deckChangeWarnings(changes: readonly DeckChange[]): Diagnostic[] {
  const groups = new Map<string, DeckChange & { count: number }>()
  for (const { note, from, first } of changes) {
    const key = JSON.stringify([note.source.file, from, first ?? null, note.deck])
    const group = groups.get(key)
    if (group) group.count += 1
    else groups.set(key, { note, from, first, count: 1 })
  }
  const diagnostics: Diagnostic[] = []
  for (const { note, from, first, count } of groups.values()) {
    const which = count === 1 ? 'this note' : `${count} notes of this file, from this one on,`
    const their = count === 1 ? 'its' : 'their'
    // Only respelled since the last build: but a collection that only imports has the
    // cards in the first deck, when that is another one, and they have to move from it.
    const firstElsewhere = first !== undefined && deckNameKey(first) !== deckNameKey(from)
    if (deckNameKey(note.deck) === deckNameKey(from) && !firstElsewhere) {
      diagnostics.push(respelledDeck(note, from, which, their))
      continue
    }
    if (first !== undefined && deckNameKey(note.deck) === deckNameKey(first)) {
      diagnostics.push(backToFirstDeck(note, from, which, their))
      continue
    }
    const search = [first, from]
      .filter((deck): deck is string => deck !== undefined)
      .map(deckSearch)
      .join(' or ')
    createNoteReporter(note, diagnostics).warning(
      'deck-changed',
      first === undefined
        ? `Unexpected deck \`${note.deck}\` for ${which} last built into \`${from}\`, expected ${their} cards to move: importing this package updates the notes, but Anki keeps ${their} cards in \`${from}\` (an import never moves cards)`
        : `Unexpected deck \`${note.deck}\` for ${which} last built into \`${from}\` and first into \`${first}\`, expected ${their} cards to move: importing this package updates the notes, but Anki keeps ${their} cards where they are (an import never moves cards): in \`${first}\`, where the first import put them, unless they were moved to \`${from}\` in Anki since`,
      {
        hint: `After importing, move them in Anki (Browse, search \`${search}\`, then Cards → Change Deck); \`${programName()} sync\` moves them by itself`,
      },
    )
  }
  return diagnostics
}

/**
 * A deck spelled in another case only (`Biology::cells` to `Biology::Cells`)
 * is the same deck to Anki, which tells deck names apart without case: the
 * import finds the cards already in it and keeps its old spelling, and no
 * Change Deck can move them to the new one.
 */
function respelledDeck(
  note: IdentifiedNote,
  from: string,
  which: string,
  their: string,
): Diagnostic {
  return createNoteReporter(note).warning(
    'deck-changed',
    `Unexpected deck \`${note.deck}\` for ${which} last built into \`${from}\`, expected the same spelling: Anki tells deck names apart without case, so importing this package keeps ${their} cards in the deck they are in, still named \`${from}\``,
    {
      hint: `To change its spelling, rename the deck in Anki (the gear beside \`${from}\` in the deck list, then Rename); nothing needs to move`,
    },
  )
}

/**
 * A note back in the deck it was first packaged into: a collection that only
 * imports has its cards there already (an import never moved them); only
 * cards moved in Anki to the deck of the last build have to move back.
 */
function backToFirstDeck(
  note: IdentifiedNote,
  from: string,
  which: string,
  their: string,
): Diagnostic {
  return createNoteReporter(note).warning(
    'deck-changed',
    `Unexpected deck \`${note.deck}\` for ${which} last built into \`${from}\`, expected ${their} cards to move back: \`${note.deck}\` is where the first import put them and Anki keeps them (an import never moves cards), unless they were moved to \`${from}\` in Anki since`,
    {
      hint: `Cards moved in Anki: move them back after importing (Browse, search \`${deckSearch(from)}\`, then Cards → Change Deck); \`${programName()} sync\` moves them by itself`,
    },
  )
}

/** Anki's search for the cards of `deck` (`deck:"…"`, its quotes escaped). */
function deckSearch(deck: string): string {
  return `deck:"${deck.replaceAll('"', '\\"')}"`
}
