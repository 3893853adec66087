/**
 * Reading `decklab verify --json` output to mark cards: verdicts are per note
 * (`notes[]`; reports from before it was named so call it `cards[]`), matched
 * by note ID, or, for a note the report has without an ID, by file and
 * content (a build that wrote IDs since moved the notes below them), else by
 * file and line. A verdict holds
 * only for the note that was judged: a note whose fields, type or lab links
 * changed since (the report's `content` key and `labs`) is unverified.
 */
import { formatLabLink } from '../model/lab-link.js'
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'
import { verdictStatuses } from '../model/verdict.js'
import { programName } from '../text/program-name.js'
import type { CardVerdictMark } from './preview-cards.js'

/** One note entry of the report (`notes[]`). */
export interface VerifyReportCard {
  file: string
  line: number
  id: number | null
  status: CardVerdictMark['status']
  reason: string | null
  /** The judged note's content key and lab links; absent in reports older than them. */
  content?: string | undefined
  labs?: string[] | undefined
}

const statuses: ReadonlySet<string> = new Set(verdictStatuses)

/**
 * Check the report's shape; returns the cards, or a sentence saying what is
 * wrong (for a usage error).
 */
export function parseVerifyReport(
  value: unknown,
): { cards: VerifyReportCard[]; failuresOnly: boolean } | { problem: string } {
  const object = typeof value === 'object' && value !== null ? value : {}
  const key = Array.isArray((object as { notes?: unknown }).notes) ? 'notes' : 'cards'
  const entries = (object as Record<string, unknown>)[key]
  if (!Array.isArray(entries)) {
    return {
      problem: `expected the JSON object \`${programName()} verify --json\` prints, with a \`notes\` array`,
    }
  }
  const cards: VerifyReportCard[] = []
  for (const [index, entry] of entries.entries()) {
    const card = entry as Record<string, unknown>
    const valid =
      typeof card === 'object' &&
      card !== null &&
      typeof card.file === 'string' &&
      typeof card.line === 'number' &&
      (card.id === null || typeof card.id === 'number') &&
      typeof card.status === 'string' &&
      statuses.has(card.status) &&
      (card.reason === undefined || card.reason === null || typeof card.reason === 'string') &&
      (card.content === undefined || card.content === null || typeof card.content === 'string') &&
      (card.labs === undefined ||
        (Array.isArray(card.labs) && card.labs.every((link) => typeof link === 'string')))
    if (!valid) {
      return {
        problem: `expected \`${key}[${index}]\` to have \`file\`, \`line\`, \`id\` and a \`status\` of confirmed, supported, refuted or unverified`,
      }
    }
    cards.push({
      file: card.file as string,
      line: card.line as number,
      id: card.id as number | null,
      status: card.status as VerifyReportCard['status'],
      reason: (card.reason as string | null | undefined) ?? null,
      ...(typeof card.content === 'string' ? { content: card.content } : {}),
      ...(Array.isArray(card.labs) ? { labs: card.labs as string[] } : {}),
    })
  }
  return { cards, failuresOnly: countedMore(object, cards.length) }
}

/**
 * Whether the report's totals count more notes than it lists: `verify
 * --failures --json` lists only the notes not confirmed, so a note it leaves
 * out is no note it never judged.
 */
function countedMore(report: object, listed: number): boolean {
  const notes = (report as { totals?: { notes?: Record<string, unknown> } }).totals?.notes
  if (typeof notes !== 'object' || notes === null) return false
  const counted = Object.values(notes).reduce<number>(
    (sum, count) => sum + (typeof count === 'number' ? count : 0),
    0,
  )
  return counted > listed
}

/** A lookup from a note to its verdict; notes the report does not mention are unverified. */
export function verdictLookup(
  cards: readonly VerifyReportCard[],
  { failuresOnly = false }: { failuresOnly?: boolean } = {},
): (note: Note) => CardVerdictMark {
  const byId = new Map<number, VerifyReportCard>()
  const byPlace = new Map<string, VerifyReportCard>()
  // Judged without an ID: `build` writes one into each such note, and every note below moves down.
  const byContent = new Map<string, VerifyReportCard | null>()
  for (const card of cards) {
    if (card.id !== null) byId.set(card.id, card)
    byPlace.set(`${card.file}\0${card.line}`, card)
    if (card.id !== null || card.content === undefined) continue
    const key = `${card.file}\0${card.content}`
    // Two notes of one file with the same content: which is which is unknown.
    byContent.set(key, byContent.has(key) ? null : card)
  }
  return (note) => {
    const placed = byPlace.get(`${note.source.file}\0${note.source.line}`)
    // By place only when one side has no ID: two different IDs are two different notes.
    const card =
      (note.id !== null ? byId.get(note.id) : undefined) ??
      // Keyed only when the report has such notes: hashing every note's fields costs a large vault.
      (byContent.size > 0
        ? byContent.get(`${note.source.file}\0${noteContentKey(note)}`)
        : undefined) ??
      (placed && (placed.id === null || note.id === null) ? placed : undefined)
    if (!card) {
      const reason = failuresOnly
        ? `not in the verify report, which lists only the notes not confirmed (\`verify --failures\`): run \`${programName()} verify --json\` without \`--failures\` for every verdict`
        : 'not in the verify report'
      return { status: 'unverified', reason }
    }
    if (changedSince(card, note)) {
      return {
        status: 'unverified',
        reason: `changed since the verify report (which said ${card.status}); run \`${programName()} verify --json\` again`,
      }
    }
    return { status: card.status, reason: card.reason }
  }
}

/** Whether the note is not the one the report judged: other fields, type or lab links. */
function changedSince(card: VerifyReportCard, note: Note): boolean {
  // A report from before `content` cannot tell: its verdicts are taken as they are.
  if (card.content === undefined) return false
  if (card.content !== noteContentKey(note)) return true
  if (card.labs === undefined) return false
  const labs = note.labs.map(formatLabLink)
  return labs.length !== card.labs.length || labs.some((link, index) => link !== card.labs?.[index])
}
