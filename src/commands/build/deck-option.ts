/** `--deck NAME` of `build` and `check`: one check, so both refuse the same names. */
import { UsageError } from '../../errors.js'
import { deckNameChanged, normalizeDeckName } from '../../model/deck-name.js'

/**
 * The deck `--deck` names, or undefined without it. A blank name, or one
 * Anki would change (`model/deck-name.ts`), is a usage error: typed on the
 * command line, it is better retyped than changed without a word. A name
 * in another Unicode form only (a Mac's decomposed `Café`, pasted) is the
 * same name, taken in Anki's composed form.
 */
export function deckOption(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError('`--deck` needs a deck name')
  }
  const anki = normalizeDeckName(value)
  if (deckNameChanged(value, anki)) {
    throw new UsageError(
      `Unexpected \`--deck ${value}\`: the deck would be named \`${anki}\`, expected the name as Anki keeps it (no empty part, no white space around \`::\`, no \`"\`, \`<\`, \`>\` or control character)`,
    )
  }
  return anki
}
