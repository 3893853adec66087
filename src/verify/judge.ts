/**
 * Judging notes against lab results: pure functions from notes and lab
 * results to a verdict per note (all of a note's cards share it), with what
 * the card says beside what the kernel said for every link. No sockets, no
 * files — the verify command's pipeline runs the labs and hands the results
 * in. The rules are in README.md.
 */

import { formatLabLink } from '../model/lab-link.js'
import {
  type Check,
  isBusyTimeout,
  type LabResult,
  type ObservedValue,
} from '../model/lab-result.js'
import type { LabLink, Note } from '../model/note.js'
import { findNoteType } from '../model/note-types.js'
import type { VerdictStatus } from '../model/verdict.js'
import { type RenderFields, readNote, type ShownNote, typeInNoteType } from './answer-side.js'
import {
  type Binding,
  bindingOf,
  oppositeSubject,
  type Subjects,
  subjectPhrases,
} from './binding.js'
import {
  answeredByYesNo,
  answeredOtherValue,
  boolPhrases,
  canonicalValue,
  cardSays,
  conflicts,
  detectKind,
  framedOccurrences,
  labelUnit,
  leadingYesNo,
  namesNegated,
  otherValueAsked,
  parseNumberValue,
  phraseOccurrences,
  questionAsksClaim,
  questionAsksValue,
  scannedTokens,
  states,
  statingOccurrences,
  typedEquals,
  yesNoQuestion,
} from './value-kinds.js'

export { type VerdictStatus, verdictStatuses } from '../model/verdict.js'
export { type RenderFields, typeInNoteType } from './answer-side.js'

/** One published value beside what the card's answer side says about it. */
export interface ComparedValue {
  kind: ObservedValue['kind']
  label: string | null
  /** What the kernel showed. */
  kernel: string
  /** What the card says (tokens of the same kind, `not X` when negated), or null when it says nothing. */
  card: string | null
  agrees: boolean
  /** A name the lab chose, not a value the kernel gave back: agreeing with it compares nothing. */
  input?: true | undefined
  /** What the value is about (the check's `about`), when it names that. */
  about?: string | undefined
  /**
   * What the card says the value of, when the check names what it is about:
   * the subject read beside it (`of: "TCP"`), or null when the card names
   * no subject the judge can read there.
   */
  of?: string | null | undefined
  /**
   * The word that may deny or suppose the value, when the card names it only
   * beside one the judge cannot bind (rule 4): not compared.
   */
  framed?: string | undefined
}

/** The judgement of one `Lab:` link. */
export interface LinkVerdict {
  link: string
  status: VerdictStatus
  reason: string | null
  values: ComparedValue[]
}

/** The verdict for one note: where it is, what it asks, what it links, and why. */
export interface NoteVerdict {
  file: string
  line: number
  id: number | null
  noteType: string
  /** The first field as plain text (the question of the note's first card). */
  question: string
  labs: string[]
  /** How many Anki cards the note makes; they share this verdict. */
  cards: number
  status: VerdictStatus
  /** Why the note is not confirmed, or what a `supported` link beside a confirmed one did not compare. */
  reason?: string | undefined
  links: LinkVerdict[]
}

/**
 * Normalise an answer for comparison: the text without Markdown code ticks or
 * HTML tags, Unicode NFC, lower case, whitespace collapsed and trimmed.
 */
export function normaliseAnswer(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/`/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Every value a check published: its typed `values`; a check that publishes
 * none has its legacy `value` read as one, typed by its shape. (With typed
 * values, `value` is only the answer a type-in card must equal.)
 */
export function publishedValues(check: Check): ObservedValue[] {
  const typed = check.value?.trim() ?? ''
  const values =
    check.values && check.values.length > 0
      ? check.values
      : typed === ''
        ? []
        : [{ kind: detectKind(typed), value: typed }]
  // A yes/no value needs its claim phrase; without one nothing can be compared.
  return values.filter((value) => value.kind !== 'bool' || (value.label ?? '').trim() !== '')
}

type Outcome =
  | { kind: 'final'; verdict: LinkVerdict }
  /** The linked check passed: compare its values with the card. */
  | { kind: 'compare'; link: string; check: Check }

/** The lab-side outcome of one link, before any text is compared. */
function linkOutcome(
  link: LabLink,
  results: ReadonlyMap<string, LabResult>,
  knownLabs: ReadonlySet<string> | undefined,
): Outcome {
  const name = formatLabLink(link)
  const final = (status: VerdictStatus, reason: string): Outcome => ({
    kind: 'final',
    verdict: { link: name, status, reason, values: [] },
  })
  const result = results.get(link.lab)
  if (!result) {
    return final(
      'unverified',
      `${name}: ${knownLabs && !knownLabs.has(link.lab) ? 'no such lab' : 'lab was not run'}`,
    )
  }
  if (result.status === 'skip') {
    return final('unverified', `${name}: lab skipped: ${result.reason ?? 'no reason given'}`)
  }
  // Slowed past its deadline by a busy machine: not an error of the lab, and no evidence either way.
  if (isBusyTimeout(result)) {
    return final('unverified', `${name}: lab ${result.lab} did not finish: ${result.reason ?? ''}`)
  }
  if (result.status === 'error') {
    return final('unverified', `${name}: lab error: ${result.reason ?? 'no reason given'}`)
  }
  const leftBehind = result.leftovers !== undefined && result.leftovers.length > 0
  if (link.check === undefined) {
    const failed = result.checks.filter((check) => check.status === 'fail')
    if (failed.length > 0) {
      const detail = failed.map((check) => `${check.name} observed ${check.observed}`).join('; ')
      return final('refuted', `${name}: failed: ${detail}`)
    }
    if (result.status !== 'pass' || leftBehind) {
      return final('unverified', `${name}: lab ${result.status}: ${result.reason ?? ''}`.trimEnd())
    }
    return final(
      'supported',
      `${name}: the lab passed, but a link to a whole lab compares nothing; link lab#check`,
    )
  }
  const check = result.checks.find((candidate) => candidate.name === link.check)
  if (!check) return final('unverified', `${name}: the lab recorded no such check`)
  if (check.status === 'fail') {
    return final(
      'refuted',
      `${name}: failed: expected ${check.expected}, observed ${check.observed}`,
    )
  }
  if (check.status === 'skip') return final('unverified', `${name}: check ${check.observed}`)
  // The check passed, but a run that left things behind is not trusted as proof.
  if (leftBehind) return final('unverified', `${name}: lab fail: ${result.reason ?? ''}`.trimEnd())
  return { kind: 'compare', link: name, check }
}

const show = (value: ObservedValue) =>
  value.kind === 'bool' ? `${value.value} (${value.label})` : value.value

function compared(value: ObservedValue, card: string | null, agrees: boolean): ComparedValue {
  const entry: ComparedValue = {
    kind: value.kind,
    label: value.label ?? null,
    kernel: value.value,
    card,
    agrees,
  }
  if (value.input) entry.input = true
  if (value.about !== undefined) entry.about = value.about
  return entry
}

/**
 * The subjects a value is bound by: its own (`about`), and the other side's
 * (`contrast`, and for a value that is not yes/no, the `about` of every
 * published value of its kind that differs from it: `ENOENT` about a
 * missing path is the other side of `ECONNREFUSED` about TCP). Null when the
 * value names no subject of its own: then it is bound to nothing.
 */
function subjectsOf(value: ObservedValue, published: readonly ObservedValue[]): Subjects | null {
  const own = subjectPhrases(value.about)
  if (own.length === 0) return null
  const rivals =
    value.kind === 'bool'
      ? []
      : published.filter(
          (other) => other.kind === value.kind && canonicalValue(other) !== canonicalValue(value),
        )
  // The opposite of an own subject that holds a negation (`does exist` for `does not exist`)
  // is the other case: a value said beside it is said of that.
  const opposites = own.flatMap((phrase) => oppositeSubject(phrase) ?? [])
  return {
    own,
    others: [
      ...subjectPhrases(value.contrast),
      ...rivals.flatMap((other) => subjectPhrases(other.about)),
      ...opposites,
    ],
  }
}

/**
 * Where a stated value is said of (README.md, "Binding"): `own` when some
 * occurrence stating it is said of its subject; `other` (with the subject)
 * when none is and some is said of another; `none` when no subject is read
 * beside any, or the value names none. A bool answered by a leading Yes/No
 * that the question binds is `own`.
 */
function bindValue(
  answer: string,
  question: string,
  value: ObservedValue,
  published: readonly ObservedValue[],
): Binding {
  const subjects = subjectsOf(value, published)
  if (subjects === null) return { kind: 'none' }
  if (answeredByYesNo(answer, value, question))
    return { kind: 'own', subject: 'the question', reach: 'sentence' }
  // Where the card states another value of the kind: a subject nearer to it is its.
  const rivals =
    value.kind === 'bool'
      ? []
      : published
          .filter(
            (other) => other.kind === value.kind && canonicalValue(other) !== canonicalValue(value),
          )
          .flatMap((other) =>
            statingOccurrences(answer, other).map((token) => ({
              start: token.index,
              end: token.index + token.text.length,
            })),
          )
  const bindings = statingOccurrences(answer, value).map((token) =>
    bindingOf(answer, token.index, token.index + token.text.length, subjects, rivals),
  )
  // Said of another subject in its own part of a clause (`0755 minus the umask`): wrong
  // whatever else the card says; farther off, only when no occurrence is said of its own.
  return (
    bindings.find((binding) => binding.kind === 'other' && binding.reach === 'part') ??
    bindings.find((binding) => binding.kind === 'own') ??
    bindings.find((binding) => binding.kind === 'other') ?? { kind: 'none' }
  )
}

/** The words of `text` that state the yes/no claim `label` (one of its phrases) un-negated, or null. */
function claimWords(text: string, label: string | undefined): string | null {
  return phraseOccurrences(text, boolPhrases(label)).find((token) => !token.negated)?.text ?? null
}

/** Whether `text` states the yes/no claim `label` (one of its phrases) un-negated. */
function statesClaim(text: string, label: string | undefined): boolean {
  return claimWords(text, label) !== null
}

/** Why a link whose only agreeing values are ones the lab chose (`input`) is not confirmed. */
function onlyInputs(link: string, values: readonly ObservedValue[]): string {
  const names = values.map((value) => value.value).join(', ')
  return `${link}: the card names ${names}, which the lab used, not a value the kernel gave back, so what the card says of ${values.length > 1 ? 'them' : 'it'} was not compared`
}

/** A typed yes or no, or a `value` of one. */
const yesOrNo = /^(?:yes|no)$/i

/**
 * A type-in card: its Back must equal the check's `value`, else one of its
 * `values`. A typed yes or no answers whatever claim its question asks, so
 * it is compared only with a yes/no claim the question states (as a leading
 * Yes/No is): "Is the file deleted?" asks no published `stays`.
 */
function compareTypeIn(back: string, question: string, link: string, check: Check): LinkVerdict {
  const values = publishedValues(check)
  if (values.length === 0) return supportedLink(link)
  // The check's `value` is the typed answer; without one, any of its values.
  const typed = check.value?.trim()
  let answer: ObservedValue[] =
    typed !== undefined && typed !== '' ? [{ kind: detectKind(typed), value: typed }] : values
  if (yesOrNo.test(normaliseAnswer(back)) || answer.some((value) => yesOrNo.test(value.value))) {
    const claims = values.filter((value) => value.kind === 'bool')
    const asked = claims.filter((value) => statesClaim(question, value.label))
    if (asked.length === 0) {
      const named = claims.map((value) => `"${value.label ?? ''}"`).join(', ')
      return {
        link,
        status: 'supported',
        reason: `${link}: the typed ${JSON.stringify(back)} answers a yes/no question that names no claim the check published${named === '' ? '' : ` (${named})`}, so the judge cannot tell which way the kernel answered it, and that answer was not compared`,
        values: [],
      }
    }
    answer = asked
  }
  const agreeing = answer.filter(
    (value) =>
      typedEquals(back, withUnit(value, values)) ||
      normaliseAnswer(back) === normaliseAnswer(value.value),
  )
  const equal = agreeing.length > 0
  // The typed `value` is what the lab chose when only an `input` among its values says it.
  const same = (value: ObservedValue) =>
    values.filter((other) => normaliseAnswer(other.value) === normaliseAnswer(value.value))
  const chosen = (value: ObservedValue) =>
    value.input === true ||
    (same(value).length > 0 && same(value).every((other) => other.input === true))
  const comparedValues = answer.map((value) =>
    compared(chosen(value) ? { ...value, input: true } : value, back, equal),
  )
  if (agreeing.some((value) => !chosen(value)))
    return { link, status: 'confirmed', reason: null, values: comparedValues }
  if (equal) {
    const reason = onlyInputs(link, agreeing)
    return { link, status: 'supported', reason, values: comparedValues }
  }
  return {
    link,
    status: 'refuted',
    reason: `${link}: card says ${JSON.stringify(back)}, kernel says ${answer.map((value) => JSON.stringify(value.value)).join(' or ')}`,
    values: comparedValues,
  }
}

/**
 * A number the check's `value` gives bare (`108`) with the unit its typed
 * values give the same number (`108 bytes`), else the unit its label names
 * (`bytes kept`), so a unit typed is compared with the kernel's.
 */
function withUnit(value: ObservedValue, values: readonly ObservedValue[]): ObservedValue {
  if (value.kind !== 'number' || parseNumberValue(value.value).unit !== null) return value
  const { number } = parseNumberValue(value.value)
  const same = values.filter(
    (other) => other.kind === 'number' && parseNumberValue(other.value).number === number,
  )
  const typed = same.find((other) => parseNumberValue(other.value).unit !== null)
  if (typed) return typed
  const named = [value, ...same].map((other) => labelUnit(other.label)).find((unit) => unit)
  return named === undefined ? value : { ...value, value: `${number} ${named}` }
}

function supportedLink(link: string): LinkVerdict {
  return {
    link,
    status: 'supported',
    reason: `${link}: the check passed but publishes no value, so the card's text was not compared`,
    values: [],
  }
}

/**
 * Basic, reversed and Cloze: every published value must be stated on the
 * answer side, and a value that names its subject (`about`) must not be said
 * only of another (`published`: every value the note's links published).
 */
function compareStated(
  answer: string,
  question: string,
  link: string,
  check: Check,
  published: readonly ObservedValue[],
): LinkVerdict {
  const values = publishedValues(check)
  if (values.length === 0) return supportedLink(link)
  const misbound: string[] = []
  const comparedValues = values.map((value) => {
    const stated = states(answer, value, question)
    const entry = compared(value, cardSays(answer, value, question), stated)
    if (!stated || value.about === undefined) return entry
    const binding = bindValue(answer, question, value, published)
    entry.of = binding.kind === 'none' ? null : binding.subject
    if (binding.kind === 'other') {
      entry.agrees = false
      misbound.push(
        `the card states ${show(value)} beside "${binding.subject}", and the kernel showed it of "${subjectPhrases(value.about)[0]}"`,
      )
    }
    return entry
  })
  // Binding reads words near a value, not the sentence's grammar: a value it
  // finds beside another subject keeps the card from being confirmed, but it
  // alone never refutes one (a correct "…, and TCP would just wait" reads so).
  const unbound = comparedValues.every((value) => value.agrees || value.of !== undefined)
  if (misbound.length > 0 && unbound) {
    return {
      link,
      status: 'supported',
      reason: `${link}: ${misbound.join('; ')}, so which subject the card gives it was not confirmed`,
      values: comparedValues,
    }
  }
  const unstated = values.filter((_value, index) => {
    const said = comparedValues[index]
    return said !== undefined && claimUnstated(said)
  })
  // A bare No to "Does it give ECONNREFUSED?" where the kernel showed ENOENT denies another
  // value and states none of the kernel's: nothing the kernel contradicts, nothing compared.
  const denials = values.map((value) => {
    const other = answeredOtherValue(answer, value, question)
    return other !== null && !other.yes ? other.asked : null
  })
  // Named only beside a denial or supposition the rules cannot bind (rule 4): not compared.
  const framed = values.map((value, index) => {
    const said = comparedValues[index]
    const word = said === undefined || said.agrees ? null : framingOf(answer, value)
    if (said !== undefined && word !== null) said.framed = word
    return word
  })
  const uncompared = (value: ComparedValue, index: number) =>
    claimUnstated(value) || denials[index] !== null || framed[index] !== null
  // A claim the card states neither way (no phrase, no negation, no opposite) was not
  // compared: the card says nothing the kernel contradicts (`remains` for `stays`).
  if (
    (unstated.length > 0 ||
      denials.some((denied) => denied !== null) ||
      framed.some((word) => word !== null)) &&
    comparedValues.every((value, index) => value.agrees || uncompared(value, index))
  ) {
    return {
      link,
      status: 'supported',
      reason: `${link}: ${uncomparedReasons(values, unstated, denials, framed)}`,
      values: comparedValues,
    }
  }
  if (comparedValues.every((value) => value.agrees)) {
    if (comparedValues.some((value) => !value.input))
      return { link, status: 'confirmed', reason: null, values: comparedValues }
    return { link, status: 'supported', reason: onlyInputs(link, values), values: comparedValues }
  }
  const detail = [
    ...values.flatMap((value, index) => {
      const said = comparedValues[index]
      if (!said || said.agrees || said.of !== undefined || uncompared(said, index)) return []
      return said.card === null
        ? [`card does not state ${show(value)}`]
        : [`card says ${said.card} where the kernel showed ${show(value)}`]
    }),
    ...misbound,
  ].join('; ')
  return { link, status: 'refuted', reason: `${link}: ${detail}`, values: comparedValues }
}

/** Why a link's values were not compared: claims stated neither way, other values denied. */
function uncomparedReasons(
  values: readonly ObservedValue[],
  unstated: readonly ObservedValue[],
  denials: readonly (string | null)[],
  framed: readonly (string | null)[],
): string {
  const reasons: string[] = []
  if (unstated.length > 0) {
    reasons.push(
      `the card states neither ${unstated.map(show).join(' nor ')} nor ${unstated.length > 1 ? 'their' : 'its'} negation, so ${unstated.length > 1 ? 'those claims were' : 'that claim was'} not compared`,
    )
  }
  values.forEach((value, index) => {
    const denied = denials[index]
    if (denied === null || denied === undefined) return
    reasons.push(
      `the card answers No to a question asking about ${denied}, which denies that but does not state ${show(value)}, the value the kernel showed, so its answer was not compared`,
    )
  })
  values.forEach((value, index) => {
    const word = framed[index]
    if (word === null || word === undefined) return
    reasons.push(framedReason(show(value), word))
  })
  return reasons.join('; ')
}

/**
 * The word framing every occurrence of `value` the answer names un-negated
 * (rule 4), when it names it only so and never negated: null otherwise (a
 * `not X` is read as the card saying not X, which disagrees).
 */
function framingOf(answer: string, value: ObservedValue): string | null {
  const framed = framedOccurrences(answer, value)
  if (framed.length === 0) return null
  if (namesNegated(answer, value)) return null
  return framed[0]?.framed ?? null
}

/** Why a value the card names beside a framing word was not compared. */
function framedReason(value: string, word: string): string {
  return `the card names ${value} only beside "${word}" in its clause, which may deny or suppose it and which the judge cannot bind, so that answer was not compared`
}

/**
 * A yes/no value whose claim phrase the card does not state either way
 * (neither it, nor negated, nor an opposite word, nor a leading Yes/No
 * the question binds): not compared, so neither agreeing nor refuting.
 */
function claimUnstated(value: ComparedValue): boolean {
  return value.kind === 'bool' && !value.agrees && value.card === null && value.of === undefined
}

/**
 * Judge one note against the lab results (keyed by lab id), reading its
 * answer side from what `render` (the package's renderer) makes of its
 * fields. `knownLabs`, when given, lets a link to a lab that does not exist
 * say so.
 */
export function judgeNote(
  note: Note,
  results: ReadonlyMap<string, LabResult>,
  render: RenderFields,
  knownLabs?: ReadonlySet<string> | undefined,
): NoteVerdict {
  const shown = readNote(note, render)
  const base: NoteVerdict = {
    file: note.source.file,
    line: note.source.line,
    id: note.id,
    noteType: note.noteType,
    question: shown.question,
    labs: note.labs.map(formatLabLink),
    cards: shown.ords.length,
    status: 'confirmed',
    links: [],
  }
  if (note.labs.length === 0) return { ...base, status: 'unverified', reason: noLabReason(note) }
  if (!findNoteType(note.noteType)) {
    const reason = `\`${note.noteType}\` is your own note type: decklab does not know which of its fields a card asks and which it answers, so nothing compared its answer with the kernel`
    return { ...base, status: 'unverified', reason }
  }
  const outcomes = note.labs.map((link) => linkOutcome(link, results, knownLabs))
  const answer = shown.answer
  const typeIn = note.noteType === typeInNoteType
  // Rule 3: a value of a scanned kind that no linked check published conflicts.
  // Only when every link's result is known: a check that did not run may have shown it.
  const published = [
    ...outcomes.flatMap((outcome) =>
      outcome.kind === 'compare' ? publishedValues(outcome.check) : [],
    ),
    ...wholeLabValues(note.labs, results),
  ]
  const links = outcomes.map((outcome) => {
    if (outcome.kind === 'final') return outcome.verdict
    return typeIn
      ? compareTypeIn(shown.back, base.question, outcome.link, outcome.check)
      : compareStated(answer, base.question, outcome.link, outcome.check, published)
  })
  const comparing = links.find((link) => link.values.length > 0)
  const allKnown = links.every((link) => link.status !== 'unverified')
  if (!typeIn && comparing && allKnown && published.length > 0) {
    // Tokens already reported as disagreeing with a value are not repeated.
    const reported = new Set(
      links.flatMap((link) =>
        link.values.flatMap((value) => (value.agrees ? [] : (value.card?.split(', ') ?? []))),
      ),
    )
    const conflicting = conflicts(answer, published).filter((token) => !reported.has(token.text))
    if (conflicting.length > 0) {
      const said = [...new Set(conflicting.map((token) => token.text))].join(', ')
      const kernel = [...new Set(published.map(show))].join(', ')
      const detail = `card says ${said}, which no linked check showed (the kernel showed ${kernel})`
      comparing.status = 'refuted'
      comparing.reason =
        comparing.reason === null
          ? `${comparing.link}: ${detail}`
          : `${comparing.reason}; ${detail}`
    }
  }
  let status = combine(links.map((link) => link.status))
  const reasons = byReasonOrder(links)
    .filter((link) => link.reason !== null)
    .map((link) => link.reason)
  // A value read beside another subject holds the whole note back from confirmed,
  // though a confirmed link beside a merely supported one would otherwise carry it.
  if (status === 'confirmed' && links.some(saysOfAnother)) status = 'supported'
  // So does a claim the card states neither way, or a value it names only beside a word that
  // may deny it (rule 4): that part of the answer was not compared.
  if (
    status === 'confirmed' &&
    links.some((link) => link.values.some((value) => claimUnstated(value) || value.framed))
  )
    status = 'supported'
  // Confirmed means every card's own answer was compared: one that states a
  // published value was, and so was one holding a token rule 3 compared.
  if (status === 'confirmed' && !typeIn) {
    const compared = links.flatMap((link) =>
      link.values.filter((value) => value.agrees && !value.input).map(asPublished),
    )
    const uncompared = shown.cards.filter(
      (card) =>
        !compared.some((value) => states(card.text, value, base.question)) &&
        scannedTokens(card.text, published).length === 0,
    )
    if (uncompared.length > 0) {
      status = 'supported'
      reasons.unshift(
        `${uncompared.map((card) => card.card).join(', ')}: states none of the values the kernel showed, so ${uncompared.length > 1 ? 'those answers were' : 'that answer was'} not compared`,
      )
    }
  }
  if (status === 'confirmed' && !typeIn) {
    const uncompared = uncomparedPart(note, shown, links, published)
    if (uncompared !== null) {
      status = 'supported'
      reasons.unshift(uncompared)
    }
  }
  // A type-in Back is compared as Anki compares what is typed with it, hidden text too.
  const unread = typeIn ? null : unreadColourReason(shown)
  if (status === 'confirmed' && unread !== null) {
    status = 'supported'
    reasons.unshift(unread)
  }
  const verdict: NoteVerdict = { ...base, status, links }
  if (reasons.length > 0) verdict.reason = reasons.join('; ')
  return verdict
}

/**
 * Why no card's answer is confirmed where one's text is in a colour verify
 * cannot read (`color: rgb(from white r g b)`, `background: var(--x, white)`):
 * white on the card's white shows nothing, so what the card shows is not
 * known, and a false confirm is the worse error. Null when it reads them all.
 */
function unreadColourReason({ cards }: ShownNote): string | null {
  // Cards in the same colour are named together, each colour with its own cards.
  const cardsByColour = new Map<string, string[]>()
  for (const { card, unreadColour } of cards) {
    if (unreadColour === undefined) continue
    const named = cardsByColour.get(unreadColour)
    if (named === undefined) cardsByColour.set(unreadColour, [card])
    else named.push(card)
  }
  if (cardsByColour.size === 0) return null
  const parts = [...cardsByColour].map(
    ([colour, named]) => `${named.join(', ')}: text in \`${colour}\``,
  )
  const which = cardsByColour.size === 1 ? 'a colour' : 'colours'
  return `${parts.join('; ')}, ${which} verify cannot read, so whether the card shows it was not compared`
}

/**
 * Why a note's answer was not wholly compared when it names a token that
 * no linked check published (rule 3) beside a word that may deny or
 * suppose it and that the judge cannot bind (rule 4): `connect() might give
 * EPERM`. Null when it names none so.
 */
function framedConflicts(answer: string, published: readonly ObservedValue[]): string | null {
  const all = scannedTokens(answer, published)
  const stated = new Set(conflicts(answer, published).map((token) => token.index))
  const framed = all.filter(
    (token) =>
      token.framed !== undefined &&
      !token.negated &&
      !stated.has(token.index) &&
      !published.some((value) => states(token.text, value)),
  )
  const first = framed[0]
  if (first === undefined || first.framed === undefined) return null
  return framedReason([...new Set(framed.map((token) => token.text))].join(', '), first.framed)
}

/**
 * Why some part of a note's answer, which the judge would confirm, was not
 * compared after all (null when none): several values of one kind not each
 * bound to its subject; only claims its question states already (not a
 * Cloze: "Why is it faster?"); a token that would conflict named beside a
 * word that may deny or suppose it (rule 4); a leading Yes/No to a yes/no
 * question no published claim is asked by.
 */
function uncomparedPart(
  note: Note,
  shown: ShownNote,
  links: readonly LinkVerdict[],
  published: readonly ObservedValue[],
): string | null {
  return (
    unboundValues(links) ??
    (note.noteType === 'Cloze' ? null : echoedClaims(links, shown.question)) ??
    framedConflicts(shown.answer, published) ??
    uncomparedYesNo(note, shown, published)
  )
}

/** Kinds whose values answer "which is it?": several of one kind must each be bound to a subject. */
const boundKinds: ReadonlySet<ObservedValue['kind']> = new Set(['errno', 'number', 'mode', 'name'])

/**
 * Why a note's answer was not compared with the kernel as a whole, when it
 * states several different values of one kind (ECONNREFUSED and ENOENT),
 * and some of them is not read beside the subject its check says it is of
 * (or the check names none): then the judge cannot tell whether the card
 * says each of the right thing. Null when every such value is bound.
 */
function unboundValues(links: readonly LinkVerdict[]): string | null {
  const stated = links.flatMap((link) =>
    link.values.filter((value) => value.agrees && !value.input && boundKinds.has(value.kind)),
  )
  for (const kind of boundKinds) {
    const ofKind = stated.filter((value) => value.kind === kind)
    const distinct = new Map<string, ComparedValue[]>()
    for (const value of ofKind) {
      const key = canonicalValue({ kind, value: value.kernel })
      const same = distinct.get(key)
      if (same) same.push(value)
      else distinct.set(key, [value])
    }
    if (distinct.size < 2) continue
    const loose = [...distinct.values()].filter((same) =>
      same.every((value) => value.of === undefined || value.of === null),
    )
    if (loose.length === 0) continue
    // Every value but one is bound to its subject, and the one left names no subject
    // of its own: it is bound by elimination.
    if (
      loose.length === 1 &&
      distinct.size > 1 &&
      loose[0]?.every((value) => value.about === undefined)
    )
      continue
    const names = [...distinct.values()].map((same) => same[0]?.kernel).join(', ')
    const unnamed = loose.map((same) => same[0]?.kernel).join(', ')
    return `the answer states several ${kindNames[kind]} the kernel showed (${names}), and ${unnamed} ${loose.length > 1 ? 'are' : 'is'} not read beside what ${loose.length > 1 ? 'they are' : 'it is'} said of (${loose.some((same) => same.every((value) => value.about === undefined)) ? 'its check names no subject' : 'no subject the judge can read there'}), so which the card says of what was not compared`
  }
  return null
}

const kindNames: Record<ObservedValue['kind'], string> = {
  errno: 'errno names',
  number: 'numbers',
  mode: 'modes',
  name: 'names',
  bool: 'yes/no values',
  order: 'orders',
}

/**
 * Why a note's answer was not compared when every value it agrees on is a
 * yes/no claim its question (not a yes/no question) states already, unnegated: the answer says
 * them again, and what it adds is not something a check gives back. Null
 * when some compared value is the answer's own.
 */
function echoedClaims(links: readonly LinkVerdict[], question: string): string | null {
  // A yes/no question asks the claim, it does not state it: its Yes/No is the answer.
  if (yesNoQuestion.test(question)) return null
  const compared = links.flatMap((link) =>
    link.values.filter((value) => value.agrees && !value.input),
  )
  if (compared.length === 0) return null
  // The question's own words for each claim: it may use another of its phrases than the answer.
  const words = compared.map((value) =>
    value.kind === 'bool' && value.kernel === 'yes'
      ? claimWords(question, value.label ?? undefined)
      : null,
  )
  if (words.some((word) => word === null)) return null
  return `the question states ${[...new Set(words)].map((word) => `"${word}"`).join(', ')} already, and the answer's own text (what it adds) is nothing a linked check gives back, so it was not compared`
}

/**
 * Why a card's leading Yes/No was not compared: it answers a yes/no question
 * that names no claim phrase of a published yes/no value, nor a published
 * errno, number or mode alone (so the judge cannot tell which way the kernel
 * answered it). Null otherwise.
 */
function uncomparedYesNo(
  note: Note,
  { question, cards }: ShownNote,
  published: readonly ObservedValue[],
): string | null {
  if (!yesNoQuestion.test(question)) return null
  const first = cards[0]
  if (first === undefined || note.noteType === 'Cloze') return null
  const bare = leadingYesNo(first.text)
  if (bare === undefined) return null
  // A claim the question names, or an errno, number or mode it asks about alone.
  // Or its No denies another value the question asks about alone, the kernel's being another.
  const denies = bare.toLowerCase() === 'no'
  const asked = published.some((value) =>
    value.kind === 'bool'
      ? questionAsksClaim(question, boolPhrases(value.label))
      : questionAsksValue(question, value) || (denies && otherValueAsked(question, value) !== null),
  )
  if (asked) return null
  return `${first.card}: answers "${bare}" to a yes/no question that names no claim a linked check published, so the judge cannot tell which way the kernel answered it, and that answer was not compared`
}

/** Why a note that links no lab is unverified: a link it could not read, or the author's reason. */
function noLabReason(note: Note): string {
  const malformed = note.malformedLabLinks ?? []
  if (malformed.length > 0) {
    const written = malformed.map((link) => `\`${link.text}\` (line ${link.line})`).join(', ')
    const subject = malformed.length > 1 ? `links ${written} are` : `link ${written} is`
    return `its lab ${subject} malformed, so it links no lab and nothing compared its answer with the kernel`
  }
  return note.noLabReason === undefined
    ? 'links no lab, so nothing compared its answer with the kernel'
    : `no lab here can test it: ${note.noLabReason}`
}

/** A compared value as the check published it. */
function asPublished(value: ComparedValue): ObservedValue {
  return value.label === null
    ? { kind: value.kind, value: value.kernel }
    : { kind: value.kind, value: value.kernel, label: value.label }
}

/** The values every check of a passed lab linked as a whole published: the kernel showed them too. */
function wholeLabValues(
  links: readonly LabLink[],
  results: ReadonlyMap<string, LabResult>,
): ObservedValue[] {
  return links.flatMap((link) => {
    const result = results.get(link.lab)
    if (link.check !== undefined || result?.status !== 'pass') return []
    return result.checks.flatMap((check) => (check.status === 'pass' ? publishedValues(check) : []))
  })
}

/**
 * Every value the checks a note links published, where the check (or, for a
 * link to a whole lab, the lab) passed: what a wrong answer can be made of.
 */
export function notePublishedValues(
  note: Pick<Note, 'labs'>,
  results: ReadonlyMap<string, LabResult>,
): ObservedValue[] {
  const linked = note.labs.flatMap((link) => {
    if (link.check === undefined) return []
    const check = results.get(link.lab)?.checks.find((candidate) => candidate.name === link.check)
    return check?.status === 'pass' ? publishedValues(check) : []
  })
  return [...linked, ...wholeLabValues(note.labs, results)]
}

/** Links in the order their reasons are told: refuting ones first, then unverified, supported. */
export function byReasonOrder(links: readonly LinkVerdict[]): LinkVerdict[] {
  const order: Record<VerdictStatus, number> = {
    refuted: 0,
    unverified: 1,
    supported: 2,
    confirmed: 3,
  }
  return [...links].sort((left, right) => order[left.status] - order[right.status])
}

/** Refuted beats unverified beats confirmed beats supported (README.md, "Verdicts"). */
/** A link with a value the card states beside another subject than the kernel's. */
function saysOfAnother(link: LinkVerdict): boolean {
  return link.values.some((value) => !value.agrees && typeof value.of === 'string')
}

function combine(statuses: readonly VerdictStatus[]): VerdictStatus {
  if (statuses.includes('refuted')) return 'refuted'
  if (statuses.includes('unverified')) return 'unverified'
  if (statuses.includes('confirmed')) return 'confirmed'
  return 'supported'
}

/** The distinct lab ids linked from `notes`, sorted. */
export function linkedLabIds(notes: readonly Note[]): string[] {
  return [...new Set(notes.flatMap((note) => note.labs.map((link) => link.lab)))].sort()
}

/** How many verdicts have each status. */
export function countVerdicts(
  verdicts: readonly Pick<NoteVerdict, 'status'>[],
): Record<VerdictStatus, number> {
  const counts: Record<VerdictStatus, number> = {
    confirmed: 0,
    supported: 0,
    refuted: 0,
    unverified: 0,
  }
  for (const verdict of verdicts) counts[verdict.status] += 1
  return counts
}
