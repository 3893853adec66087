/**
 * How a note's ID is written, as every reader takes it: the block, inline
 * and regex note parsers, the `DELETE` marker, and the scans for IDs in use
 * (allocation, the sync's ID swap). One definition, so no reader skips an ID
 * another reads: a skipped ID is a second ID written beside it, and a
 * duplicate note in Anki.
 *
 * The plugin reads `(?:<!--)?ID: (\d+)` (one space after the colon). decklab
 * also reads blanks or none there and inside the comment (`<!--ID:N-->`,
 * `<!-- ID: N -->`), never a line break. `ID` is upper case, as the plugin's
 * regexes have no `i` flag: `<!--id: N-->` is no ID to it.
 */

/** Blanks within a line: any white space but a line break. */
const blank = String.raw`[^\S\r\n]*`

/** `ID:`, blanks or none, then the digits (group 1): what every scan for IDs finds. */
export const idCoreSource = String.raw`ID:${blank}(\d+)`

/** Before the core: the comment's opening and blanks (optional: `ID: N` is the bare form). */
export const idOpeningSource = `(?:<!--${blank})?`

/** An ID as written, `<!--ID: N-->` or `ID: N`, its closing `-->` optional (group 1: the digits). */
export const idSource = `${idOpeningSource}${idCoreSource}(?:${blank}-->)?`

/** Every `ID: N` in a text: for `matchAll` only (global, so `exec` would keep state). */
export const idCorePattern = new RegExp(idCoreSource, 'g')

/** The first ID written in a text (unanchored, as the plugin's inline note reads it). */
export const idPattern = new RegExp(idSource)
