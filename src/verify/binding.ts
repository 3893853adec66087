/**
 * Binding a value to what it is said of (README.md, "Binding"): a value a
 * check publishes with `about` is stated only where the card says it of
 * that subject, not of another one. Words, not a parse: the subject is
 * looked for in the narrowest stretch of text around the value that names
 * any subject at all — its part of a clause (up to `and`, `or`, `but`,
 * `while`, `whereas`), then its clause (up to `,` `:` or a dash), then its
 * sentence (up to `.` `;` `?` `!` or a line break). Pure.
 */
import { isNegated } from './negation.js'

/** The subject phrases of a value (`about`), and those of the other side (`contrast`, and rival values' subjects). */
export interface Subjects {
  own: readonly string[]
  others: readonly string[]
}

/** How far from a value its subject was read: in its part of a clause, its clause, or its sentence. */
export type Reach = 'part' | 'clause' | 'sentence'

/** What the text around a value says it of. */
export type Binding =
  | { kind: 'own'; subject: string; reach: Reach }
  | { kind: 'other'; subject: string; reach: Reach }
  | { kind: 'none' }

/** ` | `-separated alternatives, trimmed, empty ones left out. */
export function subjectPhrases(text: string | undefined): string[] {
  return (text ?? '')
    .split('|')
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase !== '')
}

/** A negated verb form and the same verb un-negated (`doesn't` → `does`). */
const unnegated: Readonly<Record<string, string>> = {
  "doesn't": 'does',
  "don't": 'do',
  "isn't": 'is',
  "aren't": 'are',
  "wasn't": 'was',
  "weren't": 'were',
  "hasn't": 'has',
  "haven't": 'have',
  "can't": 'can',
  cannot: 'can',
}

/**
 * A subject phrase that holds a verb negation, with it taken out: the
 * opposite case (`does not exist` → `does exist`, `is not removed` → `is
 * removed`, `doesn't exist` → `does exist`). A value said beside it is said
 * of the other case. Null for a phrase with no verb negation, or one that
 * is the negation alone.
 */
export function oppositeSubject(phrase: string): string | null {
  const words = phrase.trim().split(/\s+/)
  const lower = words.map((word) => word.toLowerCase().replace(/\u2019/g, "'"))
  const at = lower.findIndex(
    (word) => word === 'not' || word === 'never' || Object.hasOwn(unnegated, word),
  )
  if (at === -1) return null
  const word = lower[at] ?? ''
  const kept = unnegated[word]
  const rest = [
    ...words.slice(0, at),
    ...(kept === undefined ? [] : [kept]),
    ...words.slice(at + 1),
  ]
  return rest.length === 0 ? null : rest.join(' ')
}

const sentenceEnd = /[.;!?](?=\s|$)|\n/g
const clauseEnd = /[.;!?](?=\s|$)|\n|[,:—–]|\s-\s/g
const partEnd = /[.;!?](?=\s|$)|\n|[,:—–]|\s-\s|\b(?:and|or|but|while|whereas)\b/gi

/** The stretch of `text` around [start, end) that no `boundary` match crosses. */
function stretch(text: string, start: number, end: number, boundary: RegExp): [number, number] {
  let from = 0
  let to = text.length
  for (const match of text.matchAll(boundary)) {
    const matchEnd = match.index + match[0].length
    if (matchEnd <= start) from = matchEnd
    else if (match.index >= end) {
      to = match.index
      break
    }
  }
  return [from, to]
}

/**
 * Words after which a subject is the other side of a comparison, not what
 * the claim is said of: `than`, `versus`, `unlike`, `compared with`, and
 * `over` only after a word that makes it one (`an advantage over TCP`,
 * `preferred over TCP`); elsewhere `over` is a preposition (`HTTP over TCP`,
 * `works only over the Unix socket`), and its subject counts.
 */
const comparing =
  /(?:\bthan|\bversus|\bvs\.?|\bunlike|\bcompared\s+(?:with|to)|\b(?:advantages?|edge|preferred|prefer|chosen|favou?red)(?:\s+\S+){0,3}\s+over)\s+(?:\S+\s+){0,1}$/i

/**
 * A clause saying what the other side does instead (`…, whereas TCP waits`,
 * `…, where TCP would wait`): its subject is the other side for a value
 * before it, and the subject of a value in it. `where` only with `would`
 * after the subject (not `the directory where the server binds`).
 */
const whereas = /\bwhereas\s+(?:\S+\s+){0,1}$/i
const where = /\bwhere\s+(?:\S+\s+){0,1}$/i
const would = /^(?:\s+\S+){0,1}\s+would\b/i

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A subject named in the text; `instead` when it opens a clause saying what the other side does. */
interface Mention extends Span {
  instead: boolean
}

/** Where `phrase` is named in `text` as a subject: whole words, case ignored, not negated, not after `than`. */
function mentions(text: string, phrase: string): Mention[] {
  const body = phrase.split(/\s+/).map(escapeRegExp).join('\\s+')
  const pattern = new RegExp(`(?<![\\w/-])${body}(?![\\w/-])`, 'gi')
  return [...text.matchAll(pattern)]
    .map((match) => {
      const start = match.index
      const end = start + match[0].length
      const before = text.slice(Math.max(0, start - 40), start)
      const instead =
        whereas.test(before) || (where.test(before) && would.test(text.slice(end, end + 40)))
      return { start, end, instead, compared: comparing.test(before) }
    })
    .filter(({ start, compared }) => !isNegated(text, start) && !compared)
    .map(({ start, end, instead }) => ({ start, end, instead }))
}

/**
 * What the text around the value at [start, end) says it of: its own
 * subject when the narrowest stretch naming any subject names one of its
 * own, another subject when that stretch names only others, none when no
 * stretch up to its sentence names a subject. A subject nearer to one of
 * `rivals` (where the card states another value of the kind) than to this
 * value is that value's: `connect() gives ECONNREFUSED and bind() gives
 * EADDRINUSE` says nothing of what ECONNREFUSED is about by `bind`.
 */
export function bindingOf(
  text: string,
  start: number,
  end: number,
  subjects: Subjects,
  rivals: readonly Span[] = [],
): Binding {
  const found = (phrase: string) => mentions(text, phrase).map((span) => ({ ...span, phrase }))
  // The value is not its own subject (`"unix"` is not said of `"unix"`), nor is the
  // other side named in a clause after it saying what that side does instead.
  const apart = (mention: Mention) =>
    mention.end <= start || (mention.start >= end && !mention.instead)
  const own = subjects.own.flatMap(found).filter(apart)
  const others = subjects.others
    .filter((phrase) => !subjects.own.some((mine) => mine.toLowerCase() === phrase.toLowerCase()))
    .flatMap(found)
    .filter(apart)
  const reaches: Array<[Reach, RegExp]> = [
    ['part', partEnd],
    ['clause', clauseEnd],
    ['sentence', sentenceEnd],
  ]
  for (const [reach, boundary] of reaches) {
    const [from, to] = stretch(text, start, end, boundary)
    const inside = (span: Span) => span.start >= from && span.start < to
    // A subject nearer to a rival in this stretch than to the value is the rival's;
    // a rival where the subject is named is that subject itself (both published).
    const ours = (mention: Span) =>
      rivals
        .filter(inside)
        .every(
          (rival) =>
            overlaps(mention, rival) || gap(mention, rival) >= gap(mention, { start, end }),
        )
    // Both sides named in the stretch: the one nearer the value is what it is said of
    // (`reports the sender's address so the receiver can reply`); a tie is its own.
    const distance = (mention: Span) => gap(mention, { start, end })
    const mine = nearest(own.filter(inside).filter(ours), distance)
    const other = nearest(others.filter(inside).filter(ours), distance)
    if (mine && (!other || distance(mine) <= distance(other)))
      return { kind: 'own', subject: mine.phrase, reach }
    if (other) return { kind: 'other', subject: other.phrase, reach }
  }
  return { kind: 'none' }
}

/** The mention nearest the value, the first of equals. */
function nearest<T extends Span>(
  mentions: readonly T[],
  distance: (mention: Span) => number,
): T | undefined {
  return mentions.reduce<T | undefined>(
    (best, mention) => (best === undefined || distance(mention) < distance(best) ? mention : best),
    undefined,
  )
}

/** A stretch of text: [start, end). */
export interface Span {
  start: number
  end: number
}

/** Whether two spans share a character: a rival that is the subject named (`"unix"` and `unix`). */
function overlaps(left: Span, right: Span): boolean {
  return left.start < right.end && right.start < left.end
}

/** Characters between two spans; 0 when they touch or overlap (a quote apart counts as touching). */
function gap(left: Span, right: Span): number {
  const between = Math.max(right.start - left.end, left.start - right.end, 0)
  return between <= 1 ? 0 : between
}
