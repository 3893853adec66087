/**
 * How each kind of published value is stated on a card's answer side, and
 * which tokens of that kind conflict with it (README.md, "Kinds"). Pure.
 */
import type { ObservedValue, ValueKind } from '../model/lab-result.js'
import { canonicalErrno, isErrnoName } from '../text/errno-names.js'
import { escapeRegExp } from '../text/escape-regexp.js'
import { askedAt, framingWord, isHedged, isNegated, judgedAfter, negatedAfter } from './negation.js'

/** A token of some kind found on the answer side. */
export interface Occurrence {
  text: string
  index: number
  negated: boolean
  /** A claim's opposite word stated in its place (`slower` for `faster`): the claim, negated. */
  opposite?: true
  /**
   * A value not negated by the rules, but with a denial or a supposition in
   * its clause that they do not bind (`might`, `false`, `never` after it):
   * the word. The value is then neither stated nor contradicted (rule 4).
   */
  framed?: string
}

/**
 * How a token is read for negation: a `value` by what comes before it, a
 * yes/no `claim` also by a negated subject or a verb negation earlier in its
 * clause, a `name` also by a negated verb after it saying it does not show
 * up (`MSG_TRUNC is never set`). See negation.ts.
 */
type Reading = 'value' | 'claim' | 'name'

/** Every match of `pattern` (group 1 if any) that `keep` accepts, with whether it is negated. */
function occurrences(
  answer: string,
  pattern: RegExp,
  keep: (text: string) => boolean = () => true,
  reading: Reading = 'value',
): Occurrence[] {
  const matches = [...answer.matchAll(pattern)].filter((match) => keep(match[1] ?? match[0]))
  const found = matches.map((match) => {
    const text = match[1] ?? match[0]
    const index = match.index + (match[1] === undefined ? 0 : match[0].indexOf(match[1]))
    const negated =
      isNegated(answer, match.index, reading === 'claim') ||
      (reading === 'name' && negatedAfter(answer, index, index + text.length)) ||
      (reading === 'claim' && claimNegatedAround(answer, index, index + text.length))
    const framed =
      negated || reading === 'claim' ? null : framingWord(answer, index, index + text.length)
    return framed === null ? { text, index, negated } : { text, index, negated, framed }
  })
  // A hedged claim (`stays only when …`, `usually the same`) states it neither way, and so
  // does one a verdict clause follows (`Many think the file stays. They are wrong.`).
  if (reading !== 'claim') return found
  return found.filter(
    (token) =>
      !isHedged(answer, token.index, token.index + token.text.length) &&
      judgedAfter(answer, token.index + token.text.length) === null,
  )
}

/**
 * A claim negated by its object or a phrase around it: `can read nothing`,
 * `can connect to none`, `arrive out of order`.
 */
function claimNegatedAround(answer: string, start: number, end: number): boolean {
  return (
    /^\s+(?:nothing|none|nobody|no\s+one)\b/i.test(answer.slice(end)) ||
    /\bout\s+of\s+$/i.test(answer.slice(Math.max(0, start - 12), start))
  )
}

/** A case-insensitive whole-phrase pattern; runs of spaces match any whitespace. */
function phrasePattern(phrase: string): RegExp {
  const body = phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+')
  return new RegExp(`(?<![\\w])${body}(?![\\w])`, 'gi')
}

// --- errno ------------------------------------------------------------------

export function errnoTokens(answer: string): Occurrence[] {
  return occurrences(answer, /\bE[A-Z0-9]{2,}\b/g, isErrnoName, 'name')
}

// --- number -----------------------------------------------------------------

/** A number with optional thousands separators (`,`, thin spaces), and the unit word after it. */
export const numberPattern =
  /(?<![\w.])(-?(?:\d{1,3}(?:[,\u2009\u202f]\d{3})+|\d+)(?:\.\d+)?)(?![\w]|\.\d)/g

/** Small whole numbers a card may spell out ("two connections"); index = value. */
const numberWords = 'zero one two three four five six seven eight nine ten eleven twelve'.split(' ')

/** A typed answer with a spelled-out small number at its start written in digits (`five bytes` → `5 bytes`). */
function digitsFor(text: string): string {
  return text.replace(/^[a-z]+(?![\w-])/i, (word) => {
    const value = numberWords.indexOf(word.toLowerCase())
    return value === -1 ? word : String(value)
  })
}

export function canonicalNumber(text: string): string {
  const plain = text.replace(/[,\u2009\u202f\s]/g, '')
  const negative = plain.startsWith('-')
  const digits = (negative ? plain.slice(1) : plain).replace(/^0+(?=\d)/, '')
  return `${negative ? '-' : ''}${digits}`
}

/** `212992 bytes` → number `212992`, unit `byte` (singular, lower case). */
export function parseNumberValue(value: string): { number: string; unit: string | null } {
  const match = /^\s*(-?[\d,\u2009\u202f]+(?:\.\d+)?)\s*-?\s*([A-Za-z%]+)?\s*$/.exec(value)
  if (!match) return { number: canonicalNumber(value), unit: null }
  return { number: canonicalNumber(match[1] ?? ''), unit: match[2] ? singular(match[2]) : null }
}

/** Words that name a unit of size or time (singular, lower case): one of them beside a number says what it counts. */
const units = new Set(
  'bit byte b kb kib kilobyte mb mib megabyte gb gib gigabyte page ns nanosecond us microsecond ms millisecond s sec second min minute hour'.split(
    ' ',
  ),
)

/** Whether a word after a number (singular, lower case) is a unit. */
function isUnit(word: string): boolean {
  return units.has(word)
}

/** The unit a label names (`bytes kept` → `byte`), singular, or undefined. */
export function labelUnit(label: string | undefined): string | undefined {
  return (label ?? '').split(/\s+/).map(singular).find(isUnit)
}

function singular(word: string): string {
  const lower = word.toLowerCase()
  return lower.length > 3 && lower.endsWith('s') ? lower.slice(0, -1) : lower
}

interface NumberOccurrence extends Occurrence {
  unit: string | null
}

export function numberTokens(answer: string): NumberOccurrence[] {
  return occurrences(answer, numberPattern).map((token) => {
    const after = answer.slice(token.index + token.text.length)
    const unit = /^\s*-?\s*([A-Za-z]+)/.exec(after)?.[1]
    return { ...token, unit: unit ? singular(unit) : null }
  })
}

// --- mode -------------------------------------------------------------------

/** Octal modes written with a leading `0` or `0o` (the only ones that can conflict). */
const modePattern = /(?<![\w])(0o?[0-7]{3,4})(?![\w])/g

export function canonicalMode(text: string): string {
  return text
    .trim()
    .replace(/^0o/i, '')
    .replace(/^0+(?=[0-7]{3})/, '')
}

/** `755` → `rwxr-xr-x`. */
function symbolicMode(mode: string): string {
  const bits = mode.slice(-3)
  return [...bits]
    .map((digit) => {
      const value = Number(digit)
      return `${value & 4 ? 'r' : '-'}${value & 2 ? 'w' : '-'}${value & 1 ? 'x' : '-'}`
    })
    .join('')
}

/** `rwxr-xr-x`, optionally after a file type letter (`srwxr-xr-x`). */
const symbolicPattern = /(?<![\w-])[-sdl]?([r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-])(?![\w-])/g

export function modeTokens(answer: string): Occurrence[] {
  return occurrences(answer, modePattern)
}

// --- name -------------------------------------------------------------------

const namePattern = /\b([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|SIG[A-Z0-9]{2,})\b/g

/** `MSG_TRUNC` → `MSG_`, `SIGPIPE` → `SIG`; null for a value that is not a symbolic name. */
export function nameFamily(name: string): string | null {
  if (/^SIG[A-Z0-9]{2,}$/.test(name)) return 'SIG'
  const match = /^([A-Z][A-Z0-9]*_)[A-Z0-9_]*[A-Z0-9]$/.exec(name)
  return match ? (match[1] ?? null) : null
}

export function nameTokens(answer: string): Occurrence[] {
  return occurrences(answer, namePattern, undefined, 'name')
}

// --- bool -------------------------------------------------------------------

export function boolPhrases(label: string | undefined): string[] {
  return (label ?? '')
    .split('|')
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase !== '')
}

export function phraseOccurrences(answer: string, phrases: readonly string[]): Occurrence[] {
  return phrases.flatMap((phrase) => occurrences(answer, claimPattern(phrase), undefined, 'claim'))
}

/**
 * Words that say the other's negation when used plainly (`slower` says not
 * `faster`, `the file disappears` says it does not stay), both ways; each
 * in any form of the word.
 */
const opposites: ReadonlyArray<readonly [string, string]> = [
  ['always', 'never'],
  ['cannot', 'can'],
  ['before', 'after'],
  ['succeeds', 'fails'],
  ['keeps', 'loses'],
  ['stays', 'disappears'],
  ['remains', 'disappears'],
  ['more', 'fewer'],
  ['larger', 'smaller'],
  ['faster', 'slower'],
  ['higher', 'lower'],
  ['same', 'different'],
  ['true', 'false'],
  ['reliable', 'unreliable'],
  ['still', 'no longer'],
]

/** The phrase with one of its words replaced by an opposite, for each such word and opposite. */
function oppositePhrases(phrase: string): string[] {
  const words = phrase.trim().split(/\s+/)
  return words.flatMap((word, at) => {
    const forms = new Set(wordForms(word).map((form) => form.toLowerCase()))
    const others = opposites.flatMap(([one, other]) =>
      forms.has(one) ? [other] : forms.has(other) ? [one] : [],
    )
    return others.map((other) => [...words.slice(0, at), other, ...words.slice(at + 1)].join(' '))
  })
}

/**
 * Where the answer side states a yes/no claim, either way: each occurrence
 * of a claim phrase (negated or not). When it has none, a phrase with an
 * opposite word in its place, un-negated, states the claim negated (`UDS
 * round trips are slower` for `faster`): the card says the other thing. A
 * negated opposite (`not slower`) says neither. With neither the phrase nor
 * an opposite, the card does not state the claim, and nothing is found.
 */
export function claimOccurrences(answer: string, phrases: readonly string[]): Occurrence[] {
  const found = phraseOccurrences(answer, phrases)
  if (found.length > 0) return found
  return phraseOccurrences(answer, phrases.flatMap(oppositePhrases))
    .filter((token) => !token.negated)
    .map((token) => ({ ...token, negated: true, opposite: true }))
}

/**
 * Where the answer side states a yes/no claim (`claimOccurrences`), but for
 * an occurrence in a sentence it only asks ("Does it stay? Think again."):
 * there the card says it neither way. The card's question is read with
 * `claimOccurrences`: a yes/no question names its claim.
 */
export function answerClaimOccurrences(answer: string, phrases: readonly string[]): Occurrence[] {
  return claimOccurrences(answer, phrases).filter(
    (token) => !askedAt(answer, token.index + token.text.length),
  )
}

/**
 * A claim phrase as a pattern that takes each of its words in any form
 * (`padded` matches `pads`, `pad`, `padding`; `discarded` matches
 * `discards`), whole words, case ignored. Short function words and words
 * that are not plain lower-case letters (`end-of-file`, `sun_path`) are
 * matched as written, and so is a word inside a hyphenated compound
 * (`out-of-order` does not state `ordered`).
 */
function claimPattern(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((word) => {
      const others = wordForms(word).filter((form) => form !== word)
      // Another form inside a hyphenated compound is another word (`out-of-order`, `non-blocking`).
      return others.length === 0
        ? escapeRegExp(word)
        : `(?:${escapeRegExp(word)}|(?<!-)(?:${others.map(escapeRegExp).join('|')})(?!-))`
    })
    .join('\\s+')
  return new RegExp(`(?<![\\w])${body}(?![\\w])`, 'gi')
}

/** Words a claim keeps as written: another form of them is not the same claim (`can`, not `cans`). */
const fixedWords = new Set(
  'a an and any all are as at be been but by can cannot could did do does for from had has have if in is it its may might must no nor not of off on one or out per shall should so the to too via was were will with would yet'.split(
    ' ',
  ),
)

const vowel = /[aeiou]/

/**
 * The forms of one word a text may use for it, longest first: its
 * base (`padded` → `pad`, `discards` → `discard`, `refusing` → `refuse`,
 * `tries` → `try`) with `-s`/`-es`, `-d`/`-ed`, `-ing`, the last consonant
 * doubled (`pad` → `padded`, `padding`) and `y` → `ies`/`ied`. Only forms of
 * the same word: `pad` never gives `paddle`. A word that is not plain
 * lower-case letters, or is shorter than three, or a function word, has no
 * other form.
 */
export function wordForms(word: string): string[] {
  const lower = word.toLowerCase()
  if (!/^[a-z]{3,}$/.test(lower) || fixedWords.has(lower)) return [word]
  const bases = new Set([lower])
  const cut = (suffix: string) => (lower.endsWith(suffix) ? lower.slice(0, -suffix.length) : null)
  const undouble = (stem: string) =>
    /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss|zz|ff)$/.test(stem) ? stem.slice(0, -1) : stem
  for (const stem of [cut('ies'), cut('ied')]) if (stem) bases.add(`${stem}y`)
  // `-s` after `s`, `u` or `i` is the word's own (`address`, `status`, `basis`), not a plural.
  for (const stem of [cut('es'), /[sui]s$/.test(lower) ? null : cut('s'), cut('d')])
    if (stem) bases.add(stem)
  for (const stem of [cut('ed'), cut('ing')]) {
    if (!stem) continue
    bases.add(stem)
    bases.add(undouble(stem))
    if (lower.endsWith('ing')) bases.add(`${stem}e`)
  }
  const forms = new Set([word])
  for (const base of bases) {
    if (base.length < 3) continue
    const last = base.at(-1) ?? ''
    for (const suffix of ['', 's', 'es', 'ed', 'ing']) forms.add(base + suffix)
    if (last === 'e') forms.add(`${base}d`).add(`${base.slice(0, -1)}ing`)
    if (last === 'y' && !vowel.test(base.at(-2) ?? '')) {
      forms.add(`${base.slice(0, -1)}ies`).add(`${base.slice(0, -1)}ied`)
    }
    // pad → padded: a short vowel before a single final consonant doubles it.
    if (/[^aeiou][aeiou][b-df-hj-np-tv-z]$/.test(base) && !/[wxy]$/.test(base)) {
      forms.add(`${base}${last}ed`).add(`${base}${last}ing`)
    }
  }
  return [...forms].sort((left, right) => right.length - left.length)
}

/**
 * A yes/no question answered by its first word: when the question is one
 * (it starts with an auxiliary: "Does root need write permission?"), names
 * the claim phrase un-negated, and the answer starts with `Yes` or `No` on
 * its own (`No,` `No:` `No.`; not "No TCP/IP stack"), that word is the
 * answer's polarity. A question that names, in the phrase's place, an
 * opposite (`claimOccurrences`: "Does the socket file disappear?" for
 * `stays`) asks the claim negated: its No says the claim, its Yes denies it.
 */
function askedAndAnswered(
  answer: string,
  question: string,
  phrases: readonly string[],
): boolean | null {
  const asked = askedClaim(answer, question, phrases)
  return asked === null ? null : asked.polarity
}

/** The leading Yes/No as it reads the claim (`polarity`), and as the card shows it. */
function askedClaim(
  answer: string,
  question: string,
  phrases: readonly string[],
): { polarity: boolean; shown: string } | null {
  if (!yesNoQuestion.test(question)) return null
  const bare = leadingYesNo(answer)
  if (bare === undefined) return null
  const yes = bare.toLowerCase() === 'yes'
  const named = claimOccurrences(question, phrases)
  if (named.some((token) => !token.negated)) return { polarity: yes, shown: bare }
  const opposite = named.find((token) => token.opposite)
  if (opposite === undefined) return null
  return { polarity: !yes, shown: `${bare} (${yes ? '' : 'not '}${opposite.text})` }
}

/** Whether a yes/no `question` asks a claim (one of `phrases` un-negated, or an opposite in its place). */
export function questionAsksClaim(question: string, phrases: readonly string[]): boolean {
  return claimOccurrences(question, phrases).some((token) => !token.negated || token.opposite)
}

/**
 * A question a bare Yes or No answers: it opens with an auxiliary verb, or
 * with one clause that sets the scene and then one ("When the buffer is
 * full, does send() block?"). The clause must open with a word that opens
 * such a clause, so "Which errno, EAGAIN or EWOULDBLOCK, does …" stays open.
 */
export const yesNoQuestion =
  /^\s*(?:(?:when|whenever|if|once|after|before|while|since|unless|until|with|without|in|on|for|under|given|by default|although|though|even if)\b[^?,]*,\s*)?(?:is|are|was|were|does|do|did|can|could|will|would|shall|should|may|might|must|has|have|had)\b/i

/** The `Yes` or `No` an answer opens with on its own (`No,` `No:`; not "No TCP/IP stack"), or undefined. */
export function leadingYesNo(answer: string): string | undefined {
  return /^\s*(yes|no)(?=\s*(?:[,.:;!—–-]|$))/i.exec(answer)?.[1]
}

/** `yes`/`true` → true, `no`/`false` → false, anything else null. */
export function boolValue(value: string): boolean | null {
  const lower = value.trim().toLowerCase()
  if (lower === 'yes' || lower === 'true') return true
  if (lower === 'no' || lower === 'false') return false
  return null
}

// --- order ------------------------------------------------------------------

export function orderItems(value: string): string[] {
  return value
    .split('<')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** The items in the order the answer side first mentions them (unmentioned ones left out). */
function orderStated(answer: string, items: readonly string[]): string[] {
  const firsts = items.flatMap((item) => {
    const first = occurrences(answer, phrasePattern(item))[0]
    return first ? [{ item, index: first.index }] : []
  })
  return firsts.sort((left, right) => left.index - right.index).map((entry) => entry.item)
}

// --- per kind ---------------------------------------------------------------

/** The kind a legacy `Check.value` has, judged by its shape. */
export function detectKind(value: string): ValueKind {
  const trimmed = value.trim()
  if (isErrnoName(trimmed)) return 'errno'
  if (/^0o?[0-7]{3,4}$/.test(trimmed)) return 'mode'
  if (/^-?\d[\d,]*(?:\.\d+)?$/.test(trimmed)) return 'number'
  if (/\S\s*<\s*\S/.test(trimmed)) return 'order'
  return 'name'
}

/** A value's canonical text, for equality within its kind. */
export function canonicalValue(value: ObservedValue): string {
  switch (value.kind) {
    case 'errno':
      return canonicalErrno(value.value)
    case 'number':
      return parseNumberValue(value.value).number
    case 'mode':
      return canonicalMode(value.value)
    case 'bool':
      return `${boolValue(value.value)}:${boolPhrases(value.label).join('|').toLowerCase()}`
    case 'order':
      return orderItems(value.value).join(' < ').toLowerCase()
    case 'name':
      return nameFamily(value.value.trim()) === null
        ? value.value.trim().replace(/\s+/g, ' ').toLowerCase()
        : value.value.trim()
  }
}

/** Whether a typed answer (a type-in card's Back, plain text) equals a value of its kind. */
export function typedEquals(typed: string, value: ObservedValue): boolean {
  const text = typed.trim()
  switch (value.kind) {
    case 'errno':
      return isErrnoName(text) && canonicalErrno(text) === canonicalErrno(value.value)
    case 'number': {
      // A unit typed must be the value's unit: `108 kilobytes` is not `108 bytes`.
      // A small number may be spelled out (`five`, `five bytes`), as on any other card.
      const digits = digitsFor(text)
      const typedNumber = parseNumberValue(digits)
      const published = parseNumberValue(value.value)
      return (
        new RegExp(`^${numberPattern.source}$`).test(digits.replace(/\s*-?\s*[A-Za-z%]+$/, '')) &&
        typedNumber.number === published.number &&
        (typedNumber.unit === null || typedNumber.unit === published.unit)
      )
    }
    case 'mode':
      return /^(?:0o?)?[0-7]{3,4}$/.test(text) && canonicalMode(text) === canonicalMode(value.value)
    case 'bool':
      return boolValue(text) !== null && boolValue(text) === boolValue(value.value)
    case 'order':
      return (
        orderItems(text).join(' < ').toLowerCase() ===
        orderItems(value.value).join(' < ').toLowerCase()
      )
    case 'name':
      return (
        text.replace(/\s+/g, ' ').toLowerCase() ===
        value.value.trim().replace(/\s+/g, ' ').toLowerCase()
      )
  }
}

/**
 * What the answer side says about a value's subject (shown beside the
 * kernel's value), or null when it says nothing of that kind.
 */
export function cardSays(answer: string, value: ObservedValue, question = ''): string | null {
  const join = (items: readonly string[]) =>
    items.length === 0 ? null : [...new Set(items)].join(', ')
  const said = (tokens: readonly Occurrence[]) =>
    join(
      tokens.map((token) =>
        token.negated && !token.opposite
          ? `not ${token.text}`
          : token.framed
            ? `${token.text} (beside "${token.framed}")`
            : token.text,
      ),
    )
  switch (value.kind) {
    case 'errno':
    case 'number':
    case 'mode': {
      // A bare Yes/No to a question naming the value says it, or its negation.
      const answered = answeredValue(answer, value, question)
      const own = said(tokensOfKind(answer, value))
      const other = answered === null ? answeredOtherValue(answer, value, question) : null
      if (other !== null) return other.yes ? `Yes (${other.asked})` : `No (not ${other.asked})`
      if (answered === null) return own
      return [answered ? `Yes (${value.value})` : `No (not ${value.value})`, own]
        .filter((part) => part !== null)
        .join(', ')
    }
    case 'name':
      return said(kindTokens(answer, value))
    case 'bool': {
      const phrases = boolPhrases(value.label)
      const asked = askedClaim(answer, question, phrases)
      const found = said(answerClaimOccurrences(answer, phrases))
      if (asked === null) return found
      return [asked.shown, found].filter((part) => part !== null).join(', ')
    }
    case 'order': {
      const items = orderStated(answer, orderItems(value.value))
      return items.length === 0 ? null : items.join(' < ')
    }
  }
}

/**
 * Whether the answer side states `value` (un-negated, except a bool `no`,
 * which must be negated). `question` is the card's question, which can bind
 * a bool's claim phrase to a leading Yes/No answer.
 */
export function states(answer: string, value: ObservedValue, question = ''): boolean {
  switch (value.kind) {
    case 'errno':
    case 'number':
    case 'mode': {
      const answered = answeredValue(answer, value, question)
      if (answered !== null) return answered
      return statingOccurrences(answer, value).length > 0
    }
    case 'name':
      return statingOccurrences(answer, value).length > 0
    case 'bool': {
      const wanted = boolValue(value.value)
      const phrases = boolPhrases(value.label)
      const found = answerClaimOccurrences(answer, phrases)
      const positive = found.some((token) => !token.negated)
      const negative = found.some((token) => token.negated)
      if (wanted === null) return false
      const polarity = askedAndAnswered(answer, question, phrases)
      if (polarity !== null) return polarity === wanted && (wanted ? !negative : !positive)
      return wanted ? positive && !negative : negative && !positive
    }
    case 'order': {
      const items = orderItems(value.value)
      const stated = orderStated(answer, items)
      return (
        items.length > 1 &&
        stated.length === items.length &&
        stated.every((item, index) => item === items[index])
      )
    }
  }
}

/**
 * Where the answer side names an errno name, number, mode or name `value`,
 * negated, framed (rule 4) or neither; empty for other kinds.
 */
function namedOccurrences(answer: string, value: ObservedValue): Occurrence[] {
  switch (value.kind) {
    case 'errno': {
      const wanted = canonicalErrno(value.value)
      return errnoTokens(answer).filter((token) => canonicalErrno(token.text) === wanted)
    }
    case 'number': {
      const { number, unit } = parseNumberValue(value.value)
      // `108 kilobytes` does not state 108 bytes; `108 on Linux` does (`on` is no unit).
      const digits = numberTokens(answer).filter(
        (token) =>
          canonicalNumber(token.text) === number &&
          !(unit !== null && token.unit !== null && token.unit !== unit && isUnit(token.unit)),
      )
      const word = /^\d+$/.test(number) ? numberWords[Number(number)] : undefined
      const spelled = word ? occurrences(answer, phrasePattern(word)) : []
      return [...digits, ...spelled]
    }
    case 'mode': {
      const mode = canonicalMode(value.value)
      const octal = new RegExp(`(?<![\\w])(?:0o?)?0*${escapeRegExp(mode)}(?![\\w])`, 'g')
      const symbolic = new RegExp(
        `(?<![\\w])[-sl]?${escapeRegExp(symbolicMode(mode))}(?![\\w])`,
        'g',
      )
      return [...occurrences(answer, octal), ...occurrences(answer, symbolic)]
    }
    case 'name': {
      const trimmed = value.value.trim()
      const pattern =
        nameFamily(trimmed) === null
          ? phrasePattern(trimmed)
          : new RegExp(`(?<![\\w])${escapeRegExp(trimmed)}(?![\\w])`, 'g')
      return occurrences(answer, pattern, undefined, 'name')
    }
    default:
      return []
  }
}

/**
 * Where the answer side names `value` (not a yes/no claim or an order)
 * un-negated but framed by a word it cannot bind (rule 4: `HELLO is what a
 * client might send`): neither stated nor contradicted.
 */
export function framedOccurrences(answer: string, value: ObservedValue): Occurrence[] {
  return namedOccurrences(answer, value).filter((token) => !token.negated && token.framed)
}

/**
 * The occurrences on the answer side that state `value` (what `states`
 * finds): un-negated ones, not framed by a denial or supposition the rules
 * cannot bind (rule 4; `framing: false` reads a question, where `Could …`
 * asks), or for a bool `no` the negated claims. An order has none (it is
 * stated by all its items together).
 */
export function statingOccurrences(
  answer: string,
  value: ObservedValue,
  framing = true,
): Occurrence[] {
  switch (value.kind) {
    case 'errno':
    case 'number':
    case 'mode':
    case 'name':
      return namedOccurrences(answer, value).filter(
        (token) => !token.negated && !(framing && token.framed),
      )
    case 'bool': {
      const wanted = boolValue(value.value)
      return answerClaimOccurrences(answer, boolPhrases(value.label)).filter(
        (token) => token.negated === (wanted === false),
      )
    }
    case 'order':
      return []
  }
}

/** Whether the card's question binds a bool's claim phrase to a leading Yes/No of the answer. */
export function answeredByYesNo(answer: string, value: ObservedValue, question: string): boolean {
  if (value.kind !== 'bool') return answeredValue(answer, value, question) !== null
  return askedAndAnswered(answer, question, boolPhrases(value.label)) !== null
}

/**
 * The tokens of `value`'s kind in `text`, negated or not: errno names,
 * numbers (of its unit, when it has one), modes. Empty for other kinds.
 */
function tokensOfKind(text: string, value: ObservedValue): Occurrence[] {
  switch (value.kind) {
    case 'errno':
      return errnoTokens(text)
    case 'number': {
      const { unit } = parseNumberValue(value.value)
      const tokens = numberTokens(text)
      return unit === null ? tokens : tokens.filter((token) => token.unit === unit)
    }
    case 'mode':
      return [...modeTokens(text), ...occurrences(text, symbolicPattern)]
    default:
      return []
  }
}

/**
 * What `cardSays` lists for an errno name, number, mode or name: every token
 * of its kind on the answer side (a name: of its family, or the name itself).
 */
function kindTokens(answer: string, value: ObservedValue): Occurrence[] {
  if (value.kind !== 'name') return tokensOfKind(answer, value)
  const family = nameFamily(value.value.trim())
  if (family === null) return occurrences(answer, phrasePattern(value.value), undefined, 'name')
  return nameTokens(answer).filter((token) => nameFamily(token.text) === family)
}

/**
 * Whether the answer side names a value of `value`'s kind negated (`not
 * ENOENT`, `SIGPIPE is never raised`): what `cardSays` shows as `not X`.
 */
export function namesNegated(answer: string, value: ObservedValue): boolean {
  return kindTokens(answer, value).some((token) => token.negated && !token.opposite)
}

/**
 * Whether a yes/no question asks about `value` (an errno name, number or
 * mode) alone: it names it un-negated, and no other value of its kind
 * ("Does connect() to a missing path give ENOENT?").
 */
export function questionAsksValue(question: string, value: ObservedValue): boolean {
  if (!yesNoQuestion.test(question)) return false
  const named = tokensOfKind(question, value)
  if (named.length === 0) return false
  const stating = statingOccurrences(question, value, false)
  return named.every((token) =>
    stating.some((stated) => stated.index === token.index && stated.text === token.text),
  )
}

/**
 * The one value of `value`'s kind that a yes/no question asks about when it
 * is not `value` ("Does connect() give ECONNREFUSED?" for a published
 * ENOENT): every token of that kind in the question is it, un-negated.
 * Null when the question names none, several, `value` itself, or negates one.
 */
export function otherValueAsked(question: string, value: ObservedValue): string | null {
  if (!yesNoQuestion.test(question)) return null
  const named = tokensOfKind(question, value)
  if (named.length === 0 || named.some((token) => token.negated)) return null
  const canon = (text: string) => canonicalValue({ kind: value.kind, value: text })
  const asked = new Set(named.map((token) => canon(token.text)))
  if (asked.size !== 1 || asked.has(canonicalValue(value))) return null
  return (named[0] as Occurrence).text
}

/**
 * A bare Yes or No to a yes/no question that asks about another value of
 * `value`'s kind alone, when the answer names none of that kind itself:
 * `{ yes, asked }`. "Yes." then says the other value, which conflicts;
 * "No." denies it and says nothing of `value`, so it is not compared.
 */
export function answeredOtherValue(
  answer: string,
  value: ObservedValue,
  question: string,
): { yes: boolean; asked: string } | null {
  if (value.kind !== 'errno' && value.kind !== 'number' && value.kind !== 'mode') return null
  const bare = leadingYesNo(answer)
  if (bare === undefined || tokensOfKind(answer, value).length > 0) return null
  const asked = otherValueAsked(question, value)
  return asked === null ? null : { yes: bare.toLowerCase() === 'yes', asked }
}

/**
 * The leading Yes (true) or No (false) of an answer to a question that asks
 * about `value` alone (`questionAsksValue`): "Yes." states ENOENT, "No."
 * denies it. Null when the question does not ask so, or the answer opens
 * with neither.
 */
function answeredValue(answer: string, value: ObservedValue, question: string): boolean | null {
  if (!questionAsksValue(question, value)) return null
  const bare = leadingYesNo(answer)
  return bare === undefined ? null : bare.toLowerCase() === 'yes'
}

/**
 * Tokens on the answer side that conflict with the published set: an errno
 * or a leading-zero octal mode nobody published, or a number with the unit
 * of a published number — each un-negated. Symbolic names never conflict: a
 * card names `SOCK_STREAM` beside `SOCK_DGRAM` as its subject, not as an
 * outcome.
 */
export function conflicts(answer: string, published: readonly ObservedValue[]): Occurrence[] {
  const canon = (kind: ValueKind) =>
    new Set(published.filter((value) => value.kind === kind).map(canonicalValue))
  const errnos = canon('errno')
  const modes = canon('mode')
  const numbers = canon('number')
  const found = scannedTokens(answer, published).filter((token) => {
    if (token.kind === 'errno') return !errnos.has(canonicalErrno(token.text))
    if (token.kind === 'mode') return !modes.has(canonicalMode(token.text))
    return !numbers.has(canonicalNumber(token.text))
  })
  return found
    .filter((token) => !token.negated && !token.framed)
    .sort((left, right) => left.index - right.index)
}

/**
 * The tokens rule 3 compares with the published values, negated or not:
 * errno names, octal modes, and numbers followed by a unit a published
 * number has.
 */
export function scannedTokens(
  answer: string,
  published: readonly ObservedValue[],
): Array<Occurrence & { kind: 'errno' | 'mode' | 'number' }> {
  const units = new Set(
    published
      .filter((value) => value.kind === 'number')
      .flatMap((value) => parseNumberValue(value.value).unit ?? []),
  )
  return [
    ...errnoTokens(answer).map((token) => ({ ...token, kind: 'errno' as const })),
    ...modeTokens(answer).map((token) => ({ ...token, kind: 'mode' as const })),
    ...numberTokens(answer)
      .filter((token) => token.unit !== null && units.has(token.unit))
      .map((token) => ({ ...token, kind: 'number' as const })),
  ]
}
