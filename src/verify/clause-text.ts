/**
 * The text before or after a place on the answer side as `negation.ts`
 * reads it: cloze markup blanked and closed asides taken out
 * (`withoutAsides(blankCloze(…))`), of only as much of it as the rules look
 * at. Computed from the whole text before (or after) each value, that cost
 * time quadratic in the field's length: a field of 20,000 paragraphs kept
 * `decklab verify` busy for minutes. Here the blanking and the pairing of
 * parentheses are done once per text, and each place reads outward from
 * itself to its clause's end.
 */

/**
 * What ends a clause: a negation before it does not reach past it. A `.`
 * only before a space or the end: in `server.close()` or `1.5` it is part
 * of a word.
 */
export const clauseEnd = /[,;:!?()[\]{}\n—–]|\.(?!\w)/g

/** The last clause of `before`: what follows its last clause end. */
export function clauseOf(before: string): string {
  const ends = [...before.matchAll(clauseEnd)]
  const last = ends.at(-1)
  return last === undefined ? before : before.slice(last.index + 1)
}

/** The first clause of `after`: what comes before its first clause end. */
export function clauseAfter(after: string): string {
  const found = after.match(new RegExp(clauseEnd.source))
  return found?.index === undefined ? after : after.slice(0, found.index)
}

const cloze = /\{\{c\d+::|\}\}/g

/** Cloze openers and closers are markup, not clause ends: blanked, keeping every index. */
export function blankCloze(text: string): string {
  return text.replace(cloze, (markup) => ' '.repeat(markup.length))
}

/**
 * The text with every closed pair of parentheses taken out, innermost
 * first: a call's `()` (`not even server.close() unlinks`) and a finished
 * aside (`doesn't (unlike the kernel socket) stay`, `aren't (in practice)
 * faster`) do not end the clause around them, so a negation before them
 * reaches a word after them, and a negation inside an aside (`(no framing
 * code, unlike a stream) while giving accept()`) reaches nothing outside
 * it. A `(` still open (the word is inside the aside: `does not wait
 * (EAGAIN)`) still ends the clause.
 */
export function withoutAsides(text: string): string {
  let current = text
  for (let previous = ''; previous !== current; ) {
    previous = current
    current = current.replace(/\([^()]*\)/g, ' ')
  }
  return current
}

/**
 * How far from a value the rules read, either way, when no clause end comes
 * sooner: a clause (or, after the value, the rest of its sentence and the
 * next clause) longer than this is cut here. No sentence is that long; a
 * line of pasted text with no punctuation may be, and read whole for each
 * of its values it took minutes (3,000 values on one line: over a minute).
 */
export const readLimit = 2000

/** A text read once: blanked, each parenthesis's partner, where the cloze markup stands. */
interface ReadText {
  blanked: string
  /** For each `(` the index of its `)`, for each `)` its `(`, as a left-to-right stack pairs them; -1 for one unpaired. */
  partner: Int32Array
  /** [start, end) of each cloze marker, in order. */
  markers: Array<readonly [number, number]>
}

function readText(text: string): ReadText {
  const blanked = blankCloze(text)
  const partner = new Int32Array(blanked.length).fill(-1)
  const open: number[] = []
  for (let at = 0; at < blanked.length; at += 1) {
    const char = blanked[at]
    if (char === '(') open.push(at)
    else if (char === ')') {
      const start = open.pop()
      if (start === undefined) continue
      partner[start] = at
      partner[at] = start
    }
  }
  const markers = [...text.matchAll(cloze)].map(
    (found) => [found.index, found.index + found[0].length] as const,
  )
  return { blanked, partner, markers }
}

/** The last few texts read (the judge asks about many places in one answer side, one after another). */
const recent = new Map<string, ReadText>()

function read(text: string): ReadText {
  const known = recent.get(text)
  if (known !== undefined) return known
  const fresh = readText(text)
  if (recent.size >= 8) recent.delete(recent.keys().next().value as string)
  recent.set(text, fresh)
  return fresh
}

/** The cloze marker `at` falls inside (after its first character, before its end), if any. */
function markerAround(
  markers: ReadText['markers'],
  at: number,
): readonly [number, number] | undefined {
  let low = 0
  let high = markers.length
  // The first marker that starts at or after `at`; the one before it is the only candidate.
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((markers[middle]?.[0] ?? 0) < at) low = middle + 1
    else high = middle
  }
  const before = markers[low - 1]
  return before !== undefined && at < before[1] ? before : undefined
}

/** The last place asked about, and its answer: the rules ask about one place several times in a row. */
interface LastAsked {
  text?: string
  at?: number
  answer?: string
}
const lastBefore: LastAsked = {}
const lastAfter: LastAsked = {}

function lastAsked(
  last: LastAsked,
  text: string,
  at: number,
  compute: (text: string, at: number) => string,
): string {
  if (last.text !== text || last.at !== at || last.answer === undefined) {
    last.answer = compute(text, at)
    last.text = text
    last.at = at
  }
  return last.answer
}

/** The characters `clauseEnd` takes for a clause end on their own. */
const clauseEndChars = new Set(',;:!?()[]{}\n—–')

function isClauseEndChar(char: string): boolean {
  return clauseEndChars.has(char)
}

const wordChar = /\w/

/**
 * The end of `withoutAsides(blankCloze(text.slice(0, index)))` that the
 * rules read: at least its last 80 characters and its whole last clause,
 * with the clause end before it (or all of it). A pair of parentheses
 * closed before `index` is one space; one still open there stays, and
 * ends the clause.
 */
export function textBefore(text: string, index: number): string {
  return lastAsked(lastBefore, text, index, readBefore)
}

function readBefore(text: string, index: number): string {
  const { blanked, partner, markers } = read(text)
  // A marker cut at `index` is not markup in the slice: its part before `index` stays as written
  // (it holds no parenthesis, and a `{` or `}` that ends the clause).
  const cut = markerAround(markers, index)?.[0] ?? index
  const reversed: string[] = []
  let ended = false
  for (let at = index - 1; at >= 0; at -= 1) {
    if ((ended && reversed.length >= 81) || reversed.length >= readLimit) break
    let char = (at >= cut ? text[at] : blanked[at]) ?? ''
    const start = partner[at] ?? -1
    if (char === ')' && start !== -1) {
      // Paired before `index` (a `)` is paired with a `(` before it): the whole aside is one space.
      char = ' '
      at = start
    }
    const next = reversed.at(-1)
    if (isClauseEndChar(char) || (char === '.' && (next === undefined || !wordChar.test(next)))) {
      ended = true
    }
    reversed.push(char)
  }
  return reversed.reverse().join('')
}

/**
 * Enough of `withoutAsides(blankCloze(text.slice(end)))` for the rules:
 * through its first sentence end, then the first character after it that
 * no punctuation or space is, then the next clause end and one character
 * more (or all of it). A `(` paired after `end` takes its aside out; a `)`
 * whose `(` is before `end` is unpaired here, and ends a clause.
 */
export function textAfter(text: string, end: number): string {
  return lastAsked(lastAfter, text, end, readAfter)
}

function readAfter(text: string, end: number): string {
  const { blanked, partner, markers } = read(text)
  const cut = markerAround(markers, end)
  const own = cut === undefined ? '' : blankCloze(text.slice(end, cutEnd(text, cut)))
  const chars: string[] = []
  const enough = enoughAfter()
  for (let at = end; at < blanked.length; at += 1) {
    const char = (at - end < own.length ? own[at - end] : blanked[at]) ?? ''
    const close = partner[at] ?? -1
    if (char === '(' && close !== -1) {
      chars.push(' ')
      at = close
    } else chars.push(char)
    // A character is judged once the one after it is known (`.` ends a clause only before no letter).
    if ((chars.length >= 2 && enough(chars.at(-2) ?? '', char)) || chars.length >= readLimit) break
  }
  return chars.join('')
}

/**
 * Where the slice from inside `marker` is blanked as the whole text is
 * again: the rest of a `{{c1::` is no markup; the rest of a `}}` may pair
 * with a `}` after it, and so on along a run of them, whose end both
 * readings reach alike. No parenthesis stands in that stretch.
 */
function cutEnd(text: string, [start, end]: readonly [number, number]): number {
  if (text[start] !== '}') return end
  let at = end
  while (text[at] === '}') at += 1
  return at
}

/**
 * What `textAfter` must hold, told one character at a time with the one
 * after it: a sentence end, then a character that no skipped punctuation
 * or space is (`judgedAfter`, `askedOnly`: the next clause starts there; a
 * `.` inside a word counts as punctuation, which errs long), then a clause
 * end; true once that clause end has a character after it.
 */
function enoughAfter(): (char: string, next: string) => boolean {
  let stage: 'sentence' | 'content' | 'clause' = 'sentence'
  return (char, next) => {
    const dot = char === '.' && !wordChar.test(next)
    if (stage === 'sentence') {
      if (char === '!' || char === '?' || char === '\n' || dot) stage = 'content'
    } else if (stage === 'content') {
      if (!/[\s,;:!?—–….]/.test(char)) stage = 'clause'
    } else if (isClauseEndChar(char) || dot) return true
    return false
  }
}
