import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { guidOfId } from '../../src/model/identity.js'
import { noteContentKey } from '../../src/model/note-key.js'
import { type NoteLocation, STATE_VERSION } from '../../src/quiz/cards-file.js'
import {
  appendContentLinks,
  contentLinksFileName,
  readContentLinks,
} from '../../src/quiz/content-links.js'
import { appendIdMoves, idMovesFileName, readIdMoves } from '../../src/quiz/id-moves.js'
import { linkContentProgress } from '../../src/quiz/link-content-progress.js'
import { createScheduler, Rating } from '../../src/quiz/scheduler.js'
import { resolveStateDirectory } from '../../src/quiz/state-directory.js'
import { DamagedStateError } from '../../src/quiz/state-errors.js'
import { contentKeysWithProgress, openStore } from '../../src/quiz/store.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-store-'))
  directories.push(directory)
  return directory
}

const now = new Date('2026-01-01T10:00:00Z')
const scheduler = createScheduler({ now: () => now })

function answer(
  store: ReturnType<typeof openStore>,
  key: string,
  grade: 1 | 2 | 3 | 4,
  note?: NoteLocation,
) {
  const outcome = scheduler.answer(store.get(key) ?? scheduler.newCard(), grade)
  return store.record({ key, grade, card: outcome.card, log: outcome.log, time: now, note })
}

describe('the state directory', () => {
  it('prefers --state, then DECKLAB_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    const env = { DECKLAB_STATE_DIR: '/env/state', XDG_STATE_HOME: '/xdg', HOME: '/home/me' }
    expect(resolveStateDirectory({ state: 'mine', cwd: '/work', env })).toBe('/work/mine')
    expect(resolveStateDirectory({ cwd: '/work', env })).toBe('/env/state')
    expect(resolveStateDirectory({ cwd: '/work', env: { ...env, DECKLAB_STATE_DIR: '' } })).toBe(
      '/xdg/decklab',
    )
    expect(resolveStateDirectory({ cwd: '/work', env: { HOME: '/home/me' } })).toBe(
      '/home/me/.local/state/decklab',
    )
    // A relative XDG_STATE_HOME is invalid by the spec and ignored.
    expect(
      resolveStateDirectory({ cwd: '/work', env: { XDG_STATE_HOME: 'rel', HOME: '/home/me' } }),
    ).toBe('/home/me/.local/state/decklab')
  })

  // Node's homedir() gives $HOME as it is: an empty or relative one put the progress in
  // `.local/state/decklab` under the folder decklab ran in.
  it('takes the home folder of the password database when $HOME is empty or relative', () => {
    const home = userInfo().homedir
    for (const HOME of ['', 'relative']) {
      expect(resolveStateDirectory({ cwd: '/work', env: { HOME } })).toBe(
        join(home, '.local', 'state', 'decklab'),
      )
    }
  })
})

describe('the store', () => {
  it('writes nothing until the first answer', () => {
    const directory = join(temporaryDirectory(), 'state')
    const store = openStore(directory)
    expect(store.cards().size).toBe(0)
    expect(() => readdirSync(directory)).toThrow(/ENOENT/)
  })

  it('round-trips cards and reviews through cards.json and reviews.jsonl', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'guid-a/0', Rating.Good)
    answer(store, 'guid-b/1', Rating.Again)
    answer(store, 'guid-a/0', Rating.Good)

    const reopened = openStore(directory)
    expect([...reopened.cards().keys()].sort()).toEqual(['guid-a/0', 'guid-b/1'])
    expect(reopened.get('guid-a/0')).toEqual(store.get('guid-a/0'))
    expect(reopened.reviews().map((review) => [review.key, review.rating])).toEqual([
      ['guid-a/0', 'good'],
      ['guid-b/1', 'again'],
      ['guid-a/0', 'good'],
    ])
    const document = JSON.parse(readFileSync(join(directory, 'cards.json'), 'utf8'))
    expect(document.version).toBe(STATE_VERSION)
    expect(document.cards['guid-a/0'].reps).toBe(2)
    const lines = readFileSync(join(directory, 'reviews.jsonl'), 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(JSON.parse(lines[1]!)).toMatchObject({
      type: 'review',
      key: 'guid-b/1',
      rating: 'again',
      grade: 1,
      time: now.toISOString(),
      log: { rating: 1, state: 0 },
    })
  })

  it('leaves no temporary file behind (atomic replace)', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    answer(store, 'k/0', Rating.Good)
    expect(readdirSync(directory).sort()).toEqual(['cards.json', 'reviews.jsonl'])
  })

  it('leaves out a last log line a crash cut short, and keeps it aside at the next answer', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const log = join(directory, 'reviews.jsonl')
    const whole = readFileSync(log, 'utf8')
    // A power cut during the next append: half its line on disk, no newline, and cards.json not yet replaced.
    const cut = whole
      .slice(0, whole.length - 1)
      .replace('"seq":1', '"seq":2')
      .slice(0, 40)
    writeFileSync(log, whole + cut)
    const reopened = openStore(directory)
    expect(reopened.reviews().map((review) => review.key)).toEqual(['k/0'])
    answer(reopened, 'k/1', Rating.Good)
    const kept = readdirSync(directory).filter((name) => name.startsWith('reviews.jsonl.torn-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(directory, kept[0] as string), 'utf8')).toBe(cut)
    expect(readFileSync(log, 'utf8').startsWith(whole)).toBe(true)
    expect(
      openStore(directory)
        .reviews()
        .map((review) => review.key),
    ).toEqual(['k/0', 'k/1'])
  })

  it('gives a whole last line without its newline one before appending', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const log = join(directory, 'reviews.jsonl')
    writeFileSync(log, readFileSync(log, 'utf8').trimEnd())
    const reopened = openStore(directory)
    answer(reopened, 'k/1', Rating.Good)
    expect(
      openStore(directory)
        .reviews()
        .map((review) => review.key),
    ).toEqual(['k/0', 'k/1'])
    expect(readdirSync(directory).some((name) => name.includes('.torn-'))).toBe(false)
  })

  it('saves through a cards.json that is a symbolic link, keeping the link', () => {
    const directory = temporaryDirectory()
    const elsewhere = temporaryDirectory()
    symlinkSync(join(elsewhere, 'cards.json'), join(directory, 'cards.json'))
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    expect(lstatSync(join(directory, 'cards.json')).isSymbolicLink()).toBe(true)
    expect(JSON.parse(readFileSync(join(elsewhere, 'cards.json'), 'utf8')).cards).toHaveProperty(
      'k/0',
    )
    answer(store, 'k/1', Rating.Good)
    expect(lstatSync(join(directory, 'cards.json')).isSymbolicLink()).toBe(true)
    expect(openStore(directory).cards().size).toBe(2)
    expect(readdirSync(elsewhere)).toEqual(['cards.json'])
  })

  it('undo restores the previous card, appends an undo record and is counted out', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const before = store.get('k/0')
    const second = answer(store, 'k/0', Rating.Again)
    const undo = store.undo(now)
    expect(undo).toMatchObject({ type: 'undo', key: 'k/0', undoes: second.seq, card: before })
    expect(store.get('k/0')).toEqual(before)
    expect(store.reviews()).toHaveLength(1)

    const reopened = openStore(directory)
    expect(reopened.get('k/0')).toEqual(before)
    expect(reopened.reviews()).toHaveLength(1)
    const lines = readFileSync(join(directory, 'reviews.jsonl'), 'utf8').trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['review', 'review', 'undo'])

    // Undo of a new card's first review makes it new again; then nothing is left to undo.
    store.undo(now)
    expect(store.get('k/0')).toBeUndefined()
    expect(store.undo(now)).toBeUndefined()
    expect(openStore(directory).cards().size).toBe(0)
  })

  it('records no answer past a log that lost records, until the loss is accepted', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, 'k/0', Rating.Good)
    answer(first, 'k/0', Rating.Good)
    writeFileSync(join(directory, 'reviews.jsonl'), '')
    const store = openStore(directory)
    expect(store.missingReviews).toEqual({ logEnd: 0, saved: 2 })
    expect(() => answer(store, 'k/0', Rating.Good)).toThrow(/holds no record/)
    expect(readFileSync(join(directory, 'reviews.jsonl'), 'utf8')).toBe('')

    expect(store.acceptMissingReviews(now)).toEqual({
      after: 0,
      upTo: 2,
      accepted: now.toISOString(),
    })
    expect(store.missingReviews).toBeUndefined()
    const before = store.get('k/0')
    answer(store, 'k/0', Rating.Again)
    answer(store, 'k/1', Rating.Good)
    expect(store.undo(now)).toMatchObject({ type: 'undo', seq: 5, undoes: 4 })
    const reopened = openStore(directory)
    expect(reopened.missingReviews).toBeUndefined()
    expect(reopened.missing.lost).toEqual([
      { range: { after: 0, upTo: 2, accepted: now.toISOString() }, missing: 2 },
    ])
    expect(reopened.reviews().map((review) => [review.seq, review.key])).toEqual([[3, 'k/0']])
    expect(reopened.get('k/1')).toBeUndefined()
    expect(reopened.get('k/0')).not.toEqual(before)
    expect(reopened.undo(now)).toBeUndefined()
  })

  // The log was checked only when the store opened: removed or replaced while a session
  // ran, the next answer started a new log, and the records before it were gone unsaid.
  it('records no answer or undo past a log that lost records while it was open', () => {
    const directory = temporaryDirectory()
    const log = join(directory, 'reviews.jsonl')
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const older = readFileSync(log, 'utf8')
    answer(store, 'k/1', Rating.Good)
    rmSync(log)
    expect(() => answer(store, 'k/2', Rating.Good)).toThrow(
      /holds no record, but cards.json includes records up to 2[\s\S]*This answer was not saved/,
    )
    expect(() => store.undo(now)).toThrow(/holds no record/)
    expect(existsSync(log)).toBe(false)
    expect(store.get('k/2')).toBeUndefined()
    // The next open sees the gap and refuses it, as for a log lost between sessions.
    expect(openStore(directory).missingReviews).toEqual({ logEnd: 0, saved: 2 })

    // Put back from an older copy: it ends before the record cards.json includes.
    writeFileSync(log, older)
    expect(() => answer(store, 'k/2', Rating.Good)).toThrow(/ends at record 1, but cards.json/)
    expect(readFileSync(log, 'utf8')).toBe(older)
  })

  it('takes a log whose last line repeats an earlier record as whole, as opening it does', () => {
    const directory = temporaryDirectory()
    const log = join(directory, 'reviews.jsonl')
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const first = readFileSync(log, 'utf8')
    answer(store, 'k/1', Rating.Good)
    writeFileSync(log, `${readFileSync(log, 'utf8')}${first}`)
    expect(openStore(directory).missingReviews).toBeUndefined()
    expect(answer(store, 'k/2', Rating.Good)).toMatchObject({ seq: 3 })
  })

  it('takes an answer or an undo back out of the log when cards.json cannot be replaced', () => {
    const directory = join(temporaryDirectory(), 'state')
    const store = openStore(directory)
    answer(store, 'g/0', Rating.Good)
    const reviews = join(directory, 'reviews.jsonl')
    const cards = join(directory, 'cards.json')
    const log = readFileSync(reviews)
    const saved = readFileSync(cards)
    // A folder where cards.json should be: it cannot be replaced.
    const blocked = () => {
      rmSync(cards)
      mkdirSync(join(cards, 'in-the-way'), { recursive: true })
    }
    const unblocked = () => {
      rmSync(cards, { recursive: true })
      writeFileSync(cards, saved)
    }
    blocked()
    expect(() => answer(store, 'g/0', Rating.Again)).toThrow(/the last answer could not be saved/)
    expect(() => answer(store, 'h/0', Rating.Good)).toThrow(/the last answer could not be saved/)
    // An undo that is not saved says so, and that the answer it was to take back stays saved.
    expect(() => store.undo(now)).toThrow(
      `${cards}: the undo could not be saved: a folder stands where the file should be (EISDIR); the answer it was to take back stays saved as graded, and so does every earlier answer.`,
    )
    expect(readFileSync(reviews).equals(log)).toBe(true)
    // In memory too, nothing changed: the next answer saves in order, after the first.
    expect(store.get('g/0')).toMatchObject({ state: 1 })
    expect(store.get('h/0')).toBeUndefined()
    expect(store.reviews()).toHaveLength(1)
    unblocked()
    answer(store, 'h/0', Rating.Good)
    const reopened = openStore(directory)
    expect(reopened.reviews().map((record) => [record.key, record.seq])).toEqual([
      ['g/0', 1],
      ['h/0', 2],
    ])
    expect(reopened.get('g/0')).toMatchObject({ state: 1 })
  })

  it('says an undo whose log line cannot be written is the undo, and keeps the answer', () => {
    const directory = join(temporaryDirectory(), 'state')
    const store = openStore(directory)
    answer(store, 'g/0', Rating.Good)
    const reviews = join(directory, 'reviews.jsonl')
    const log = readFileSync(reviews)
    // A folder where the log should be: no line can be appended.
    rmSync(reviews)
    mkdirSync(join(reviews, 'in-the-way'), { recursive: true })
    expect(() => store.undo(now)).toThrow(
      `${reviews}: the undo could not be saved: a folder stands where the file should be (EISDIR); the answer it was to take back stays saved as graded, and so does every earlier answer.`,
    )
    expect(store.get('g/0')).toMatchObject({ state: 1 })
    rmSync(reviews, { recursive: true })
    writeFileSync(reviews, log)
    expect(openStore(directory).reviews()).toHaveLength(1)
  })

  it('repairs cards.json from the log after a crash between the two writes', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const cardsBefore = readFileSync(join(directory, 'cards.json'), 'utf8')
    answer(store, 'k/0', Rating.Good)
    const expected = store.get('k/0')
    // The process died after appending the second review but before replacing cards.json.
    writeFileSync(join(directory, 'cards.json'), cardsBefore)
    const reopened = openStore(directory)
    expect(reopened.get('k/0')).toEqual(expected)
    expect(reopened.reviews()).toHaveLength(2)
  })

  it.each([
    ['not JSON', '{"version":1,"cards":', /is not valid JSON/],
    [
      'a newer version',
      '{"version":99,"cards":{}}',
      /has version 99, expected 1\. The file was left untouched; a newer decklab wrote it: update decklab to that version and run again/,
    ],
    [
      'another version',
      '{"version":"x","cards":{}}',
      /has version "x", expected 1\. The file was left untouched; move it away/,
    ],
    ['no cards', '{"version":1}', /has no `cards` object/],
    ['a broken card', '{"version":1,"cards":{"k/0":{"due":5}}}', /invalid card for `k\/0`/],
  ])('reports a damaged cards.json (%s) with its path and keeps it', (_name, text, reason) => {
    const directory = temporaryDirectory()
    const path = join(directory, 'cards.json')
    writeFileSync(path, text)
    let caught: unknown
    try {
      openStore(directory)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DamagedStateError)
    expect((caught as DamagedStateError).path).toBe(path)
    expect((caught as Error).message).toMatch(reason)
    expect((caught as Error).message.startsWith(`damaged state file ${path}: `)).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe(text)
    expect(readdirSync(directory)).toEqual(['cards.json'])
  })

  it('reports a damaged reviews.jsonl line with its number and keeps the file', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    answer(store, 'k/0', Rating.Good)
    const path = join(directory, 'reviews.jsonl')
    const text = `${readFileSync(path, 'utf8')}{oops\n`
    writeFileSync(path, text)
    expect(() => openStore(directory)).toThrow(/reviews\.jsonl: line 2 is not valid JSON/)
    expect(readFileSync(path, 'utf8')).toBe(text)
  })

  it('finds a card by its key after reopening, and where its note was last seen', () => {
    const directory = temporaryDirectory()
    const store = openStore(directory)
    const outcome = scheduler.answer(scheduler.newCard(), Rating.Good)
    store.record({
      key: 'GUID/1',
      grade: Rating.Good,
      card: outcome.card,
      log: outcome.log,
      time: now,
      note: { id: 42, file: '/vault/notes/a.md' },
    })
    const reopened = openStore(directory)
    // The note's GUID comes with the note (computed once by the model), so a lookup is by key.
    const card = (id: number, key: string, ord: number) => ({ note: { id }, ord, key })
    expect(reopened.lookup(card(42, 'GUID/1', 1))).toEqual(store.get('GUID/1'))
    expect(reopened.lookup(card(42, 'GUID/0', 0))).toBeUndefined()
    expect(reopened.lookup(card(7, 'OTHER/0', 0))).toBeUndefined()
    expect(reopened.location('GUID')).toEqual({ id: 42, file: '/vault/notes/a.md' })
  })
})

const [A, B, C] = [1700000000001, 1700000000002, 1700000000003]
const key = (id: number, ord = 0) => `${guidOfId(id)}/${ord}`
const seen: NoteLocation = { id: 1, file: '/vault/a.md' }

describe('the store with moved IDs', () => {
  it('finds the cards, log records and note index of a moved note under its new ID', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, key(A, 0), Rating.Good, seen)
    answer(first, key(A, 1), Rating.Again, seen)
    answer(first, key(C), Rating.Easy, seen)
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

  // The state of the later answer wins, by the log's order (the clock stood still here), and
  // every review stays in the log.
  it('gives the new ID the moved card when it was answered later, and leaves it beside', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, key(B), Rating.Easy)
    answer(first, key(A), Rating.Again)
    answer(first, key(C), Rating.Good)
    appendIdMoves(directory, [{ from: A, to: B }], now)
    const store = openStore(directory)
    expect(store.get(key(B))).toEqual(first.get(key(A)))
    expect(store.get(key(A))).toEqual(first.get(key(A)))
    expect(store.reviews().map((review) => review.key)).toEqual([key(B), key(B), key(C)])
    // Two moves onto one key: the latest answer of the three wins, whatever the order.
    appendIdMoves(directory, [{ from: C, to: B }], now)
    expect(openStore(directory).get(key(B))).toEqual(first.get(key(C)))
  })

  it('reports a damaged line with its number and keeps the file', () => {
    const directory = temporaryDirectory()
    appendIdMoves(directory, [{ from: A, to: B }], now)
    const path = join(directory, idMovesFileName)
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"from":1,"to":"x"}\n`)
    expect(() => openStore(directory)).toThrow(DamagedStateError)
    expect(() => readIdMoves(path)).toThrow(
      /line 2 is not an ID move .*; repair or delete that line \(moving the whole file away/,
    )
    expect(readFileSync(path, 'utf8')).toContain('"to":"x"')
  })
})

describe('the store with content links (notes that got their first ID)', () => {
  const content = 'content:0123456789abcdef0123'
  const byContent = (ord = 0) => `${content}/${ord}`
  const noteA = { noteType: 'Basic', fields: { Front: 'Q?', Back: 'A' } }

  it('finds progress kept under a content key under the ID the note got, after any move of that ID', () => {
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, byContent(0), Rating.Easy)
    answer(first, byContent(1), Rating.Again)
    appendContentLinks(directory, [{ content, id: A }], now)
    const store = openStore(directory)
    expect(store.get(byContent(0))).toBeUndefined()
    expect(store.get(key(A, 0))?.state).toBe(first.get(byContent(0))?.state)
    expect(store.get(key(A, 1))?.state).toBe(first.get(byContent(1))?.state)
    expect(store.reviews().map((review) => review.key)).toEqual([key(A, 0), key(A, 1)])
    // Sync later gave that note another ID: the progress follows it there.
    appendIdMoves(directory, [{ from: A, to: B }], now)
    expect(openStore(directory).get(key(B, 0))?.state).toBe(first.get(byContent(0))?.state)
  })

  // The chain a random draw of store-entries.test.ts went through, with sync's IDs (new ones).
  it('keeps progress a link and moves took on where an answer saved it, at the next open', () => {
    const [D, E] = [1700000000004, 1700000000005]
    const directory = temporaryDirectory()
    const first = openStore(directory)
    answer(first, byContent(0), Rating.Again)
    appendIdMoves(directory, [{ from: A, to: D }], now)
    appendContentLinks(directory, [{ content, id: B }], now)
    appendIdMoves(directory, [{ from: B, to: E }], now)
    const store = openStore(directory)
    expect(store.get(key(E, 0))?.state).toBe(first.get(byContent(0))?.state)
    // Saves cards.json with the keys moved; the moves are applied again over it.
    answer(store, key(C), Rating.Good)
    const reopened = openStore(directory)
    expect([...reopened.cards()]).toEqual([...store.cards()])
    expect(reopened.reviews()).toEqual(store.reviews())
  })

  it("names a lost ID line's ID only while progress is kept under that ID and not its content, as answers change that", () => {
    const directory = temporaryDirectory()
    appendContentLinks(directory, [{ content, id: A }], now)
    const store = openStore(directory)
    // Linked, but nothing was answered under the ID: a note of that content is a new note.
    expect(store.lostId(content, 'a.md')).toBeUndefined()
    answer(store, key(A, 0), Rating.Good, { id: A, file: 'a.md' })
    expect(store.lostId(content, 'a.md')).toBe(A)
    expect(store.lostId(content, 'b.md')).toBeUndefined()
    // Progress under its content again: two notes now, the ID is not given to this one.
    answer(store, byContent(0), Rating.Good)
    expect(store.lostId(content, 'a.md')).toBeUndefined()
    store.undo(now)
    expect(store.lostId(content, 'a.md')).toBe(A)
  })

  it('links only the notes whose content holds progress, and nothing when none does', () => {
    const directory = temporaryDirectory()
    expect(linkContentProgress(directory, [{ note: noteA, id: A }], now)).toBe(0)
    expect(existsSync(join(directory, contentLinksFileName))).toBe(false)
    const store = openStore(directory)
    answer(store, `${noteContentKey(noteA)}/0`, Rating.Good)
    const other = { noteType: 'Basic', fields: { Front: 'Other?', Back: 'B' } }
    expect(
      linkContentProgress(
        directory,
        [
          { note: noteA, id: A },
          { note: other, id: C },
        ],
        now,
      ),
    ).toBe(1)
    expect(readContentLinks(join(directory, contentLinksFileName))).toEqual([
      { content: noteContentKey(noteA), id: A },
    ])
    // Linked: the content key holds nothing now, so a second build links nothing more.
    expect(linkContentProgress(directory, [{ note: noteA, id: A }], now)).toBe(0)
    expect(openStore(directory).get(key(A, 0))?.state).toBe(
      store.get(`${noteContentKey(noteA)}/0`)?.state,
    )
  })

  it('links batch after batch from one read of the state, each content key once', () => {
    const directory = temporaryDirectory()
    answer(openStore(directory), `${noteContentKey(noteA)}/0`, Rating.Good)
    const held = contentKeysWithProgress(directory)
    expect(held).toEqual(new Set([noteContentKey(noteA)]))
    expect(linkContentProgress(directory, [{ note: noteA, id: A }], now, held)).toBe(1)
    expect(held.size).toBe(0)
    // The twin of a note already linked (same content, another ID) takes nothing.
    expect(linkContentProgress(directory, [{ note: noteA, id: B }], now, held)).toBe(0)
    expect(readContentLinks(join(directory, contentLinksFileName))).toHaveLength(1)
  })

  it('reports a damaged line with its number and keeps the file', () => {
    const directory = temporaryDirectory()
    appendContentLinks(directory, [{ content, id: A }], now)
    const path = join(directory, contentLinksFileName)
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"content":"x","id":1}\n`)
    expect(() => openStore(directory)).toThrow(DamagedStateError)
    expect(readFileSync(path, 'utf8')).toContain('"content":"x"')
  })
})
