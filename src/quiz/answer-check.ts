/**
 * Typed answers: compare after folding Unicode (NFKC), case and
 * whitespace, and show a character diff as Anki's "type in the answer" does.
 */

import { toAscii } from '../terminal/ascii-output.js'
import { createColors } from '../terminal/colors.js'
import { terminalLine } from '../terminal/safe-text.js'
import { canonicalErrno, isErrnoName } from '../text/errno-names.js'

/** One run of characters in a diff: in both, only typed, or only expected. */
export interface DiffPart {
  kind: 'same' | 'typed' | 'expected'
  text: string
}

export interface AnswerCheck {
  correct: boolean
  typed: string
  expected: string
  diff: DiffPart[]
}

/**
 * The empty parentheses after a name (`bind()`, `bind ( )`): `bind` is the
 * same answer. Dropped before the spaces beside punctuation are, so the space
 * after them still parts two words (`select() and` is `select and`).
 */
const emptyCall = /(?<=[\p{L}\p{N}_]) ?\( ?\)/gu

/** A space beside punctuation or a symbol (`0 < 1`, `n + 1`, `a, b`): `0<1`, `n+1`, `a,b` mean the same. */
const spaceBesidePunctuation = / ?([^\p{L}\p{N}_\s]) ?/gu

/** Curly quotes, as a keyboard or a phone may type them: the straight ones. */
const curlyDouble = /[\u201c\u201d\u201e\u201f]/g
const curlySingle = /[\u2018\u2019\u201a\u201b]/g

/**
 * Dashes a keyboard's smart punctuation types: an em dash is what macOS and
 * iOS make of `--` (so `—json` is `--json`); a hyphen, en dash or minus sign
 * is `-`. NFKC has already made the full-width and small forms ASCII.
 */
const emDash = /[\u2014\u2015]/g
const hyphenDash = /[\u2010-\u2013\u2212]/g

/**
 * Symbols a keyboard has no key for, as a learner types them in ASCII
 * (`ECONNREFUSED -> unlink` for `ECONNREFUSED → unlink`, `<= 108` for
 * `≤ 108`): the same answer. Compared after the spaces beside them go.
 */
const typedSymbols: Readonly<Record<string, string>> = {
  '\u2192': '->',
  '\u2190': '<-',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u21d4': '<=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
}
const typedSymbol = new RegExp(`[${Object.keys(typedSymbols).join('')}]`, 'gu')

/**
 * A times sign between two numbers, typed as `x` or `*` (`2x10`, `2 x 10`,
 * `2*10` for `2×10`), and one after a number (`1.5x` for `1.5×`).
 */
const timesBetweenNumbers = /(?<=\d)(?: x |[*\u00d7])(?=\d)/gu
const timesSign = /\u00d7/gu

/** Quotes or backticks around the whole answer (`"unix"`, `` `bind()` ``): how it is written, not what it says. */
const wrappingQuotes = /^(["'`])(.*)\1$/su

/**
 * Characters that take no room on screen (format characters: a soft
 * hyphen, `&shy;`, marking where a long word may break; a zero-width space
 * or joiner; a byte order mark): an answer `SO_PEER&shy;CRED` shows as
 * `SO_PEERCRED`, and that is what is typed.
 */
const invisible = /\p{Cf}/gu

/** A hyphen between two letters (`end-of-file`): `end of file` is the same answer. */
const hyphenBetweenLetters = /(?<=\p{L})-(?=\p{L})/gu

/** A word that may be an errno name, lower case (as `normalizeAnswer` compares). */
const errnoWord = /\be[a-z0-9]+\b/g

/** An errno's usual name for another Linux gives the same number (`ewouldblock` → `eagain`). */
function usualErrno(word: string): string {
  return isErrnoName(word) ? canonicalErrno(word).toLowerCase() : word
}

/**
 * Case folded as Unicode does it (`ß` is `ss`, a final `ς` is `σ`): upper
 * case, then lower, then composed again, since a letter's upper case may
 * be a letter and a combining mark (`ǰ`).
 */
function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase().normalize('NFC')
}

/**
 * Without the characters that take no room on screen, NFKC (so `…` is `...`, a full-width `ｂｉｎｄ` is `bind`, `ﬁ` is `fi`), case
 * folded, curly quotes straight, smart dashes plain, an arrow or a comparison
 * as ASCII types it (`→` is `->`), runs of whitespace → one space,
 * trimmed; then quotes or backticks around the whole answer, the spaces
 * beside punctuation and a name's empty `()` dropped, a times sign as `x`, a hyphen between
 * two letters read as a space, and an errno's other name as its usual one. Letters, digits and other punctuation still
 * count, and so does a space between two words.
 */
export function normalizeAnswer(text: string): string {
  return foldCase(text.replace(invisible, '').normalize('NFKC'))
    .replace(curlyDouble, '"')
    .replace(curlySingle, "'")
    .replace(emDash, '--')
    .replace(hyphenDash, '-')
    .replace(typedSymbol, (symbol) => typedSymbols[symbol] ?? symbol)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(wrappingQuotes, '$2')
    .trim()
    .replace(emptyCall, '')
    .replace(spaceBesidePunctuation, '$1')
    .replace(timesBetweenNumbers, 'x')
    .replace(timesSign, 'x')
    .replace(hyphenBetweenLetters, ' ')
    .replace(errnoWord, usualErrno)
}

/** Without what takes no room, NFC, runs of whitespace → one space, trimmed: what was typed, as it is shown in the diff. */
function tidyAnswer(text: string): string {
  return text.replace(invisible, '').normalize('NFC').replace(/\s+/g, ' ').trim()
}

/**
 * Compare a typed answer with the expected one. The diff shows the text as
 * typed (case kept); letters that differ only in case count as the same.
 * `shownInAscii`: the answer is shown on a terminal whose locale is not
 * UTF-8, in ASCII (`≤ 108` as `<= 108`, `a → b` as `a > b`): what it shows
 * is a right answer too, and the diff compares with it.
 */
export function checkAnswer(
  typed: string,
  expected: string,
  options: { shownInAscii?: boolean | undefined } = {},
): AnswerCheck {
  const ascii = options.shownInAscii === true
  const asShown = ascii ? toAscii : (text: string) => text
  // As written, else (in ASCII only: elsewhere it is the same comparison again) as shown.
  const correct =
    normalizeAnswer(typed) === normalizeAnswer(expected) ||
    (ascii && normalizeAnswer(toAscii(typed)) === normalizeAnswer(toAscii(expected)))
  return {
    correct,
    typed,
    expected,
    diff: diffCharacters(tidyAnswer(asShown(typed)), tidyAnswer(asShown(expected)), sameLetter),
  }
}

function sameLetter(left: string, right: string): boolean {
  return left === right || left.toLowerCase() === right.toLowerCase()
}

/** Above this many cells the diff is shown as "all typed / all expected" (cheap and still honest). */
const maximumDiffCells = 250_000

/**
 * A character diff (longest common subsequence), by code point; `same` parts
 * hold the typed characters.
 */
export function diffCharacters(
  typed: string,
  expected: string,
  equal: (left: string, right: string) => boolean = (left, right) => left === right,
): DiffPart[] {
  const a = [...typed]
  const b = [...expected]
  if (a.length * b.length > maximumDiffCells) {
    return mergeParts([
      { kind: 'typed', text: typed },
      { kind: 'expected', text: expected },
    ])
  }
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const width = b.length + 1
  const lengths = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = equal(a[i]!, b[j]!)
        ? lengths[(i + 1) * width + j + 1]! + 1
        : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!)
    }
  }
  const parts: DiffPart[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && equal(a[i]!, b[j]!)) {
      parts.push({ kind: 'same', text: a[i]! })
      i += 1
      j += 1
    } else if (
      j < b.length &&
      (i >= a.length || lengths[i * width + j + 1]! >= lengths[(i + 1) * width + j]!)
    ) {
      parts.push({ kind: 'expected', text: b[j]! })
      j += 1
    } else {
      parts.push({ kind: 'typed', text: a[i]! })
      i += 1
    }
  }
  return mergeParts(parts)
}

function mergeParts(parts: DiffPart[]): DiffPart[] {
  const merged: DiffPart[] = []
  for (const part of parts) {
    if (part.text === '') continue
    const last = merged.at(-1)
    if (last && last.kind === part.kind) last.text += part.text
    else merged.push({ ...part })
  }
  return merged
}

/**
 * One line showing the diff: with colour, wrong typed characters in red and
 * missing ones in green; without, wdiff markers `[-typed-]{+expected+}`.
 */
export function formatDiff(diff: readonly DiffPart[], color: boolean): string {
  const colors = createColors(color)
  return diff
    .map((part) => {
      const text = terminalLine(part.text)
      if (part.kind === 'same') return text
      if (colors.enabled) {
        return part.kind === 'typed'
          ? colors.red(colors.strikethrough(text))
          : colors.green(colors.underline(text))
      }
      return part.kind === 'typed' ? `[-${text}-]` : `{+${text}+}`
    })
    .join('')
}
