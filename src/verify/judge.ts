/**
 * Judging cards against lab results: pure functions from notes and lab
 * results to a verdict per card. No sockets, no files — `verify.ts` runs the
 * labs and hands the results in.
 *
 * The rules, in order of strength:
 * - `refuted`: a linked check (or, for a link without `#check`, any check of
 *   the lab) failed, or a "type in the answer" card's Back differs from the
 *   value the linked check observed.
 * - `unverified`: the note links no lab; a linked lab was skipped (its
 *   requirement is missing here), errored (the lab itself broke — that says
 *   nothing about the kernel, so it is not a refutation), left things behind,
 *   or was not run; a linked check was skipped.
 * - `confirmed`: every linked lab or check passed (and every published value
 *   matched a type-in card's Back).
 * A card with one refuting link is refuted even if another link is
 * unverified; reasons from every link are kept.
 */

import type { LabResult } from '../labs/types.js'
import { cardOrds } from '../model/cards.js'
import type { Note } from '../model/note.js'
import { formatLabLink } from '../notes/lab-links.js'

export type CardStatus = 'confirmed' | 'refuted' | 'unverified'

/** The verdict for one note (all its cards share it): where it is, what it links, and why. */
export interface CardVerdict {
  file: string
  line: number
  id: number | null
  labs: string[]
  /** How many Anki cards the note makes; they share this verdict. */
  cards: number
  status: CardStatus
  /** Why the card is not confirmed (absent when confirmed). */
  reason?: string | undefined
}

/** The note type whose Back is typed by the learner and must equal a check's published value. */
export const typeInNoteType = 'Basic (type in the answer)'

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

interface LinkVerdict {
  status: CardStatus
  reason?: string | undefined
}

/** Judge one lab link of `note` against the lab results. */
function judgeLink(
  note: Note,
  link: Note['labs'][number],
  results: ReadonlyMap<string, LabResult>,
  knownLabs: ReadonlySet<string> | undefined,
): LinkVerdict {
  const name = formatLabLink(link)
  const result = results.get(link.lab)
  if (!result) {
    const why = knownLabs && !knownLabs.has(link.lab) ? 'no such lab' : 'lab was not run'
    return { status: 'unverified', reason: `${name}: ${why}` }
  }
  if (result.status === 'skip') {
    return {
      status: 'unverified',
      reason: `${name}: lab skipped: ${result.reason ?? 'no reason given'}`,
    }
  }
  if (result.status === 'error') {
    return {
      status: 'unverified',
      reason: `${name}: lab error: ${result.reason ?? 'no reason given'}`,
    }
  }

  if (link.check === undefined) {
    const failed = result.checks.filter((check) => check.status === 'fail')
    if (failed.length > 0) {
      const detail = failed.map((check) => `${check.name} observed ${check.observed}`).join('; ')
      return { status: 'refuted', reason: `${name}: failed: ${detail}` }
    }
    if (result.status !== 'pass' || (result.leftovers && result.leftovers.length > 0)) {
      return {
        status: 'unverified',
        reason: `${name}: lab ${result.status}: ${result.reason ?? ''}`.trimEnd(),
      }
    }
    return { status: 'confirmed' }
  }

  const check = result.checks.find((candidate) => candidate.name === link.check)
  if (!check) return { status: 'unverified', reason: `${name}: the lab recorded no such check` }
  if (check.status === 'fail') {
    return {
      status: 'refuted',
      reason: `${name}: failed: expected ${check.expected}, observed ${check.observed}`,
    }
  }
  if (check.status === 'skip') {
    return { status: 'unverified', reason: `${name}: check ${check.observed}` }
  }
  if (note.noteType === typeInNoteType && check.value !== undefined) {
    const back = note.fields.Back ?? ''
    if (normaliseAnswer(back) !== normaliseAnswer(check.value)) {
      return {
        status: 'refuted',
        reason: `${name}: card says ${JSON.stringify(back.trim())}, kernel says ${JSON.stringify(check.value)}`,
      }
    }
  }
  // The check passed, but a run that left things behind is not trusted as proof.
  if (result.leftovers && result.leftovers.length > 0) {
    return { status: 'unverified', reason: `${name}: lab fail: ${result.reason ?? ''}`.trimEnd() }
  }
  return { status: 'confirmed' }
}

/**
 * Judge one note against the lab results (keyed by lab id). `knownLabs`, when
 * given, lets a link to a lab that does not exist say so.
 */
export function judgeNote(
  note: Note,
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
): CardVerdict {
  const verdict: CardVerdict = {
    file: note.source.file,
    line: note.source.line,
    id: note.id,
    labs: note.labs.map(formatLabLink),
    cards: cardOrds(note).length,
    status: 'confirmed',
  }
  if (note.labs.length === 0) return { ...verdict, status: 'unverified', reason: 'links no lab' }
  const links = note.labs.map((link) => judgeLink(note, link, results, knownLabs))
  const status: CardStatus = links.some((link) => link.status === 'refuted')
    ? 'refuted'
    : links.some((link) => link.status === 'unverified')
      ? 'unverified'
      : 'confirmed'
  if (status === 'confirmed') return verdict
  // Refutations first: they are why the card is refuted.
  const order: Record<CardStatus, number> = { refuted: 0, unverified: 1, confirmed: 2 }
  const reasons = links
    .filter((link) => link.reason !== undefined)
    .sort((left, right) => order[left.status] - order[right.status])
    .map((link) => link.reason)
  return { ...verdict, status, reason: reasons.join('; ') }
}

/** Judge every note; the verdicts keep the notes' order. */
export function judgeNotes(
  notes: readonly Note[],
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
): CardVerdict[] {
  return notes.map((note) => judgeNote(note, results, knownLabs))
}

/** The distinct lab ids linked from `notes`, sorted. */
export function linkedLabIds(notes: readonly Note[]): string[] {
  return [...new Set(notes.flatMap((note) => note.labs.map((link) => link.lab)))].sort()
}

/** How many verdicts have each status. */
export function countVerdicts(verdicts: readonly CardVerdict[]): Record<CardStatus, number> {
  const counts: Record<CardStatus, number> = { confirmed: 0, refuted: 0, unverified: 0 }
  for (const verdict of verdicts) counts[verdict.status] += 1
  return counts
}
