/**
 * Anki tells deck names apart without case: `Sockets` and `sockets` are one
 * deck, named as it was first made, and a package holding both gets one of
 * them renamed `sockets_` on import. A sync would also see the other
 * spelling's cards as moved on every run. So each deck (and each parent, part
 * by part) takes the spelling of the first note in the vault that names it;
 * a file that spells it otherwise gets one warning.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import { deckNameKey } from '../model/deck-name.js'
import type { Note } from '../model/note.js'

/** Give every note its deck's first spelling (in place); the warnings, one per file. */
export function unifyDeckCase(notes: readonly Note[]): Diagnostic[] {
  const spelling = new Map<string, string>()
  const diagnostics: Diagnostic[] = []
  const warned = new Set<string>()
  for (const note of notes) {
    const written = note.deck
    const known = spelling.get(written)
    // Most notes share a few decks, each seen before under the same spelling.
    if (known === written) continue
    const deck = known ?? firstSpelling(written, spelling)
    if (deck === written) continue
    note.deck = deck
    if (warned.has(note.source.absolutePath)) continue
    warned.add(note.source.absolutePath)
    createNoteReporter(note, diagnostics).warning(
      'deck-name-case',
      `Unexpected deck name \`${written}\`, expected \`${deck}\` as an earlier note spells it: Anki tells deck names apart without case, so decklab uses \`${deck}\``,
      { hint: 'Spell the deck the same way everywhere.' },
    )
  }
  return diagnostics
}

/** The spelling of `deck` part by part as first seen, recording it (and its own) in `spelling`. */
function firstSpelling(deck: string, spelling: Map<string, string>): string {
  let canonical = ''
  let prefix = ''
  for (const part of deck.split('::')) {
    prefix = prefix === '' ? part : `${prefix}::${part}`
    const key = `\0${deckNameKey(prefix)}`
    const known = spelling.get(key)
    canonical = known ?? (canonical === '' ? part : `${canonical}::${part}`)
    if (known === undefined) spelling.set(key, canonical)
  }
  spelling.set(deck, canonical)
  return canonical
}
