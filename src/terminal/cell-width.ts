/**
 * How many terminal cells a code point takes, as terminals draw it (the
 * rules of wcwidth): 2 for East Asian wide and fullwidth characters (Han,
 * kana, Hangul syllables, fullwidth forms) and emoji shown as pictures, 0
 * for combining marks and invisible format characters, 1 for the rest.
 * JavaScript's regexes know scripts and emoji presentation, not East Asian
 * width, so the wide blocks are listed by range.
 */
const wide =
  /[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18AFF}\u{1B000}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u

/** Combining marks, and format characters (zero-width space and joiner, soft hyphen…). */
const zero = /[\p{Mn}\p{Me}\p{Cf}]/u

/**
 * Code points written to this process's terminal as more than one cell
 * (`≥` as `>=` where the locale is not UTF-8, see ascii-output.ts), with
 * the cells they take there: a line wrapped or cut to the terminal's width
 * with `≥` counted as one cell was a cell too wide, and the terminal broke it.
 */
const drawnWidths = new Map<string, number>()

/** Count each of `widths`' code points as that many cells from now on (the terminal is ASCII). */
export function measureAsDrawn(widths: ReadonlyMap<string, number>): void {
  for (const [point, cells] of widths) drawnWidths.set(point, cells)
}

/** The cells one code point (a string of one) takes on a terminal. */
export function cellWidth(point: string): number {
  const code = point.codePointAt(0) ?? 0
  // Printable ASCII, most of what a card holds, without a regex.
  if (code >= 0x20 && code < 0x7f) return 1
  const drawn = drawnWidths.get(point)
  if (drawn !== undefined) return drawn
  if (zero.test(point)) return 0
  return wide.test(point) ? 2 : 1
}
