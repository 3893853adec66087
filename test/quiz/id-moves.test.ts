import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { guidOfId } from '../../src/model/identity.js'
import {
  appendIdMoves,
  idMovesFileName,
  progressHolders,
  readIdMoves,
} from '../../src/quiz/id-moves.js'
import { createScheduler, Rating } from '../../src/quiz/scheduler.js'
import { DamagedStateError } from '../../src/quiz/state-errors.js'
import { openStore } from '../../src/quiz/store.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-moves-'))
  directories.push(directory)
  return directory
}

const now = new Date('2026-01-01T10:00:00Z')
const scheduler = createScheduler({ now: () => now })

function answer(store: ReturnType<typeof openStore>, key: string, grade: 1 | 2 | 3 | 4) {
  const outcome = scheduler.answer(store.get(key) ?? scheduler.newCard(), grade)
  return store.record({
    key,
    grade,
    card: outcome.card,
    log: outcome.log,
    time: now,
    note: { id: 1, file: '/vault/a.md' },
  })
}

const [A, B, C] = [1700000000001, 1700000000002, 1700000000003]
const key = (id: number, ord = 0) => `${guidOfId(id)}/${ord}`

describe('where moved IDs keep their progress', () => {
  it('follows a move, a chain, a first new ID that never reached the note, and a move back', () => {
    expect(progressHolders([{ from: A, to: B }])).toEqual(new Map([[A, B]]))
    expect(
      progressHolders([
        { from: A, to: B },
        { from: B, to: C },
      ]),
    ).toEqual(
      new Map([
        [A, C],
        [B, C],
      ]),
    )
    // Sync wrote the move, then was killed before the file took B; the next sync gave the note C.
    expect(
      progressHolders([
        { from: A, to: B },
        { from: A, to: C },
      ]),
    ).toEqual(
      new Map([
        [A, C],
        [B, C],
      ]),
    )
    // The move taken back (a file that refused its new ID).
    expect(
      progressHolders([
        { from: A, to: B },
        { from: B, to: A },
      ]),
    ).toEqual(new Map([[B, A]]))
  })
})

describe('the store with moved IDs', () => {
  it('finds the cards, log records and note index of a moved note under its new ID', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, key(A, 0), Rating.Good)
    answer(first, key(A, 1), Rating.Again)
    answer(first, key(C), Rating.Easy)
    appendIdMoves(directory, [{ from: A, to: B }], now)

    const store = openStore(directory)
    expect(store.get(key(A, 0))).toBeUndefined()
    expect(store.get(key(B, 0))?.state).toBe(first.get(key(A, 0))?.state)
    expect(store.get(key(B, 1))?.state).toBe(first.get(key(A, 1))?.state)
    expect(store.get(key(C))).toEqual(first.get(key(C)))
    expect(store.reviews().map((review) => review.key)).toEqual([key(B, 0), key(B, 1), key(C)])
    expect(store.location(guidOfId(B))).toEqual({ id: B, file: '/vault/a.md' })
    expect(store.location(guidOfId(A))).toBeUndefined()

    // The next answer saves the new keys; the log on disk keeps what it said.
    answer(store, key(B, 0), Rating.Good)
    const saved = JSON.parse(readFileSync(join(directory, 'cards.json'), 'utf8'))
    expect(Object.keys(saved.cards).sort()).toEqual([key(B, 0), key(B, 1), key(C)].sort())
    expect(readFileSync(join(directory, 'reviews.jsonl'), 'utf8')).toContain(key(A, 0))
    expect(openStore(directory).reviews()).toHaveLength(4)
  })

  it('keeps a card the new ID already has, and the old one beside it', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, key(A), Rating.Again)
    answer(first, key(B), Rating.Easy)
    appendIdMoves(directory, [{ from: A, to: B }], now)
    const store = openStore(directory)
    expect(store.get(key(B))).toEqual(first.get(key(B)))
    expect(store.get(key(A))).toEqual(first.get(key(A)))
  })

  it('reports a damaged line with its number and keeps the file', () => {
    const directory = temporaryDirectory()
    appendIdMoves(directory, [{ from: A, to: B }], now)
    const path = join(directory, idMovesFileName)
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"from":1,"to":"x"}\n`)
    expect(() => openStore(directory)).toThrow(DamagedStateError)
    expect(() => readIdMoves(path)).toThrow(/line 2 is not an ID move/)
    expect(readFileSync(path, 'utf8')).toContain('"to":"x"')
  })
})
