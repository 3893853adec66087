/**
 * Deck names as Anki keeps them. Anki (rslib `decks/name.rs`,
 * `normalized_deck_name_component`) cleans each `::` part of a name before
 * it makes or finds a deck: NFC, no ASCII control characters and no `"`, no
 * white space around it, and `blank` for a part left empty. decklab writes
 * the names Anki would make, so a package, a sync and the quiz agree with
 * what Anki shows (`Unix :: Sockets` is `Unix::Sockets` there), and an old
 * Anki that takes names as they come gets no blank-named decks. decklab
 * also drops `<` and `>`, which Anki keeps: Anki 2.1.15 writes a deck's name
 * into its deck list (`aqt/deckbrowser.py`, `_deckRow`) and the study
 * screen as HTML, unescaped, so `<img src=x onerror=…>` in a deck name
 * would run script in Anki's main window (later versions escape it).
 */

/** Anki's cleaned form of a deck name (`A:: ::B` gives `A::blank::B`). */
export function normalizeDeckName(name: string): string {
  return name.split('::').map(normalizeComponent).join('::')
}

// Rust's `is_ascii_control` (U+0000–U+001F, U+007F) and the double quote; and `<`, `>` (HTML in Anki 2.1.15).
const removed = /[\u0000-\u001f\u007f"<>]/g
// Rust's `str::trim`: Unicode White_Space (which, unlike JavaScript's `\s`, has U+0085 and not U+FEFF).
const edgeSpace =
  /^[ \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g

function normalizeComponent(part: string): string {
  const cleaned = part.normalize('NFC').replace(removed, '').replace(edgeSpace, '')
  return cleaned === '' ? 'blank' : cleaned
}

/**
 * Whether Anki's form of a deck name (`normalizeDeckName`) changes it in more
 * than its Unicode form. A Mac writes `Café` decomposed (NFD) where a note
 * typed on Windows has it composed (NFC): the same name to the eye and to
 * Anki, which keeps it composed, so that alone is worth no warning (it read
 * "`Café` … Anki makes it `Café`") and no refusal of `--deck`.
 */
export function deckNameChanged(written: string, normalized: string): boolean {
  return written.normalize('NFC') !== normalized
}

/** The `deck-name-normalized` warning's message: the name as written and as Anki makes it. */
export function deckNameNormalizedMessage(written: string, normalized: string): string {
  const html = /[<>]/.test(written)
    ? ' (less its `<` and `>`: Anki 2.1.15 shows deck names as HTML in its deck list)'
    : ''
  return `Unexpected deck name \`${written}\`, expected no empty part, no white space around \`::\` and no \`"\`, \`<\`, \`>\` or control character; Anki makes it \`${normalized}\`${html}, and decklab uses that name`
}

/** The key Anki finds a deck by: its name in NFC, lower-cased (2.1.15 `decks.id`, rslib alike). */
export function deckNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase()
}
