/**
 * A review log that two copies of the state folder wrote apart, joined by a
 * merge: a learner keeps the folder in git (or Syncthing) on two laptops,
 * answers on both, and git's union merge (`*.jsonl merge=union`, or a
 * conflict resolved by keeping both sides' lines) keeps every line of both
 * logs, numbered alike from where they parted, while `cards.json` comes from
 * one side. Read as one log, the other side's answers were in the log and
 * in `stats`, but not in the schedule: records numbered at or below
 * `cards.json`'s `seq` are taken as included, so its cards stayed new or
 * kept their old due dates, unsaid.
 *
 * Options weighed: refuse the state (every answer is in the log, but no fix
 * a learner could make by hand keeps them all); warn and go on (the same
 * loss, said); replay every card's reviews through FSRS in time order (the
 * truest schedule, but it rewrites states saved under older rules, as
 * later-answer.ts weighs); the state of each card's later answer (chosen, as
 * later-answer.ts chose for a moved note): each card answered since the
 * copies parted keeps the state its last answer gave it, on whichever
 * machine, and every record stays in the log, so `stats` and
 * `build --with-progress` count both sides. The log is never rewritten: the
 * states are worked out at the open, and the first answer saves them in
 * `cards.json` with the shared numbers they took in (`forked`), so later
 * opens, finding the same, need not read the records again (the start reads
 * only entries of the log's older records, docs/speed.md).
 */
import type { NoteLocation, SharedNumbers, StoredCard } from './cards-file.js'
import type { LogRead } from './review-log.js'
import { type LogEntry, type ReviewRecord, recordIdentity } from './review-record.js'

/** What the merge changed of the schedule read (`cards.json` and the records after it). */
export interface MergedLog {
  /** The first record number two different records share, and their places in the log (1-based). */
  seq: number
  records: [number, number]
  /** How many numbers two different records share. */
  shared: number
  /** The cards whose state the other copy's answers changed. */
  cards: number
}

/**
 * The lowest record number two entries share, and how many numbers more
 * than one entry has; undefined when every number is one entry's (a log no
 * merge joined). The quiz numbers each record after the highest before it,
 * so a log of one copy rises all the way: one comparison per entry read
 * tells it, and only a log that does not rise is looked at number by number.
 */
export function sharedNumbers(entries: readonly LogEntry[]): SharedNumbers | undefined {
  let highest = 0
  let rises = true
  for (const { seq } of entries) {
    if (seq <= highest) {
      rises = false
      break
    }
    highest = seq
  }
  if (rises) return undefined
  const seen = new Set<number>()
  const twice = new Set<number>()
  for (const { seq } of entries) {
    if (seen.has(seq)) twice.add(seq)
    else seen.add(seq)
  }
  let lowest: number | undefined
  for (const seq of twice) lowest = Math.min(lowest ?? seq, seq)
  return lowest === undefined ? undefined : { seq: lowest, shared: twice.size }
}

/**
 * The review each undo of `records` takes back: the review of its card with
 * the number it names, the latest such before it (two copies' reviews may
 * share a number and a card: the first card due on both machines). An undo
 * of a review the records lack takes back none of them.
 */
export function undoTargets(records: readonly ReviewRecord[]): Map<ReviewRecord, ReviewRecord> {
  // Only the numbers an undo names: a year's log has 65,000 reviews and a few undos.
  const bySeq = new Map<number, ReviewRecord[]>()
  for (const record of records) if (record.type === 'undo') bySeq.set(record.undoes, [])
  if (bySeq.size === 0) return new Map()
  for (const record of records) {
    if (record.type === 'review') bySeq.get(record.seq)?.push(record)
  }
  const targets = new Map<ReviewRecord, ReviewRecord>()
  const taken = new Set<ReviewRecord>()
  for (const record of records) {
    if (record.type !== 'undo') continue
    const candidates = (bySeq.get(record.undoes) ?? []).filter(
      (review) => review.key === record.key && !taken.has(review),
    )
    const time = Date.parse(record.time)
    const before = candidates.filter((review) => Date.parse(review.time) <= time)
    const target = (before.length > 0 ? before : candidates).at(-1)
    if (target === undefined) continue
    targets.set(record, target)
    taken.add(target)
  }
  return targets
}

/**
 * Set each card answered since two copies of the log parted to the state of
 * its later answer (see above), with its note's place, in `cards` and
 * `locations` (as read from `cards.json` and replayed); undefined, and
 * nothing changed, when no two different records share a number. When
 * `cards.json` took these shared numbers in already (`saved`: its states
 * were saved from this work), nothing is read again or changed: the
 * records since are replayed as any.
 */
export function mergeForkedLog(
  log: LogRead,
  cards: Map<string, StoredCard>,
  locations: Map<string, NoteLocation>,
  saved: SharedNumbers | undefined,
): { merged: MergedLog; forked: SharedNumbers } | undefined {
  const forked = sharedNumbers(log.entries)
  if (forked === undefined) return undefined
  if (saved?.seq === forked.seq && saved.shared === forked.shared) {
    const places = log.entries.flatMap(({ seq }, index) => (seq === forked.seq ? [index + 1] : []))
    const records: [number, number] = [places[0] ?? 0, places[1] ?? 0]
    return { merged: { ...forked, records, cards: 0 }, forked }
  }
  const region: ReviewRecord[] = []
  const seen = new Set<string>()
  const numbers = new Map<number, number[]>()
  for (const [index, entry] of log.entries.entries()) {
    if (entry.seq < forked.seq) continue
    const record = log.record(index)
    const id = recordIdentity(record)
    if (seen.has(id)) continue
    seen.add(id)
    region.push(record)
    const places = numbers.get(record.seq)
    if (places === undefined) numbers.set(record.seq, [index])
    else places.push(index)
  }
  const shared = [...numbers].filter(([, places]) => places.length > 1)
  const first = shared.sort(([a], [b]) => a - b)[0]
  if (first === undefined) return undefined
  const changed = applyLaterAnswers(region, cards, locations)
  const [seq, places] = first
  const records: [number, number] = [(places[0] as number) + 1, (places[1] as number) + 1]
  return { merged: { seq, records, shared: shared.length, cards: changed }, forked }
}

/**
 * Each card of `records` (those since the copies parted, each once, in log
 * order) takes the state of its latest answer by time that no undo took
 * back; a card whose answers there were all taken back, the state before
 * the first. Returns how many cards changed.
 */
function applyLaterAnswers(
  records: readonly ReviewRecord[],
  cards: Map<string, StoredCard>,
  locations: Map<string, NoteLocation>,
): number {
  const targets = undoTargets(records)
  const undone = new Set(targets.values())
  const byKey = new Map<string, { state: StoredCard | null; time: number; note?: NoteLocation }>()
  const before = new Map<string, StoredCard | null>()
  for (const record of records) {
    if (!before.has(record.key)) {
      before.set(record.key, record.type === 'review' ? record.previous : record.card)
    }
    if (undone.has(record) || targets.has(record)) continue
    const time = Date.parse(record.time)
    const held = byKey.get(record.key)
    // Ties keep the later line: the log's order within one copy.
    if (held !== undefined && held.time > time) continue
    const note = record.type === 'review' ? record.note : undefined
    byKey.set(record.key, { state: record.card, time, ...(note ? { note } : {}) })
  }
  let changed = 0
  for (const [key, start] of before) {
    const latest = byKey.get(key)
    const state = latest === undefined ? start : latest.state
    if (JSON.stringify(cards.get(key) ?? null) !== JSON.stringify(state)) changed += 1
    if (state === null) cards.delete(key)
    else cards.set(key, state)
    if (latest?.note) locations.set(key.slice(0, key.lastIndexOf('/')), latest.note)
  }
  return changed
}

/** The note the quiz and `stats` give of a merged log whose other copy changed cards; '' otherwise. */
export function mergedLogNote(
  reviewsPath: string,
  merged: MergedLog | undefined,
  note: string,
): string {
  if (merged === undefined || merged.cards === 0) return ''
  const { seq, records, shared, cards } = merged
  const more = shared > 1 ? ` (and ${shared - 1} more number${shared > 2 ? 's are' : ' is'})` : ''
  const one = cards === 1
  return `${note} ${reviewsPath}: records ${records[0]} and ${records[1]} are both number ${seq}${more}: the log joins two copies of this state folder (a merge kept both machines' lines). Every answer counts: ${cards} ${one ? 'card takes' : 'cards take'} the state of ${one ? 'its' : 'their'} later answer on either machine, saved in cards.json at the next answer\n`
}
