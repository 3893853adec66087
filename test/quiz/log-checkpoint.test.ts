/**
 * The quiz takes the entries of the review log's start from
 * `reviews.checked.json` while the log still starts with the bytes they
 * were read from (log-checkpoint.ts): the store it opens must be the store
 * read whole, damage in the log's middle must still be refused at its line,
 * and a checkpoint that no longer fits must be passed over.
 */
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { STATE_VERSION } from '../../src/quiz/cards-file.js'
import { checkpointStride, logCheckpointFileName } from '../../src/quiz/log-checkpoint.js'
import { createScheduler, type Grade, gradeNames } from '../../src/quiz/scheduler.js'
import { openStore, openStoreStoppable, type Store } from '../../src/quiz/store.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function stateDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-log-checkpoint-'))
  directories.push(directory)
  return directory
}

const keys = ['1700000000001/0', '1700000000002/0', '1700000000002/1', 'content:abc/0']
const scheduler = createScheduler({ now: () => new Date('2026-01-01T10:00:00Z') })
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
// Each line is this long or longer, so a few dozen records pass a checkpoint's stride.
const padding = 'p'.repeat(Math.ceil(checkpointStride / 8))

type Line = { do: 'review'; key: number; grade: Grade } | { do: 'undo' } | { do: 'blank' }

const lineArbitrary: fc.Arbitrary<Line> = fc.oneof(
  {
    arbitrary: fc.record({
      do: fc.constant('review' as const),
      key: fc.integer({ min: 0, max: keys.length - 1 }),
      grade: fc.constantFrom<Grade>(1, 2, 3, 4),
    }),
    weight: 6,
  },
  fc.constant({ do: 'undo' as const }),
  fc.constant({ do: 'blank' as const }),
)

/** The log's lines for `lines`, numbered on from `seq` (reviews padded to pass the stride). */
function logText(lines: readonly Line[], seq: { next: number; reviews: number[] }): string {
  return lines
    .map((line) => {
      if (line.do === 'blank') return '\n'
      if (line.do === 'undo' && seq.reviews.length === 0) return '\n'
      const time = new Date(Date.parse('2026-01-01T10:00:00Z') + seq.next * 60_000).toISOString()
      const number = seq.next++
      if (line.do === 'undo') {
        const undoes = seq.reviews.pop()
        return `${JSON.stringify({ type: 'undo', seq: number, key: keys[0], undoes, time, card: null })}\n`
      }
      seq.reviews.push(number)
      const { card, log } = scheduler.answer(scheduler.newCard(), line.grade)
      const record = {
        type: 'review',
        seq: number,
        key: keys[line.key],
        rating: gradeNames[line.grade],
        grade: line.grade,
        time,
        log: { ...json(log), padding },
        card: json(card),
        previous: null,
      }
      return `${JSON.stringify(record)}\n`
    })
    .join('')
}

/** A state whose `cards.json` includes the records up to `saved` (the store replays the rest). */
function writeState(directory: string, log: string, saved: number): void {
  writeFileSync(join(directory, 'reviews.jsonl'), log)
  const cards = { version: STATE_VERSION, seq: saved, cards: {}, notes: {} }
  writeFileSync(join(directory, 'cards.json'), `${JSON.stringify(cards)}\n`)
}

function observed(store: Store) {
  return {
    cards: [...store.cards()],
    reviews: store.reviews(),
    repeated: store.repeatedReviews,
    missing: store.missing,
  }
}

/** What each way of opening gives: the store, or the error. */
async function openBoth(directory: string) {
  const outcome = async (open: () => Store | Promise<Store>) => {
    try {
      return { store: observed(await open()) }
    } catch (error) {
      return { error: (error as Error).message }
    }
  }
  return {
    whole: await outcome(() => openStore(directory)),
    quiz: await outcome(() => openStoreStoppable(directory, undefined)),
  }
}

function checkpointText(directory: string): string | undefined {
  const path = join(directory, logCheckpointFileName)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/**
 * A checkpoint the log still starts as says what that start holds (its
 * lines, its records' entries); one written by this open does (its length
 * and CR-32 are the log's start's). A stale one (the log changed since, or
 * garbage) is passed over, which the store's equality shows.
 */
function expectCheckpointTrue(directory: string, before: string | undefined): void {
  const text = checkpointText(directory)
  if (text === undefined) return
  let checkpoint: { bytes: number; lines: number; crc32: number; entries: unknown[] }
  try {
    checkpoint = JSON.parse(text)
  } catch {
    expect(text).toBe(before)
    return
  }
  const start = readFileSync(join(directory, 'reviews.jsonl')).subarray(0, checkpoint.bytes)
  const fits = start.length === checkpoint.bytes && crc32(start) === checkpoint.crc32
  if (text !== before) expect(fits).toBe(true)
  if (!fits) return
  const lines = start.toString('utf8').split('\n')
  expect(lines.pop()).toBe('')
  expect(checkpoint.lines).toBe(lines.length)
  const entries = lines
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
    .map((record) =>
      record.type === 'undo' ? [record.seq, record.key, record.undoes] : [record.seq, record.key],
    )
  expect(checkpoint.entries).toEqual(entries)
}

type Change =
  | { do: 'append'; lines: Line[] }
  | { do: 'cut'; at: number }
  | { do: 'damage'; at: number }
  | { do: 'checkpoint-garbage' }
  | { do: 'none' }

const changeArbitrary: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    do: fc.constant('append' as const),
    lines: fc.array(lineArbitrary, { maxLength: 30 }),
  }),
  fc.record({ do: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ do: fc.constant('damage' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.constant({ do: 'checkpoint-garbage' as const }),
  fc.constant({ do: 'none' as const }),
)

/** Change the state between two quiz starts, as later sessions, a restore, damage or a hand edit do. */
function change(directory: string, next: Change, seq: { next: number; reviews: number[] }): void {
  const path = join(directory, 'reviews.jsonl')
  const size = readFileSync(path).length
  if (next.do === 'append') appendFileSync(path, logText(next.lines, seq))
  else if (next.do === 'cut') truncateSync(path, Math.floor(size * next.at))
  else if (next.do === 'damage') {
    // One byte of a record's padding (or wherever it falls) made a quote: no longer that JSON.
    const bytes = readFileSync(path)
    const at = Math.min(size - 1, Math.floor(size * next.at))
    if (bytes[at] !== 0x0a) bytes[at] = 0x22
    writeFileSync(path, bytes)
  } else if (next.do === 'checkpoint-garbage') {
    writeFileSync(join(directory, logCheckpointFileName), '{"version":1,"bytes":')
  }
}

describe('the review log read from its checkpoint', () => {
  it('opens the store the whole log gives, or fails as it fails, through later changes', async () => {
    let fromCheckpoint = 0
    await fc.assert(
      fc.asyncProperty(
        // Ten lines or more: a few megabytes, past a stride.
        fc.array(lineArbitrary, { minLength: 10, maxLength: 30, size: 'max' }),
        // Most often every record saved in cards.json, as after a session that ended well.
        fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.array(changeArbitrary, { maxLength: 3 }),
        async (lines, savedShare, changes) => {
          const directory = stateDirectory()
          const seq = { next: 1, reviews: [] as number[] }
          const log = logText(lines, seq)
          writeState(directory, log, Math.floor((seq.next - 1) * savedShare))
          for (const next of [{ do: 'none' as const }, ...changes]) {
            change(directory, next, seq)
            const before = checkpointText(directory)
            if (before !== undefined) fromCheckpoint += 1
            const { whole, quiz } = await openBoth(directory)
            expect(quiz).toEqual(whole)
            expectCheckpointTrue(directory, before)
          }
        },
      ),
      { numRuns: 25 },
    )
    // The draws must reach the checkpoint often, or this test says little.
    expect(fromCheckpoint).toBeGreaterThan(5)
  }, 120_000)

  it('is written past a stride of records cards.json includes, and its entries are used', async () => {
    const directory = stateDirectory()
    const seq = { next: 1, reviews: [] as number[] }
    const lines: Line[] = Array.from({ length: 30 }, (_, index) => ({
      do: 'review',
      key: index % 3,
      grade: 3,
    }))
    writeState(directory, logText(lines, seq), 30)
    await openStoreStoppable(directory, undefined)
    const path = join(directory, logCheckpointFileName)
    expect(existsSync(path)).toBe(true)
    const checkpoint = JSON.parse(readFileSync(path, 'utf8'))
    expect(checkpoint.bytes).toBeGreaterThanOrEqual(checkpointStride)
    expect(checkpoint.entries.length).toBeGreaterThan(0)
    // The log is not read again where the checkpoint covers it: an entry's key taken from
    // there (edited here only to see it) is the key the store gives the record.
    checkpoint.entries[0][1] = keys[3]
    writeFileSync(path, JSON.stringify(checkpoint))
    const quiz = await openStoreStoppable(directory, undefined)
    expect(quiz.reviews()[0]?.key).toBe(keys[3])
    expect(openStore(directory).reviews()[0]?.key).toBe(keys[0])
  })

  it('is written again a stride later, from where the last one ended, and then used', async () => {
    const directory = stateDirectory()
    const seq = { next: 1, reviews: [] as number[] }
    const reviews = (key: number): Line[] =>
      Array.from({ length: 30 }, () => ({ do: 'review', key, grade: 3 }))
    writeState(directory, logText(reviews(0), seq), 30)
    await openStoreStoppable(directory, undefined)
    const first = JSON.parse(checkpointText(directory) as string)
    // A later session's 30 answers, saved.
    appendFileSync(join(directory, 'reviews.jsonl'), logText(reviews(1), seq))
    writeState(directory, readFileSync(join(directory, 'reviews.jsonl'), 'utf8'), 60)
    await openStoreStoppable(directory, undefined)
    const second = JSON.parse(checkpointText(directory) as string)
    expect(second.bytes).toBeGreaterThan(first.bytes)
    expectCheckpointTrue(directory, undefined)
    // Used at the next start: an entry past the first checkpoint, edited here only to see it.
    second.entries[45][1] = keys[3]
    writeFileSync(join(directory, logCheckpointFileName), JSON.stringify(second))
    const quiz = await openStoreStoppable(directory, undefined)
    expect(quiz.reviews()[45]?.key).toBe(keys[3])
  })

  it('is passed over once the log changed in its bytes: damage in the middle is refused at its line', async () => {
    const directory = stateDirectory()
    const seq = { next: 1, reviews: [] as number[] }
    const lines: Line[] = Array.from({ length: 30 }, () => ({ do: 'review', key: 0, grade: 3 }))
    writeState(directory, logText(lines, seq), 30)
    await openStoreStoppable(directory, undefined)
    expect(existsSync(join(directory, logCheckpointFileName))).toBe(true)
    // Line 2's padding gets a quote: the same length, no longer JSON.
    const path = join(directory, 'reviews.jsonl')
    const text = readFileSync(path, 'utf8').split('\n')
    text[1] = (text[1] as string).replace('pppp', 'pp"p')
    writeFileSync(path, text.join('\n'))
    await expect(openStoreStoppable(directory, undefined)).rejects.toThrow(
      /line 2 is not valid JSON/,
    )
  })

  it('names a damaged line after the checkpoint by its line in the whole log', async () => {
    const directory = stateDirectory()
    const seq = { next: 1, reviews: [] as number[] }
    const lines: Line[] = Array.from({ length: 30 }, () => ({ do: 'review', key: 1, grade: 3 }))
    writeState(directory, logText(lines, seq), 30)
    await openStoreStoppable(directory, undefined)
    const checkpoint = JSON.parse(readFileSync(join(directory, logCheckpointFileName), 'utf8'))
    appendFileSync(join(directory, 'reviews.jsonl'), '{"seq":\n{}\n')
    const { whole, quiz } = await openBoth(directory)
    expect(quiz).toEqual(whole)
    expect(quiz.error).toMatch(/line 31 is not valid JSON/)
    expect(checkpoint.lines).toBeLessThan(31)
  })
})
