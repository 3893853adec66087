/**
 * Deck mutation testing: derive wrong answers from every note (an errno name
 * swapped, a number changed, a claim word flipped — one change each) and
 * judge them against the same lab results, without running a lab again.
 * A mutant is caught when the judge refutes it. Pure.
 */
import type { LabResult } from '../model/lab-result.js'
import type { Note } from '../model/note.js'
import { answerFields, clozePattern } from './answer-side.js'
import { canonicalErrno } from './errno-names.js'
import { type ComparedValue, judgeNote, type NoteVerdict, type VerdictStatus } from './judge.js'
import { isNegated } from './negation.js'
import { canonicalNumber, canonicalValue, errnoTokens, numberTokens } from './value-kinds.js'

export type MutationKind = 'errno' | 'number' | 'mode' | 'claim'

/** One wrong answer: `from` at `index` of `field` replaced by `to`. */
export interface Mutation {
  kind: MutationKind
  field: string
  index: number
  from: string
  to: string
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

/** Every single-change wrong answer of one field's raw text. */
function fieldMutations(field: string, text: string): Mutation[] {
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
    mutations.push({ kind: 'claim', field, index: bare.index + bare[0].indexOf(from), from, to })
  }
  return mutations.sort((left, right) => left.index - right.index)
}

/** Every wrong answer derived from a note's answer side, one change each. */
export function deriveMutations(note: Pick<Note, 'noteType' | 'fields'>): Mutation[] {
  return answerFields(note).flatMap((field) => fieldMutations(field, note.fields[field] ?? ''))
}

/** The note with one mutation applied. */
export function applyMutation(note: Note, mutation: Mutation): Note {
  const text = note.fields[mutation.field] ?? ''
  const changed =
    text.slice(0, mutation.index) + mutation.to + text.slice(mutation.index + mutation.from.length)
  return { ...note, fields: { ...note.fields, [mutation.field]: changed } }
}

export interface MutantResult extends Mutation {
  /** The mutant's verdict; it is caught when `refuted`. */
  status: VerdictStatus
  /** Why a surviving mutant was not caught (null when caught). */
  why: string | null
}

/** Why a mutant of a note judged `original` survived: what the deck author could publish or link. */
function survivalReason(mutation: Mutation, original: NoteVerdict): string {
  if (original.status !== 'confirmed') {
    return `the note is ${original.status} as written, so its text is not compared`
  }
  if (mutation.kind === 'claim') {
    return `no linked check publishes a yes/no value whose claim phrase is "${mutation.from.toLowerCase()}"`
  }
  const kind = mutation.kind
  const same = (value: ComparedValue) =>
    value.kind === kind &&
    canonicalValue({ kind, value: value.kernel }) === canonicalValue({ kind, value: mutation.from })
  return original.links.some((link) => link.values.some(same))
    ? `${mutation.from} is published, and stated elsewhere on the card too`
    : `no linked check publishes ${mutation.from}`
}

/** A note's mutants, under the note's place and question as its verdict gives them. */
export interface NoteMutants
  extends Pick<NoteVerdict, 'file' | 'line' | 'id' | 'noteType' | 'question'> {
  /** The verdict of the note as written. */
  original: VerdictStatus
  mutants: MutantResult[]
}

export interface MutationReport {
  /** Mutants of notes that were not refuted as written. */
  total: number
  caught: number
  /** Per note type: mutants and how many were caught. */
  byNoteType: Record<string, { total: number; caught: number }>
  /** Every note with mutants; `original: refuted` ones are listed but not counted. */
  notes: NoteMutants[]
}

/**
 * Judge every mutant of every note against `results`. Notes refuted as
 * written are left out of the count (their mutants would be "caught" by the
 * original's fault); unverified and supported ones count, and their mutants
 * survive — that is the honest measure of what the deck protects.
 */
export function judgeMutants(
  notes: readonly Note[],
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
): MutationReport {
  const report: MutationReport = { total: 0, caught: 0, byNoteType: {}, notes: [] }
  for (const note of notes) {
    const mutations = deriveMutations(note)
    if (mutations.length === 0) continue
    const verdict = judgeNote(note, results, knownLabs)
    const original = verdict.status
    const mutants = mutations.map((mutation) => {
      const status = judgeNote(applyMutation(note, mutation), results, knownLabs).status
      return {
        ...mutation,
        status,
        why: status === 'refuted' ? null : survivalReason(mutation, verdict),
      }
    })
    report.notes.push({
      file: note.source.file,
      line: note.source.line,
      id: note.id,
      noteType: note.noteType,
      question: verdict.question,
      original,
      mutants,
    })
    if (original === 'refuted') continue
    const caught = mutants.filter((mutant) => mutant.status === 'refuted').length
    report.total += mutants.length
    report.caught += caught
    const byType = report.byNoteType[note.noteType] ?? { total: 0, caught: 0 }
    byType.total += mutants.length
    byType.caught += caught
    report.byNoteType[note.noteType] = byType
  }
  return report
}
