/**
 * The quiz opens its state with `openStoreStoppable`, which keeps of each
 * log record only its entry and parses a record again when asked for it
 * whole (review-log.ts); `stats` and `build` open it with `openStore`, which
 * keeps every record. Both must give the same store, whatever the log holds.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { guidOfId } from '../../src/model/identity.js'
import { appendContentLinks } from '../../src/quiz/content-links.js'
import {
  appendIdMoves,
  idMovesFileName,
  movesTakenBack,
  readIdMoves,
} from '../../src/quiz/id-moves.js'
import { createScheduler, type Grade } from '../../src/quiz/scheduler.js'
import { openStore, openStoreStoppable, type Store } from '../../src/quiz/store.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-store-entries-'))
  directories.push(directory)
  return directory
}

const ids = [1_700_000_000_001, 1_700_000_000_002, 1_700_000_000_003]
// The IDs sync's moves give: Anki's new IDs are the clock's, so each is one no move has named yet.
const freshIds = [1_700_000_000_011, 1_700_000_000_012, 1_700_000_000_013, 1_700_000_000_014]
const allIds = [...ids, ...freshIds]
const keys = [
  ...ids.map((id) => `${guidOfId(id)}/0`),
  `${guidOfId(ids[0] as number)}/1`,
  'content:abc/0',
]
// The session's cards: IDs no move or link takes (those moved answered under their old key come back moved).
const sessionKeys = [
  `${guidOfId(1_700_000_000_009)}/0`,
  `${guidOfId(1_700_000_000_009)}/1`,
  'content:def/0',
]
let clock = Date.parse('2026-01-01T10:00:00Z')
const scheduler = createScheduler({ now: () => new Date(clock) })

type Step =
  | { do: 'answer'; key: number; grade: Grade }
  | { do: 'undo' }
  | { do: 'crash' }
  | { do: 'double-line' }
  | { do: 'cut' }
  | { do: 'move'; from: number }
  | { do: 'take-back'; id: number }
  | { do: 'link'; to: number }
  | { do: 'reopen' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      do: fc.constant('answer' as const),
      key: fc.integer({ min: 0, max: keys.length - 1 }),
      grade: fc.constantFrom<Grade>(1, 2, 3, 4),
    }),
    weight: 6,
  },
  fc.constant({ do: 'undo' as const }),
  fc.constant({ do: 'crash' as const }),
  fc.constant({ do: 'double-line' as const }),
  fc.constant({ do: 'cut' as const }),
  fc.record({
    do: fc.constant('move' as const),
    from: fc.integer({ min: 0, max: allIds.length - 1 }),
  }),
  fc.record({
    do: fc.constant('take-back' as const),
    id: fc.integer({ min: 0, max: allIds.length - 1 }),
  }),
  // Build links a content key to any ID, one a move took progress from too (copies of a vault).
  fc.record({
    do: fc.constant('link' as const),
    to: fc.integer({ min: 0, max: allIds.length - 1 }),
  }),
  fc.constant({ do: 'reopen' as const }),
)

function answer(store: Store, key: string, grade: Grade): void {
  clock += 60_000
  const outcome = scheduler.answer(store.get(key) ?? scheduler.newCard(), grade)
  const id = key.startsWith('content:')
    ? undefined
    : (ids[keys.indexOf(key) % 3] ?? 1_700_000_000_009)
  store.record({
    key,
    grade,
    card: outcome.card,
    log: outcome.log,
    time: new Date(clock),
    note: id === undefined ? undefined : { id, file: '/vault/a.md', content: 'content:abc' },
  })
}

/** Make a state by these steps, as sessions, crashes, syncs and builds leave it. */
function makeState(directory: string, steps: readonly Step[]): void {
  let store = openStore(directory)
  let cardsBefore: string | undefined
  for (const next of steps) {
    if (next.do === 'answer') {
      if (store.missingReviews !== undefined) continue
      cardsBefore = readOr(join(directory, 'cards.json'))
      answer(store, keys[next.key] as string, next.grade)
    } else if (next.do === 'undo') {
      if (store.missingReviews === undefined) store.undo(new Date(clock))
    } else if (next.do === 'crash' && cardsBefore !== undefined) {
      // The last answer's log line was written, cards.json not replaced.
      writeFileSync(join(directory, 'cards.json'), cardsBefore)
      store = openStore(directory)
    } else if (next.do === 'double-line') {
      const log = readOr(join(directory, 'reviews.jsonl')) ?? ''
      const lines = log.split('\n').filter(Boolean)
      if (lines.length > 0) writeFileSync(join(directory, 'reviews.jsonl'), `${log}${lines[0]}\n`)
      store = openStore(directory)
    } else if (next.do === 'cut') {
      // The log cut short (restored from an older copy): a gap the quiz refuses.
      const lines = (readOr(join(directory, 'reviews.jsonl')) ?? '').split('\n').filter(Boolean)
      const kept = lines.slice(0, Math.floor(lines.length / 2))
      writeFileSync(join(directory, 'reviews.jsonl'), kept.map((line) => `${line}\n`).join(''))
      store = openStore(directory)
    } else if (next.do === 'move' || next.do === 'take-back') {
      const moves = syncMoves(directory, next)
      if (moves.length === 0) continue
      appendIdMoves(directory, moves, new Date(clock))
      store = openStore(directory)
    } else if (next.do === 'link') {
      appendContentLinks(
        directory,
        [{ content: 'content:abc', id: allIds[next.to] as number }],
        new Date(clock),
      )
      store = openStore(directory)
    } else if (next.do === 'reopen') {
      store = openStore(directory)
    }
  }
}

/**
 * The moves sync would note: into an ID no move has named (Anki's new ID),
 * or the moves taken back for an ID no note got (`movesTakenBack`).
 */
function syncMoves(
  directory: string,
  next: Extract<Step, { do: 'move' } | { do: 'take-back' }>,
): { from: number; to: number }[] {
  const noted = readIdMoves(join(directory, idMovesFileName))
  if (next.do === 'take-back') return movesTakenBack(noted, [allIds[next.id] as number])
  const named = new Set(noted.flatMap((move) => [move.from, move.to]))
  const to = freshIds.find((id) => !named.has(id))
  const from = allIds[next.from] as number
  return to === undefined || from === to ? [] : [{ from, to }]
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

function observed(store: Store) {
  return {
    cards: [...store.cards()],
    reviews: store.reviews(),
    repeated: store.repeatedReviews,
    missing: store.missing,
    locations: allIds.map((id) => store.location(guidOfId(id))),
  }
}

describe('the store opened for the quiz (entries) and whole', () => {
  it('holds the same cards, reviews, index and gaps, before and after answers and undos', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), fc.boolean(), async (steps, askFirst) => {
        const directory = temporaryDirectory()
        makeState(directory, steps)
        const copy = temporaryDirectory()
        cpSync(directory, copy, { recursive: true })
        const whole = openStore(directory)
        const entries = await openStoreStoppable(copy, undefined)
        expect(observed(entries)).toEqual(observed(whole))
        if (whole.missingReviews !== undefined) return
        // Reviews asked before the session's answers, or only after (worked out then).
        const start = clock
        for (const store of [whole, entries]) {
          clock = start
          if (askFirst || store === whole) store.reviews()
          answer(store, sessionKeys[0] as string, 3)
          answer(store, sessionKeys[1] as string, 1)
          store.undo(new Date(clock))
          answer(store, sessionKeys[2] as string, 4)
        }
        expect(observed(entries)).toEqual(observed(whole))
        // What the session kept in memory is what the log now says.
        expect(observed(entries)).toEqual(observed(openStore(copy)))
      }),
      { numRuns: 60 },
    )
  })
})

describe('a record asked for whole after the log changed under the quiz', () => {
  function stateOfThree(): string {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    for (const key of keys.slice(0, 3)) answer(store, key, 3)
    return directory
  }

  it('is read again from the log while the log still holds it', async () => {
    const directory = stateOfThree()
    const entries = await openStoreStoppable(directory, undefined)
    // Appended by another session meanwhile: the records asked for are still where they were.
    const log = join(directory, 'reviews.jsonl')
    const lines = readFileSync(log, 'utf8')
    writeFileSync(log, `${lines}${lines.split('\n')[0]}\n`)
    expect(entries.reviews().map((review) => review.key)).toEqual(keys.slice(0, 3))
  })

  it('is refused as damaged state, the log left as it is, when the log no longer holds it', async () => {
    const directory = stateOfThree()
    const entries = await openStoreStoppable(directory, undefined)
    // Replaced meanwhile by a log whose first record is another's.
    const log = join(directory, 'reviews.jsonl')
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean)
    const replaced = `${[lines[1], lines[0], lines[2]].join('\n')}\n`
    writeFileSync(log, replaced)
    expect(() => entries.reviews()).toThrow(/changed while it was open \(record 1\)/)
    expect(readFileSync(log, 'utf8')).toBe(replaced)
  })
})
