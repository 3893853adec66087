/**
 * `decklab build --with-progress`: the terminal schedule goes into the
 * package, and Anki's own importer (2.1.15, in ../shared when present) reads
 * the same due dates and intervals back.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { openApkg } from '../anki/read-apkg.js'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { ankiEnvironment, runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { middayTimeZone } from '../support/midday-time-zone.js'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'

// The quiz's 10-minute steps must come back the same day, whenever the suite runs.
process.env.TZ = middayTimeZone()

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

const importer = sharedPath('tools', 'anki', 'anki-import.py')
const python = '/usr/bin/python3'
const importerMissing =
  sharedPathUnavailable(importer, 'the Anki importer') ??
  (existsSync(python) ? undefined : 'python3 is not installed')

interface StoredCard {
  due: string
  state: number
  scheduled_days: number
  reps: number
  lapses: number
}

/** A vault whose four cards were reviewed in the terminal: two are in review, two in learning. */
function reviewedVault() {
  const vault = createVault()
  vaults.push(vault)
  const { root, state } = vault
  // Easy → review in days; ENOENT (Good) → 10m step; 108 and good → 10m steps; then the
  // typed card comes back and passes its last step (review); the input ends there.
  const quiz = runDecklab(['quiz', '--answers', '-', '--state', state], {
    cwd: root,
    input: 'easy\nENOENT\n108\ngood\nENOENT\n',
  })
  expect(quiz.code).toBe(0)
  const build = runDecklab(
    ['build', '--with-progress', '--state', state, '-o', 'out.apkg', '--json'],
    { cwd: root },
  )
  expect(build.stderr).toBe('')
  expect(build.code).toBe(0)
  const document = JSON.parse(readFileSync(join(state, 'cards.json'), 'utf8'))
  const cards = document.cards as Record<string, StoredCard>
  const reviews = readFileSync(join(state, 'reviews.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { key: string })
  return { root, state, cards, reviews }
}

/** Import a package into the collection with Anki's importer; its JSON report. */
function importInto(collection: string, apkg: string) {
  const imported = runAnkiPython([importer, '--cards', collection, apkg])
  expect(imported.status, imported.stderr).toBe(0)
  return JSON.parse(imported.stdout)
}

/** The stored card of a package card: by GUID, or the one content-keyed (ID-less) note's. */
function storedFor(cards: Record<string, StoredCard>, guid: string, ord: number) {
  const key = `${guid}/${ord}`
  if (cards[key]) return { key, card: cards[key]! }
  const content = Object.keys(cards).filter((candidate) => candidate.startsWith('content:'))
  expect(content).toHaveLength(1)
  return { key: content[0]!, card: cards[content[0]!]! }
}

/** The local calendar day of `ms` as Anki counts days (from 4 a.m.), as a day number. */
function ankiDay(ms: number): number {
  const date = new Date(ms - 4 * 3_600_000)
  return Math.round(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000)
}

describe('build --with-progress', () => {
  it('writes each reviewed card’s scheduling and its reviews into the package', async () => {
    const { root, cards, reviews } = reviewedVault()
    const opened = await openApkg(readFileSync(join(root, 'out.apkg')))
    const notes = new Map(opened.notes.map((note) => [note.id, note.guid as string]))
    const scheduled = opened.cards.filter((card) => card.type !== 0)
    expect(scheduled).toHaveLength(4)
    const kinds = scheduled.map((card) => `${card.type}/${card.queue}`).sort()
    expect(kinds).toEqual(['1/1', '1/1', '2/2', '2/2'])
    for (const card of scheduled) {
      const { card: stored } = storedFor(cards, notes.get(card.nid as number)!, card.ord as number)
      expect(card.reps).toBe(stored.reps)
      if (card.type === 2) expect(card.ivl).toBe(stored.scheduled_days)
      else expect(card.due).toBe(Math.floor(Date.parse(stored.due) / 1000))
    }
    expect(reviews).toHaveLength(5)
  })

  describe.skipIf(importerMissing !== undefined)(
    `read back by Anki’s importer${importerMissing ? ` (skipped: ${importerMissing})` : ''}`,
    () => {
      it('shows the intervals and due days the terminal gave; existing cards keep theirs', async () => {
        const { root, state, cards, reviews } = reviewedVault()
        const collection = join(root, 'col.anki2')
        const result = importInto(collection, join(root, 'out.apkg'))
        expect(result.integrity_ok).toBe(true)
        const crt = Number(
          spawnSync(
            python,
            [
              '-c',
              'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select crt from col").fetchone()[0])',
              collection,
            ],
            { encoding: 'utf8' },
          ).stdout,
        )
        // Anki's v1 scheduler: today is whole days since the collection was created.
        const today = Math.floor((Date.now() / 1000 - crt) / 86_400)
        let reviewCards = 0
        for (const card of result.cards as Array<Record<string, number | string>>) {
          const { key, card: stored } = storedFor(cards, card.guid as string, card.ord as number)
          const count = reviews.filter((review) => review.key === key).length
          expect(result.revlog[String(card.id)]).toBe(count)
          expect(card.reps).toBe(stored.reps)
          if (stored.state === 2) {
            reviewCards += 1
            expect(card).toMatchObject({ type: 2, queue: 2, ivl: stored.scheduled_days })
            // The local calendar day of its due moment, Anki's day starting at 4 a.m.
            const days = ankiDay(Date.parse(stored.due)) - ankiDay(Date.now())
            expect(card.due).toBe(today + days)
          } else {
            expect(card).toMatchObject({ type: 1, queue: 1 })
            expect(card.due).toBe(Math.floor(Date.parse(stored.due) / 1000))
          }
        }
        expect(reviewCards).toBe(2)

        // More terminal reviews, a new package: …but the cards already in the collection
        // keep what they have (Anki's importer never overwrites a card's scheduling).
        const more = runDecklab(['quiz', '--answers', '-', '--state', state, '--cram'], {
          cwd: root,
          input: 'x\nagain\n',
        })
        expect(more.code).toBe(0)
        expect(
          runDecklab(['build', '--with-progress', '--state', state, '-o', 'later.apkg'], {
            cwd: root,
          }).code,
        ).toBe(0)
        const later = await openApkg(readFileSync(join(root, 'later.apkg')))
        const reps = (opened: typeof later) => opened.cards.map((card) => card.reps).join(',')
        // The later package does carry the newer schedule…
        expect(reps(later)).not.toBe(reps(await openApkg(readFileSync(join(root, 'out.apkg')))))
        const after = importInto(collection, join(root, 'later.apkg'))
        expect(
          after.cards.map((card: Record<string, unknown>) => [
            card.id,
            card.due,
            card.ivl,
            card.reps,
          ]),
        ).toEqual(
          result.cards.map((card: Record<string, unknown>) => [
            card.id,
            card.due,
            card.ivl,
            card.reps,
          ]),
        )
      })
    },
  )
})

describe('build --with-progress with a damaged state file', () => {
  it('is damaged-state, as in quiz and stats: exit 2, no usage line, the file kept', () => {
    const vault = createVault()
    vaults.push(vault)
    const { root, state } = vault
    const cards = join(state, 'cards.json')
    mkdirSync(state, { recursive: true })
    writeFileSync(cards, '{"broken')
    const build = runDecklab(
      ['build', '--with-progress', '--state', state, '--dry-run', '--json'],
      { cwd: root },
    )
    expect(build.code, build.stderr).toBe(2)
    expect(JSON.parse(build.stdout).error.code).toBe('damaged-state')
    expect(build.stderr).not.toContain('for usage')
    expect(readFileSync(cards, 'utf8')).toBe('{"broken')
  })
})

describe.skipIf(importerMissing !== undefined)(
  `build --with-progress, imported later the same day${importerMissing ? ` (skipped: ${importerMissing})` : ''}`,
  () => {
    const clock = join(packageRoot(), 'test', 'support', 'fixed-clock.mjs')
    /** decklab at a fixed time (ISO), in a zone 5 hours behind UTC. */
    const at = (time: string) => ({
      env: { TZ: 'Etc/GMT+5', NODE_OPTIONS: `--import=${clock}`, DECKLAB_TEST_NOW: time },
    })

    // The package's days turned at 22:13 UTC (its fixed creation time), the user's at 4 a.m.
    // local: a card built in the morning and imported in the evening came a day early.
    it('keeps the due day when the import is on the other side of 22:13 UTC from the build', () => {
      const vault = createVault()
      vaults.push(vault)
      const { root, state } = vault
      // 09:00 local on 1 December: Easy on the first card, due in 8 days (9 December).
      const quiz = runDecklab(['quiz', '--answers', '-', '--state', state, '--new', '1'], {
        cwd: root,
        input: 'easy\n',
        ...at('2026-12-01T14:00:00Z'),
      })
      expect(quiz.code, quiz.stderr).toBe(0)
      const stored = Object.values(
        JSON.parse(readFileSync(join(state, 'cards.json'), 'utf8')).cards as Record<
          string,
          StoredCard
        >,
      )
      expect(stored.map((card) => [card.state, card.scheduled_days])).toEqual([[2, 8]])
      const build = runDecklab(['build', '--with-progress', '--state', state, '-o', 'out.apkg'], {
        cwd: root,
        ...at('2026-12-01T15:00:00Z'),
      })
      expect(build.code, build.stderr).toBe(0)
      // Imported into a new collection at 18:00 local, the same Anki day: due in 8 days.
      for (const [name, time] of [
        ['morning', '2026-12-01T15:05:00Z'],
        ['evening', '2026-12-01T23:00:00Z'],
      ] as const) {
        const { env, dispose } = ankiEnvironment({ TZ: 'Etc/GMT+5' })
        try {
          const shifted = `import runpy,sys,time; real=time.time; off=${Date.parse(time) / 1000}-real(); time.time=lambda: real()+off; sys.argv=sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')`
          const collection = join(root, `${name}.anki2`)
          const run = spawnSync(
            python,
            ['-c', shifted, importer, '--cards', collection, join(root, 'out.apkg')],
            { encoding: 'utf8', env },
          )
          expect(run.status, run.stderr).toBe(0)
          const review = (JSON.parse(run.stdout).cards as Array<Record<string, number>>).filter(
            (card) => card.type === 2,
          )
          // A collection created that day: today is day 0.
          expect([name, review.map((card) => [card.due, card.ivl])]).toEqual([name, [[8, 8]]])
        } finally {
          dispose()
        }
      }
    })
  },
)

describe('build --with-progress that finds no progress for the notes', () => {
  // A mistyped --state, or another vault's state, gave a package of new cards without a word.
  it('warns no-quiz-progress for a state directory that holds none, and one of other notes', () => {
    const vault = createVault()
    vaults.push(vault)
    const { root, state } = vault
    const empty = runDecklab(
      ['build', '--with-progress', '--state', join(root, 'mistyped'), '--dry-run', '--json'],
      { cwd: root },
    )
    expect(empty.code, empty.stderr).toBe(0)
    const codes = (run: typeof empty) =>
      (JSON.parse(run.stdout).diagnostics as Array<{ code: string; message: string }>).filter(
        (entry) => entry.code === 'no-quiz-progress',
      )
    expect(codes(empty)).toHaveLength(1)
    expect(codes(empty)[0]?.message).toContain('No quiz progress in `mistyped`')
    // Progress for a note of this vault, then a build of another vault's notes with it.
    const quiz = runDecklab(['quiz', '--answers', '-', '--state', state, '--new', '1'], {
      cwd: root,
      input: 'easy\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    const own = runDecklab(['build', '--with-progress', '--state', state, '--dry-run', '--json'], {
      cwd: root,
    })
    expect(codes(own)).toEqual([])
    const other = createVault(
      'START\nBasic\nAnother vault’s note\nBack: b\n<!--ID: 1763700000999-->\nEND\n',
    )
    vaults.push(other)
    const elsewhere = runDecklab(
      ['build', '--with-progress', '--state', state, '--dry-run', '--json'],
      { cwd: other.root },
    )
    expect(elsewhere.code, elsewhere.stderr).toBe(0)
    expect(codes(elsewhere)[0]?.message).toContain('(1 card) is for none of these notes')
    expect(elsewhere.stderr).toContain('warning no-quiz-progress')
  })
})

describe('build --with-progress with a review log cut short', () => {
  // quiz and stats warned of the lost history; build put the schedules in without it, silently.
  it('warns that the package lacks that history, as quiz and stats do, and builds', () => {
    const vault = createVault()
    vaults.push(vault)
    const { root, state } = vault
    const quiz = runDecklab(['quiz', '--answers', '-', '--state', state, '--new', '1'], {
      cwd: root,
      input: 'easy\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    writeFileSync(join(state, 'reviews.jsonl'), '')
    const build = runDecklab(['build', '--with-progress', '--state', state, '-o', 'out.apkg'], {
      cwd: root,
    })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).toContain('review history is missing')
    expect(build.stderr).toContain('the package has the cards’ schedules but not that history')
  })
})
