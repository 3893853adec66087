import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadVault } from '../../src/notes/load-vault.js'
import type { VaultLoader } from '../../src/quiz/open-vault.js'
import { findFirstCard } from '../../src/quiz/quick-start.js'
import { createScheduler, Rating } from '../../src/quiz/scheduler.js'
import { collectCards, planSession } from '../../src/quiz/session.js'
import { openStore } from '../../src/quiz/store.js'

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

describe('the quick first card', () => {
  it('takes the first new card from the first file alone, as the whole plan would', async () => {
    const root = vault()
    const store = openStore(join(root, 'state'))
    const { calls, loader } = spyLoader()
    const first = await findFirstCard({
      cwd: root,
      paths: [],
      plan: { now },
      store,
      loadVault: loader,
    })
    expect(first?.note.fields.Front).toBe('one')
    expect(calls).toEqual([[join(root, 'notes', 'a.md')]])
    const whole = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    expect(planSession(whole, (card) => store.lookup(card), { now })[0]?.key).toBe(first?.key)
  })

  it('skips files without a matching new card (filters apply)', async () => {
    const root = vault()
    const { calls, loader } = spyLoader()
    const first = await findFirstCard({
      cwd: root,
      paths: ['notes'],
      plan: { now, tag: 'wanted' },
      store: openStore(join(root, 'state')),
      loadVault: loader,
    })
    expect(first?.note.fields.Front).toBe('three')
    expect(calls).toHaveLength(2)
  })

  it('takes the most overdue card from the file the note index remembers', async () => {
    const root = vault()
    const directory = join(root, 'state')
    const cards = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    const store = openStore(directory)
    // Review `four` a day before `two`: both are due now, `four` is the more overdue.
    for (const [front, daysAgo] of [
      ['two', 3],
      ['four', 4],
    ] as const) {
      const card = cards.find((candidate) => candidate.note.fields.Front === front)!
      const at = new Date(now.getTime() - daysAgo * 86_400_000)
      const outcome = createScheduler({ now: () => at }).answer(
        createScheduler({ now: () => at }).newCard(),
        Rating.Good,
      )
      store.record({
        key: card.key,
        grade: Rating.Good,
        card: outcome.card,
        log: outcome.log,
        time: at,
        note: { id: card.note.id!, file: card.note.source.absolutePath },
      })
    }
    const { calls, loader } = spyLoader()
    const first = await findFirstCard({
      cwd: root,
      paths: [],
      plan: { now },
      store: openStore(directory),
      loadVault: loader,
    })
    expect(first?.note.fields.Front).toBe('four')
    expect(calls).toEqual([[join(root, 'notes', 'c.md')]])
  })

  it('leaves shuffled and cram sessions to the whole vault', async () => {
    const root = vault()
    const store = openStore(join(root, 'state'))
    const { calls, loader } = spyLoader()
    const options = { cwd: root, paths: [], store, loadVault: loader }
    expect(await findFirstCard({ ...options, plan: { now, shuffleSeed: 1 } })).toBeUndefined()
    expect(await findFirstCard({ ...options, plan: { now, cram: true } })).toBeUndefined()
    expect(calls).toEqual([])
  })

  it('gives up quietly on a path that does not exist (the whole load reports it)', async () => {
    const root = vault()
    const first = await findFirstCard({
      cwd: root,
      paths: ['nowhere'],
      plan: { now },
      store: openStore(join(root, 'state')),
      loadVault,
    })
    expect(first).toBeUndefined()
  })
})
