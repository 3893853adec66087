/**
 * Deck mutation testing: derive wrong answers from every note (an errno name
 * swapped, a number changed, a claim word flipped, two values or two
 * subjects swapped, a leading Yes/No flipped — one wrong answer each) and
 * judge them against the same lab results, without running a lab again.
 * A mutant is caught when the judge refutes it. Pure.
 */
import type { LabResult, ObservedValue } from '../model/lab-result.js'
import { fieldWithAdditions, type Note } from '../model/note.js'
import { writtenNames, writtenTypeName } from '../model/translated-note.js'
import { canonicalErrno } from '../text/errno-names.js'
import { answerFields, clozePattern, questionField, type RenderFields } from './answer-side.js'
import { subjectPhrases } from './binding.js'
import {
  type ComparedValue,
  judgeNote,
  type NoteVerdict,
  notePublishedValues,
  type VerdictStatus,
} from './judge.js'
import { isNegated } from './negation.js'
import {
  canonicalMode,
  canonicalNumber,
  canonicalValue,
  errnoTokens,
  labelUnit,
  modeTokens,
  nameFamily,
  nameTokens,
  numberTokens,
  parseNumberValue,
} from './value-kinds.js'

/**
 * The classes of wrong answer: one token changed (`errno`, `number`, `mode`,
 * `claim`), a number the kernel published without a unit changed
 * (`unitless`), two values of one kind swapped within a field
 * (`swap-values`), two subjects of a claim swapped (`swap-subjects`), and a
 * leading Yes/No flipped (`yes-no`).
 */
export type MutationKind =
  | 'errno'
  | 'number'
  | 'mode'
  | 'claim'
  | 'unitless'
  | 'swap-values'
  | 'swap-subjects'
  | 'yes-no'

export const mutationKinds: readonly MutationKind[] = [
  'errno',
  'number',
  'mode',
  'claim',
  'unitless',
  'swap-values',
  'swap-subjects',
  'yes-no',
]

/** One replacement in a field's raw text. */
export interface Edit {
  index: number
  from: string
  to: string
}

/**
 * One wrong answer: `from` at `index` of `field` replaced by `to`; a swap
 * makes several replacements (`edits`), and `from`/`to` then describe it
 * (`ENOENT … ECONNREFUSED` → `ECONNREFUSED … ENOENT`).
 */
export interface Mutation {
  kind: MutationKind
  field: string
  index: number
  from: string
  to: string
  edits?: Edit[] | undefined
}

/** Errnos a learner confuses; the first one not already said is the swap. */
const errnoSwaps: Readonly<Record<string, readonly string[]>> = {
  ECONNREFUSED: ['ENOENT', 'EAGAIN'],
  ENOENT: ['ECONNREFUSED', 'EACCES'],
  EAGAIN: ['ECONNREFUSED', 'ENOBUFS'],
  EADDRINUSE: ['EEXIST', 'EACCES'],
  EPIPE: ['ECONNRESET', 'ENOTCONN'],
  ECONNRESET: ['EPIPE', 'ECONNREFUSED'],
  EMSGSIZE: ['ENOBUFS', 'EINVAL'],
  ENOBUFS: ['EMSGSIZE', 'EAGAIN'],
  EACCES: ['EPERM', 'ENOENT'],
  EPERM: ['EACCES', 'ESRCH'],
  ESRCH: ['EPERM', 'EINVAL'],
  ENAMETOOLONG: ['EINVAL', 'ENOENT'],
  EINVAL: ['EOPNOTSUPP', 'EPERM'],
  EPROTOTYPE: ['EINVAL', 'EOPNOTSUPP'],
  EPROTONOSUPPORT: ['EINVAL', 'EAFNOSUPPORT'],
  ENOTCONN: ['EPIPE', 'EINVAL'],
  EISCONN: ['EINVAL', 'EALREADY'],
  EOPNOTSUPP: ['EINVAL', 'EPROTOTYPE'],
}
const fallbackErrnos = ['ECONNREFUSED', 'ENOENT', 'EINVAL']

/**
 * Claim words and their flips (whole words, case ignored, longest first).
 * Kept to words that carry a claim, so a mutant is a wrong answer, not noise.
 */
const claimFlips: ReadonlyArray<readonly [string, string]> = [
  ['does not block', 'blocks'],
  ['do not block', 'block'],
  ['does not wait', 'waits'],
  ['does not', 'does'],
  ["doesn't", 'does'],
  ['do not', 'do'],
  ["don't", 'do'],
  ['is not', 'is'],
  ["isn't", 'is'],
  ['are not', 'are'],
  ["aren't", 'are'],
  ['cannot', 'can'],
  ["can't", 'can'],
  ['no longer', 'still'],
  ['always', 'never'],
  ['never', 'always'],
  ['before', 'after'],
  ['after', 'before'],
  ['blocks', 'does not block'],
  ['waits', 'does not wait'],
  ['succeeds', 'fails'],
  ['fails', 'succeeds'],
  ['succeed', 'fail'],
  ['fail', 'succeed'],
  ['preserves', 'does not preserve'],
  ['preserved', 'not preserved'],
  ['keeps', 'loses'],
  ['stays', 'disappears'],
  ['remains', 'disappears'],
  ['more', 'fewer'],
  ['fewer', 'more'],
  ['larger', 'smaller'],
  ['smaller', 'larger'],
  ['faster', 'slower'],
  ['slower', 'faster'],
  ['higher', 'lower'],
  ['lower', 'higher'],
  ['same', 'different'],
  ['different', 'same'],
  ['true', 'false'],
  ['false', 'true'],
]

const claimPattern = new RegExp(
  `(?<![\\w'])(${[...claimFlips]
    .map(([word]) => word)
    .sort((left, right) => right.length - left.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\']/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|')})(?![\\w'])`,
  'gi',
)
const flipOf = new Map(claimFlips.map(([word, flip]) => [word, flip]))

/** Ranges of a field that are markup, not answer text: links, tags, cloze openers and hints. */
function markupRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  // Link targets, URLs and HTML tags are not part of the answer.
  for (const match of text.matchAll(/\[\[[^\]]*\]\]|\]\([^)]*\)|<[^>]*>/g)) {
    ranges.push([match.index, match.index + match[0].length])
  }
  for (const match of text.matchAll(clozePattern)) {
    const start = match.index
    const deletion = match[1] ?? ''
    const openerEnd = text.indexOf('::', start) + 2
    ranges.push([start, openerEnd])
    const deletionEnd = openerEnd + deletion.length
    ranges.push([deletionEnd, start + match[0].length])
  }
  return ranges
}

function keepCase(original: string, replacement: string): string {
  const first = original[0] ?? ''
  return first !== '' && first === first.toUpperCase() && first !== first.toLowerCase()
    ? replacement[0]?.toUpperCase() + replacement.slice(1)
    : replacement
}

/** Every wrong answer of one field's raw text. */
function fieldMutations(
  field: string,
  text: string,
  published: readonly ObservedValue[],
  question: string,
): Mutation[] {
  const hidden = markupRanges(text)
  const visible = (index: number) => !hidden.some(([start, end]) => index >= start && index < end)
  const mutations: Mutation[] = []
  const said = new Set(errnoTokens(text).map((token) => canonicalErrno(token.text)))
  for (const token of errnoTokens(text)) {
    if (token.negated || !visible(token.index)) continue
    const own = canonicalErrno(token.text)
    const choices = [...(errnoSwaps[own] ?? []), ...fallbackErrnos]
    const to = choices.find((choice) => choice !== own && !said.has(choice)) ?? choices[0]
    if (to && to !== own)
      mutations.push({ kind: 'errno', field, index: token.index, from: token.text, to })
  }
  for (const token of numberTokens(text)) {
    if (token.negated || !visible(token.index)) continue
    if (/^0o?[0-7]{3,4}$/.test(token.text)) {
      const last = Number(token.text.at(-1))
      const to = `${token.text.slice(0, -1)}${last ^ 2}`
      mutations.push({ kind: 'mode', field, index: token.index, from: token.text, to })
      continue
    }
    const canonical = canonicalNumber(token.text)
    const [whole = '0', fraction] = canonical.split('.')
    const next = (BigInt(whole) + 1n).toString()
    const to = fraction === undefined ? next : `${next}.${fraction}`
    mutations.push({ kind: 'number', field, index: token.index, from: token.text, to })
  }
  for (const match of text.matchAll(claimPattern)) {
    const from = match[0]
    if (!visible(match.index) || isNegated(text, match.index)) continue
    const flip = flipOf.get(from.toLowerCase().replace(/\s+/g, ' '))
    if (flip === undefined) continue
    mutations.push({ kind: 'claim', field, index: match.index, from, to: keepCase(from, flip) })
  }
  // A bare yes/no answer is a claim too.
  const bare = /^\s*(yes|no)\b/i.exec(text)
  if (bare?.[1]) {
    const from = bare[1]
    const to = keepCase(from, from.toLowerCase() === 'yes' ? 'no' : 'yes')
    mutations.push({ kind: 'yes-no', field, index: bare.index + bare[0].indexOf(from), from, to })
  }
  mutations.push(...unitlessMutations(field, text, published, visible))
  mutations.push(...valueSwaps(field, text, published, visible))
  mutations.push(...subjectSwaps(field, text, question, visible))
  return mutations.sort((left, right) => left.index - right.index)
}

/** Numbers the kernel published with no unit (in the value or its label): they conflict with nothing. */
function unitlessNumbers(published: readonly ObservedValue[]): Set<string> {
  return new Set(
    published
      .filter(
        (value) =>
          value.kind === 'number' &&
          parseNumberValue(value.value).unit === null &&
          labelUnit(value.label) === undefined,
      )
      .map((value) => parseNumberValue(value.value).number),
  )
}

/** A published unit-less number where the card states it, changed to n − 1 (n + 1 is the `number` class). */
function unitlessMutations(
  field: string,
  text: string,
  published: readonly ObservedValue[],
  visible: (index: number) => boolean,
): Mutation[] {
  const unitless = unitlessNumbers(published)
  return numberTokens(text).flatMap((token) => {
    const number = canonicalNumber(token.text)
    if (token.negated || !visible(token.index) || !unitless.has(number)) return []
    if (!/^\d+$/.test(number) || number === '0') return []
    const to = (BigInt(number) - 1n).toString()
    return [{ kind: 'unitless' as const, field, index: token.index, from: token.text, to }]
  })
}

/** A token that may swap places with another of its kind. */
interface SwapToken {
  kind: 'errno' | 'mode' | 'number' | 'name'
  index: number
  text: string
  canonical: string
  published: boolean
}

/**
 * Two values of one kind swapped within a field (`TCP gets ECONNREFUSED, a
 * missing path ENOENT` → `TCP gets ENOENT, a missing path ECONNREFUSED`):
 * errno names and octal modes, and numbers and names of which at least one
 * is a value the kernel published (names of one family: `SOCK_STREAM` with
 * `SOCK_DGRAM`, a published phrase with another). Each pair of different values once, at
 * their first occurrences.
 */
function valueSwaps(
  field: string,
  text: string,
  published: readonly ObservedValue[],
  visible: (index: number) => boolean,
): Mutation[] {
  const canon = (kind: SwapToken['kind']) =>
    new Set(published.filter((value) => value.kind === kind).map(canonicalValue))
  const numbers = canon('number')
  const modes = canon('mode')
  const names = canon('name')
  const phrases = published
    .filter((value) => value.kind === 'name' && nameFamily(value.value.trim()) === null)
    .map((value) => value.value.trim())
    .filter((phrase) => /\w/.test(phrase))
  const tokens: SwapToken[] = [
    ...errnoTokens(text).map((token) => ({
      kind: 'errno' as const,
      index: token.index,
      text: token.text,
      canonical: canonicalErrno(token.text),
      published: true,
      negated: token.negated,
    })),
    ...modeTokens(text).map((token) => ({
      kind: 'mode' as const,
      index: token.index,
      text: token.text,
      canonical: canonicalMode(token.text),
      published: modes.has(canonicalMode(token.text)),
      negated: token.negated,
    })),
    ...numberTokens(text)
      .filter((token) => !/^0o?[0-7]{3,4}$/.test(token.text))
      .map((token) => ({
        kind: 'number' as const,
        index: token.index,
        text: token.text,
        canonical: canonicalNumber(token.text),
        published: numbers.has(canonicalNumber(token.text)),
        negated: token.negated,
      })),
    ...nameTokens(text).map((token) => ({
      kind: 'name' as const,
      index: token.index,
      text: token.text,
      canonical: `${nameFamily(token.text)}:${token.text}`,
      published: names.has(token.text),
      negated: token.negated,
    })),
    ...phrases.flatMap((phrase) =>
      [...text.matchAll(phrasePattern(phrase))].map((match) => ({
        kind: 'name' as const,
        index: match.index,
        text: match[0],
        canonical: `phrase:${phrase.toLowerCase()}`,
        published: true,
        negated: isNegated(text, match.index),
      })),
    ),
  ].filter((token) => !token.negated && visible(token.index))
  const firsts = new Map<string, SwapToken>()
  for (const token of tokens.sort((left, right) => left.index - right.index)) {
    const key = `${token.kind}:${token.canonical}`
    if (!firsts.has(key)) firsts.set(key, token)
  }
  const distinct = [...firsts.values()]
  const mutations: Mutation[] = []
  for (const [at, left] of distinct.entries()) {
    for (const right of distinct.slice(at + 1)) {
      if (left.kind !== right.kind) continue
      // Names swap only within a family (SOCK_STREAM with SOCK_DGRAM, "unix" with "unixgram").
      if (left.kind === 'name' && family(left) !== family(right)) continue
      if ((left.kind === 'number' || left.kind === 'name') && !left.published && !right.published)
        continue
      if (overlaps(left, right)) continue
      mutations.push({
        kind: 'swap-values',
        field,
        index: left.index,
        from: `${left.text} … ${right.text}`,
        to: `${right.text} … ${left.text}`,
        edits: [
          { index: left.index, from: left.text, to: right.text },
          { index: right.index, from: right.text, to: left.text },
        ],
      })
    }
  }
  return mutations
}

function family(token: SwapToken): string {
  return token.canonical.slice(0, token.canonical.indexOf(':'))
}

function overlaps(left: SwapToken, right: SwapToken): boolean {
  return left.index < right.index + right.text.length && right.index < left.index + left.text.length
}

/** A case-insensitive whole-phrase pattern. */
function phrasePattern(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+')
  return new RegExp(`(?<![\\w])${body}(?![\\w])`, 'gi')
}

/**
 * Subjects a claim is made of, in pairs a learner mixes up: a card that
 * says one of a pair where the other belongs is wrong however its values
 * read. (Case is kept; `stream`, `Stream` and `STREAM` are matched.)
 */
export const subjectPairs: ReadonlyArray<readonly [string, string]> = [
  ['SOCK_STREAM', 'SOCK_DGRAM'],
  ['TCP', 'UDS'],
  ['TCP', 'Unix-domain'],
  ['UDP', 'Unix-domain'],
  ['streams', 'datagrams'],
  ['stream', 'datagram'],
  ['Python', 'Node'],
  ['clients', 'servers'],
  ['client', 'server'],
  ['sender', 'receiver'],
  ['parent', 'child'],
  ['shutdown()', 'close()'],
]

/**
 * Two subjects swapped: every occurrence of one of a pair becomes the other
 * and back, when the field names both; when it names one and the question
 * the other (`How does a UDS compare with TCP?` answered `UDS: …`), the
 * field's one becomes the other.
 */
function subjectSwaps(
  field: string,
  text: string,
  question: string,
  visible: (index: number) => boolean,
): Mutation[] {
  const mutations: Mutation[] = []
  const taken = new Set<number>()
  for (const [left, right] of subjectPairs) {
    const find = (word: string) =>
      [...text.matchAll(subjectPattern(word))].filter(
        (match) => visible(match.index) && !taken.has(match.index),
      )
    const lefts = find(left)
    const rights = find(right)
    const inQuestion = (word: string) => subjectPattern(word).test(question)
    let edits: Edit[] = []
    if (lefts.length > 0 && rights.length > 0) {
      edits = [
        ...lefts.map((match) => ({
          index: match.index,
          from: match[0],
          to: keepCase(match[0], right),
        })),
        ...rights.map((match) => ({
          index: match.index,
          from: match[0],
          to: keepCase(match[0], left),
        })),
      ]
    } else if (lefts.length > 0 && inQuestion(right)) {
      edits = lefts.map((match) => ({
        index: match.index,
        from: match[0],
        to: keepCase(match[0], right),
      }))
    } else if (rights.length > 0 && inQuestion(left)) {
      edits = rights.map((match) => ({
        index: match.index,
        from: match[0],
        to: keepCase(match[0], left),
      }))
    }
    if (edits.length === 0) continue
    for (const edit of edits) taken.add(edit.index)
    edits.sort((first, second) => first.index - second.index)
    const first = edits[0] as Edit
    mutations.push({
      kind: 'swap-subjects',
      field,
      index: first.index,
      from: `${left} ↔ ${right}`,
      to: `${right} ↔ ${left}`,
      edits,
    })
  }
  return mutations
}

/** A subject word as a whole word, any case when written in lower case, exactly when it has capitals. */
function subjectPattern(word: string): RegExp {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const flags = word === word.toLowerCase() ? 'gi' : 'g'
  return new RegExp(`(?<![\\w/-])${escaped}(?![\\w/-])`, flags)
}

/**
 * Every wrong answer derived from a note's answer side, one each.
 * `published`: the values the note's linked checks published (which
 * numbers are unit-less, which numbers and names are worth swapping).
 * `fields`: the answer side's fields, by default read from the Markdown;
 * `judgeMutants` reads them from the rendered fields, as the judge does.
 */
export function deriveMutations(
  note: Pick<Note, 'noteType' | 'fields' | 'additions'>,
  published: readonly ObservedValue[] = [],
  fields: readonly string[] = answerFields(note),
): Mutation[] {
  // Only whether a subject word is in it counts: the Markdown as written does (a `FROZEN` value too).
  const question = fieldWithAdditions(note, questionField(note))
  return fields.flatMap((field) =>
    fieldMutations(field, note.fields[field] ?? '', published, question),
  )
}

/** The note with one mutation applied. */
export function applyMutation(note: Note, mutation: Mutation): Note {
  let text = note.fields[mutation.field] ?? ''
  const edits = mutation.edits ?? [{ index: mutation.index, from: mutation.from, to: mutation.to }]
  // From the end, so earlier indices stay valid.
  for (const edit of [...edits].sort((left, right) => right.index - left.index)) {
    text = text.slice(0, edit.index) + edit.to + text.slice(edit.index + edit.from.length)
  }
  return { ...note, fields: { ...note.fields, [mutation.field]: text } }
}

export interface MutantResult extends Mutation {
  /** The changed text in brackets with the words around it, to tell two mutants of one value apart. */
  near: string
  /** The mutant's verdict; it is caught when `refuted`. */
  status: VerdictStatus
  /** Why a surviving mutant was not caught (null when caught). */
  why: string | null
}

/**
 * Why a mutant of a note judged `original` survived (`judged`: the mutant's
 * own verdict): what held it back from confirmed, or what the deck author
 * could publish or link.
 */
function survivalReason(
  mutation: Mutation,
  original: NoteVerdict,
  judged: NoteVerdict,
  field: string,
): string {
  if (original.status !== 'confirmed') {
    return `the note is ${original.status} as written, so its text is not compared`
  }
  if (judged.status === 'supported') return heldBackReason(judged)
  if (mutation.kind === 'claim') {
    return claimSurvival(mutation, field)
  }
  if (mutation.kind === 'yes-no') {
    return 'the leading Yes/No is not bound to a yes/no value the question names'
  }
  if (mutation.kind === 'swap-values' || mutation.kind === 'swap-subjects') {
    return "no linked check binds the swapped words to what they are said of (a value's subject), so the swap reads as the same facts"
  }
  const kind = mutation.kind === 'unitless' ? 'number' : mutation.kind
  const same = (value: ComparedValue) =>
    value.kind === kind &&
    canonicalValue({ kind, value: value.kernel }) === canonicalValue({ kind, value: mutation.from })
  return original.links.some((link) => link.values.some(same))
    ? `${mutation.from} is published, and stated elsewhere on the card too`
    : `no linked check publishes ${mutation.from}`
}

/** A negation a claim flip takes out or puts in: it bears on the word after it. */
const negations =
  /^(?:does not|do not|doesn't|don't|is not|isn't|are not|aren't|cannot|can't|no longer)$/i

/**
 * Why a flipped claim word survived: no check publishes it as a claim. A
 * flipped negation is named with the word it bears on (`does not exist`),
 * which is what a check would publish, or name as a value's subject.
 */
function claimSurvival(mutation: Mutation, field: string): string {
  const from = mutation.from.toLowerCase().replace(/\s+/g, ' ')
  if (!negations.test(from)) {
    return `no linked check publishes a yes/no value whose claim phrase is "${from}"`
  }
  const next = /^\s+([\w'-]+)/.exec(field.slice(mutation.index + mutation.from.length))?.[1]
  if (next === undefined) {
    return `no linked check publishes a yes/no value whose claim phrase is "${from}"`
  }
  const phrase = `${from} ${next.toLowerCase()}`
  return `the flipped "${from}" bears on "${next}", and no linked check publishes a yes/no value whose claim phrase is "${phrase}" (or "${next.toLowerCase()}"), nor names "${phrase}" as what a value is about, so nothing the judge compares changed`
}

/**
 * Why a mutant of a confirmed note is supported, not confirmed: the binding
 * read a value beside another subject than the one the kernel showed it of
 * (which withholds `confirmed` but never refutes), or what else the judge
 * did not compare.
 */
function heldBackReason(judged: NoteVerdict): string {
  const misbound = judged.links.flatMap((link) =>
    link.values.filter((value) => !value.agrees && typeof value.of === 'string'),
  )
  if (misbound.length === 0) {
    return `held back as supported, not refuted: ${judged.reason ?? 'its answer was not compared'}`
  }
  const said = misbound
    .map(
      (value) =>
        `${value.kind === 'bool' ? `"${value.label}"` : value.kernel} beside "${value.of}", where the kernel showed it of "${subjectPhrases(value.about)[0]}"`,
    )
    .join('; ')
  return `held back as supported, not refuted: the binding read the value said of the other subject (${said}); binding withholds confirmed but never refutes`
}

/** A note's mutants, under the note's place and question as its verdict gives them. */
export interface NoteMutants
  extends Pick<NoteVerdict, 'file' | 'line' | 'id' | 'noteType' | 'question'> {
  /** A localized Anki's note: the names its block wrote (`Basique`; `Back` → `Verso`), as `check --json` gives them. */
  writtenNoteType?: string
  writtenFieldNames?: Record<string, string>
  /** The verdict of the note as written. */
  original: VerdictStatus
  mutants: MutantResult[]
}

export interface MutationReport {
  /** Mutants of notes that were not refuted as written. */
  total: number
  caught: number
  /**
   * Mutants of a note confirmed as written that were not refuted but no
   * longer confirmed either (`supported`): noticed, though not proved wrong.
   */
  heldBack: number
  /** Per note type as the blocks named it (`Basique`): mutants and how many were caught. */
  byNoteType: Record<string, { total: number; caught: number }>
  /** Per class of mutation (README.md, "Mutants"): mutants, how many were caught and held back. */
  byKind: Partial<Record<MutationKind, { total: number; caught: number; heldBack: number }>>
  /** Every note with mutants; `original: refuted` ones are listed but not counted. */
  notes: NoteMutants[]
}

/** A report of no mutants yet, for `countMutants` to fill (`judgeMutants` in `commands/verify/judge-rendered.ts`). */
export function emptyMutationReport(): MutationReport {
  return { total: 0, caught: 0, heldBack: 0, byNoteType: {}, byKind: {}, notes: [] }
}

/** A note's mutations and its own verdict, or undefined when it has none (nothing to count). */
export function plannedMutants(
  note: Note,
  results: ReadonlyMap<string, LabResult>,
  render: RenderFields,
  knownLabs?: ReadonlySet<string> | undefined,
): { mutations: Mutation[]; verdict: NoteVerdict } | undefined {
  // The answer side as the judge reads it: from the fields the package renders (its cards).
  const fields = answerFields({ noteType: note.noteType, fields: render(note) })
  const mutations = deriveMutations(note, notePublishedValues(note, results), fields)
  if (mutations.length === 0) return undefined
  return { mutations, verdict: judgeNote(note, results, render, knownLabs) }
}

/** One mutant of `note` judged, with why it survived. */
export function judgeMutation(
  note: Note,
  mutation: Mutation,
  verdict: NoteVerdict,
  results: ReadonlyMap<string, LabResult>,
  render: RenderFields,
  knownLabs?: ReadonlySet<string> | undefined,
): MutantResult {
  const judged = judgeNote(applyMutation(note, mutation), results, render, knownLabs)
  const status = judged.status
  return {
    ...mutation,
    near: wordsAround(note.fields[mutation.field] ?? '', mutation.index, mutation.from.length),
    status,
    why:
      status === 'refuted'
        ? null
        : survivalReason(mutation, verdict, judged, note.fields[mutation.field] ?? ''),
  }
}

/** The text at `index` (`length` long) in brackets, with up to 16 characters each side cut to whole words, on one line. */
function wordsAround(text: string, index: number, length: number): string {
  const end = index + length
  let before = text.slice(Math.max(0, index - 16), index)
  let after = text.slice(end, end + 16)
  // A word the window cuts is left out, not shown in part, where the window holds a space to cut at.
  if (index > 16) before = before.slice(before.search(/\s/) + 1)
  if (end + 16 < text.length && /\s/.test(after)) after = after.slice(0, after.search(/\s\S*$/))
  return `${before}[${text.slice(index, end)}]${after}`.replace(/\s+/g, ' ').trim()
}

/** List the note's judged mutants in `report` and count them (not for a note refuted as written). */
export function countMutants(
  report: MutationReport,
  note: Note,
  verdict: NoteVerdict,
  mutants: MutantResult[],
): void {
  const original = verdict.status
  report.notes.push({
    file: note.source.file,
    line: note.source.line,
    id: note.id,
    noteType: note.noteType,
    ...(note.localized === undefined ? undefined : writtenNames(note.localized)),
    question: verdict.question,
    original,
    mutants,
  })
  if (original === 'refuted') return
  const caught = mutants.filter((mutant) => mutant.status === 'refuted').length
  report.total += mutants.length
  report.caught += caught
  const type = writtenTypeName(note)
  const byType = report.byNoteType[type] ?? { total: 0, caught: 0 }
  byType.total += mutants.length
  byType.caught += caught
  report.byNoteType[type] = byType
  for (const mutant of mutants) {
    const byKind = report.byKind[mutant.kind] ?? { total: 0, caught: 0, heldBack: 0 }
    byKind.total += 1
    if (mutant.status === 'refuted') byKind.caught += 1
    const held = original === 'confirmed' && mutant.status === 'supported'
    if (held) {
      byKind.heldBack += 1
      report.heldBack += 1
    }
    report.byKind[mutant.kind] = byKind
  }
}
