import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { quickPlan } from '../../../src/commands/quiz/quick-start.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import type { VaultLoader } from '../../../src/quiz/open-vault.js'
import { createScheduler, Rating } from '../../../src/quiz/scheduler.js'
import { collectCards, type PlanOptions, planSession } from '../../../src/quiz/session.js'
import { openStore } from '../../../src/quiz/store.js'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function note(id: number, front: string, tag = 'plain') {
  return `START\nBasic\n${front}\nBack: answer ${id}\nTags: ${tag}\n<!--ID: ${id}-->\nEND\n`
}

/** Three files; `b/first.md` sorts after `a.md`, so `a.md` holds the first new card. */
function vault() {
  const root = mkdtempSync(join(tmpdir(), 'decklab-quick-'))
  roots.push(root)
  mkdirSync(join(root, 'notes', 'b'), { recursive: true })
  writeFileSync(
    join(root, 'notes', 'a.md'),
    `${note(1763700000001, 'one')}\n${note(1763700000002, 'two')}`,
  )
  writeFileSync(join(root, 'notes', 'b', 'first.md'), note(1763700000003, 'three', 'wanted'))
  writeFileSync(join(root, 'notes', 'c.md'), note(1763700000004, 'four'))
  return root
}

/** The real loader, recording which paths each call asked for. */
function spyLoader() {
  const calls: string[][] = []
  const loader: VaultLoader = (options) => {
    calls.push(options.paths)
    return loadVault(options)
  }
  return { calls, loader }
}

const now = new Date('2026-06-01T12:00:00Z')

/** The plan made from the whole vault, to compare with. */
async function wholePlan(root: string, store: ReturnType<typeof openStore>, plan: PlanOptions) {
  const cards = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
  return planSession(cards, (card) => store.lookup(card), plan).map((card) => card.key)
}

/** Review the cards with these fronts, each `daysAgo` days before `now`. */
async function review(root: string, directory: string, reviews: readonly [string, number][]) {
  const cards = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
  const store = openStore(directory)
  for (const [front, daysAgo] of reviews) {
    const card = cards.find((candidate) => candidate.note.fields.Front === front)!
    const at = new Date(now.getTime() - daysAgo * 86_400_000)
    const scheduler = createScheduler({ now: () => at })
    const outcome = scheduler.answer(scheduler.newCard(), Rating.Easy)
    store.record({
      key: card.key,
      grade: Rating.Easy,
      card: outcome.card,
      log: outcome.log,
      time: at,
      note: { id: card.note.id!, file: card.note.source.absolutePath },
    })
  }
}

describe('the quick plan', () => {
  it('reads only the first file when it holds enough new cards, and equals the whole plan', async () => {
    const root = vault()
    const store = openStore(join(root, 'state'))
    const { calls, loader } = spyLoader()
    const plan = { now, newLimit: 2 }
    const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault: loader })
    expect(quick?.map((card) => card.note.fields.Front)).toEqual(['one', 'two'])
    expect(calls).toEqual([[join(root, 'notes', 'a.md')]])
    expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
  })

  it('reads on while the files hold too few matching new cards (filters apply)', async () => {
    const root = vault()
    const store = openStore(join(root, 'state'))
    const { calls, loader } = spyLoader()
    const plan = { now, tag: 'wanted' }
    const quick = await quickPlan({ cwd: root, paths: ['notes'], plan, store, loadVault: loader })
    expect(quick?.map((card) => card.note.fields.Front)).toEqual(['three'])
    // One file, then the next two in one load: a load a file cost a round each.
    const notes = join(root, 'notes')
    expect(calls).toEqual([
      [join(notes, 'a.md')],
      [join(notes, 'b', 'first.md'), join(notes, 'c.md')],
    ])
    expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
  })

  it('walks toward the new cards in loads of 1, 2, 4 … files and gives up at the files allowed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-quick-'))
    roots.push(root)
    const names = Array.from({ length: 9 }, (_, index) => `f${index}.md`)
    for (const [index, name] of names.entries()) {
      writeFileSync(join(root, name), note(1763700000100 + index, `front ${index}`))
    }
    const store = openStore(join(root, 'state'))
    const plan = { now, tag: 'none-has-it' }
    const paths = (...indexes: number[]) => indexes.map((index) => join(root, names[index]!))
    const walk = spyLoader()
    expect(await quickPlan({ cwd: root, paths: [], plan, store, loadVault: walk.loader })).toEqual(
      [],
    )
    // Nine files: 1 + 2 + 4 and the last two, then the plan (empty, as the whole vault's).
    expect(walk.calls).toEqual([paths(0), paths(1, 2), paths(3, 4, 5, 6), paths(7, 8)])
    expect(await wholePlan(root, store, plan)).toEqual([])
    // Six allowed: the third load stops at the sixth file, and the walk gives up.
    const capped = spyLoader()
    const quick = await quickPlan({
      cwd: root,
      paths: [],
      plan,
      store,
      loadVault: capped.loader,
      maximumFiles: 6,
    })
    expect(quick).toBeUndefined()
    expect(capped.calls).toEqual([paths(0), paths(1, 2), paths(3, 4, 5)])
  })

  it('finds the due cards through the note index; with --limit N only the N most overdue', async () => {
    const root = vault()
    const directory = join(root, 'state')
    await review(root, directory, [
      ['two', 30],
      ['four', 40],
    ])
    const store = openStore(directory)
    const cases = [
      // Most overdue first, then new ones: both due files and the first file are read.
      { plan: { now, newLimit: 1 }, fronts: ['four', 'two', 'one'], files: ['a.md', 'c.md'] },
      // Only the most overdue card's file.
      { plan: { now, limit: 1 }, fronts: ['four'], files: ['c.md'] },
    ]
    for (const { plan, fronts, files } of cases) {
      const { calls, loader } = spyLoader()
      const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault: loader })
      expect(quick?.map((card) => card.note.fields.Front)).toEqual(fronts)
      expect(calls.flat().sort()).toEqual(files.map((file) => join(root, 'notes', file)))
      expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
    }
  })

  it('gives up before parsing when the due cards span more files than it may parse', async () => {
    const root = vault()
    const directory = join(root, 'state')
    await review(root, directory, [
      ['two', 30],
      ['four', 40],
    ])
    const store = openStore(directory)
    const plan = { now, newLimit: 1 }
    // Two due files, one allowed: parsing them would only delay the whole vault's read.
    const { calls, loader } = spyLoader()
    const quick = await quickPlan({
      cwd: root,
      paths: [],
      plan,
      store,
      loadVault: loader,
      maximumFiles: 1,
    })
    expect(quick).toBeUndefined()
    expect(calls).toEqual([])
    // Three allowed: the two are parsed (the first new card is in one of them), and the plan is made.
    const two = spyLoader()
    const planned = await quickPlan({
      cwd: root,
      paths: [],
      plan,
      store,
      loadVault: two.loader,
      maximumFiles: 3,
    })
    expect(planned?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
    expect(two.calls.flat().sort()).toEqual([
      join(root, 'notes', 'a.md'),
      join(root, 'notes', 'c.md'),
    ])
  })

  it('plans shuffled and cram sessions exactly as the whole vault would', async () => {
    const root = vault()
    const directory = join(root, 'state')
    await review(root, directory, [['four', 1]])
    const store = openStore(directory)
    for (const plan of [
      { now, shuffleSeed: 7 },
      { now, cram: true, newLimit: 1 },
    ]) {
      const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault })
      expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
    }
  })

  it('plans a learning step due within the learn-ahead limit as the whole vault would (after the new cards)', async () => {
    const root = vault()
    const directory = join(root, 'state')
    const cards = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    const four = cards.find((card) => card.note.fields.Front === 'four')!
    // Good on a new card 5 minutes ago: its 10-minute step is due in 5 minutes.
    const at = new Date(now.getTime() - 5 * 60_000)
    const scheduler = createScheduler({ now: () => at })
    const outcome = scheduler.answer(scheduler.newCard(), Rating.Good)
    openStore(directory).record({
      key: four.key,
      grade: Rating.Good,
      card: outcome.card,
      log: outcome.log,
      time: at,
      note: { id: four.note.id!, file: four.note.source.absolutePath },
    })
    const store = openStore(directory)
    for (const [plan, fronts] of [
      [{ now, newLimit: 1 }, ['one', 'four']],
      // Three places, three new cards: the step (last in the plan) is left out, not a new card.
      [{ now, limit: 3 }, ['one', 'two', 'three']],
      [{ now, newLimit: 1, learnAheadMs: 0 }, ['one']],
    ] as const) {
      const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault })
      expect(quick?.map((card) => card.note.fields.Front)).toEqual(fronts)
      expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
    }
  })

  it('gives up when a due card is no longer where the index says (only the whole vault knows)', async () => {
    const root = vault()
    const directory = join(root, 'state')
    await review(root, directory, [['four', 30]])
    writeFileSync(join(root, 'notes', 'c.md'), note(1763700000005, 'five'))
    const quick = await quickPlan({
      cwd: root,
      paths: [],
      plan: { now },
      store: openStore(directory),
      loadVault,
    })
    expect(quick).toBeUndefined()
  })

  it('gives up when a due card is remembered outside the paths quizzed: the vault moved, or is reached through a link', async () => {
    const root = vault()
    const directory = join(root, 'state')
    await review(root, directory, [['four', 30]])
    // The notes move; then the same notes are quizzed through a link to them.
    renameSync(join(root, 'notes'), join(root, 'moved'))
    symlinkSync('moved', join(root, 'linked'))
    const store = openStore(directory)
    // --new 1: the first file has enough new cards, so the due card's file (c.md) would
    // never be parsed for them; --new 0: no new cards at all.
    for (const paths of [['moved'], ['linked']]) {
      for (const newLimit of [0, 1]) {
        const plan = { now, newLimit }
        const quick = await quickPlan({ cwd: root, paths, plan, store, loadVault })
        expect(quick, `${paths} --new ${newLimit}`).toBeUndefined()
        const cards = collectCards((await loadVault({ cwd: root, paths })).notes).cards
        const whole = planSession(cards, (card) => store.lookup(card), plan)
        expect(whole.map((card) => card.note.fields.Front)[0]).toBe('four')
      }
    }
  })

  it('plans a file reached through several links once, as the whole vault reads it', async () => {
    // A symbolic link to a.md, or (in a vault without one) a hard link to c.md, each
    // sorting after its file: one parse each, but the file once.
    const links = [
      (root: string) => symlinkSync('a.md', join(root, 'notes', 'a-link.md')),
      (root: string) => linkSync(join(root, 'notes', 'c.md'), join(root, 'notes', 'd.md')),
    ]
    for (const [index, link] of links.entries()) {
      const root = vault()
      link(root)
      const store = openStore(join(root, 'state'))
      for (const plan of [{ now }, { now, shuffleSeed: 1 }]) {
        const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault })
        expect(quick?.map((card) => card.note.fields.Front).sort(), `link ${index}`).toEqual([
          'four',
          'one',
          'three',
          'two',
        ])
        expect(quick?.map((card) => card.key)).toEqual(await wholePlan(root, store, plan))
      }
    }
  })

  it('numbers the copies of a note without an ID across the files parsed, as the whole vault does', async () => {
    const root = vault()
    const copy = 'START\nBasic\nsame\nBack: same\nEND\n'
    writeFileSync(join(root, 'notes', 'a.md'), `${note(1763700000001, 'one')}\n${copy}`)
    writeFileSync(join(root, 'notes', 'c.md'), `${note(1763700000004, 'four')}\n${copy}`)
    const store = openStore(join(root, 'state'))
    const plan = { now }
    const quick = await quickPlan({ cwd: root, paths: [], plan, store, loadVault })
    const keys = quick?.map((card) => card.key) ?? []
    expect(keys).toEqual(await wholePlan(root, store, plan))
    const copies = keys.filter((key) => key.startsWith('content:'))
    expect(copies).toEqual([copies[0], copies[0]!.replace('/0', '~2/0')])
  })

  it('gives up quietly on a path that does not exist (the whole load reports it)', async () => {
    const root = vault()
    const quick = await quickPlan({
      cwd: root,
      paths: ['nowhere'],
      plan: { now },
      store: openStore(join(root, 'state')),
      loadVault,
    })
    expect(quick).toBeUndefined()
  })
})
