/**
 * Recovering an interrupted sync finds the same notes through its indexes
 * as comparing every pending note with every vault note did (the rule as
 * first written, kept here as the reference), and stays linear: 10,000
 * pending notes that match no vault note took 10^8 comparisons.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AnkiNote, DesiredNote } from '../../src/sync/plan.js'
import {
  attributePending,
  matchPendingNotes,
  sameContent,
  sameFirstField,
  sentNoteKey,
} from '../../src/sync/recovery.js'
import type { AddingNote } from '../../src/sync/sync-record.js'
import { desired } from './desired-note.js'

/** matchPendingNotes as first written: every pending note against every vault note, in order. */
function matchEveryPair(
  vault: readonly DesiredNote[],
  pending: readonly AnkiNote[],
  ankiIds: ReadonlySet<number>,
  fileOf: (id: number) => string | undefined,
) {
  const vaultIds = new Set(vault.map((entry) => entry.id))
  const taken = new Set<DesiredNote>()
  const match = {
    known: [] as number[],
    adoptions: [] as Array<[number, number]>,
    orphans: [] as number[],
  }
  const lacksId = (entry: DesiredNote) =>
    !taken.has(entry) && (entry.id === null || !ankiIds.has(entry.id))
  const unmatched: AnkiNote[] = []
  for (const note of pending) {
    if (vaultIds.has(note.id)) {
      match.known.push(note.id)
      continue
    }
    const same = vault.find((entry) => lacksId(entry) && sameContent(entry, note, 'Lab'))
    if (!same) {
      unmatched.push(note)
      continue
    }
    taken.add(same)
    match.adoptions.push([vault.indexOf(same), note.id])
  }
  for (const note of unmatched) {
    const file = fileOf(note.id)
    const same = vault.find(
      (entry) =>
        lacksId(entry) && entry.note.source.absolutePath === file && sameFirstField(entry, note),
    )
    if (!same) {
      match.orphans.push(note.id)
      continue
    }
    taken.add(same)
    match.adoptions.push([vault.indexOf(same), note.id])
  }
  return match
}

/** attributePending's claims by key as first written: the first unclaimed entry with the key. */
function attributeInOrder(
  pending: readonly AnkiNote[],
  adding: readonly AddingNote[],
): Array<[number, number]> {
  const claims: Array<[number, number]> = []
  const free = adding
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.id === undefined)
  for (const note of pending) {
    if (adding.some((entry) => entry.id === note.id)) continue
    const key = sentNoteKey(note.modelName, note.fields)
    const at = free.findIndex(({ entry }) => entry.key === key)
    if (at < 0) continue
    const [claimed] = free.splice(at, 1)
    claims.push([claimed?.index ?? -1, note.id])
  }
  return claims
}

const word = fc.constantFrom('a', 'b', 'c')
const fieldsOf = (cloze: boolean, first: string, second: string) =>
  cloze ? { Text: first, 'Back Extra': second } : { Front: first, Back: second }

const vaultNote = fc
  .record({
    id: fc.option(fc.integer({ min: 1, max: 6 })),
    cloze: fc.boolean(),
    first: word,
    second: word,
    file: fc.constantFrom('/v/a.md', '/v/b.md'),
  })
  .map(({ id, cloze, first, second, file }): DesiredNote => {
    const base = desired(id, 'h', file)
    return { ...base, fields: fieldsOf(cloze, first, second) }
  })

const ankiNote = fc
  .record({ id: fc.integer({ min: 1, max: 12 }), cloze: fc.boolean(), first: word, second: word })
  .map(
    ({ id, cloze, first, second }): AnkiNote => ({
      id,
      modelName: cloze ? 'Cloze (decklab)' : 'Basic (decklab)',
      fields: { ...fieldsOf(cloze, first, second), Lab: '' },
      tags: ['t', 'decklab-sync-pending'],
      cards: [{ id: id + 100, deck: 'D' }],
    }),
  )

const uniqueById = (notes: AnkiNote[]) => [
  ...new Map(notes.map((note) => [note.id, note])).values(),
]

describe('recovering an interrupted sync', () => {
  it('adopts the same vault notes as comparing every pair did', () => {
    fc.assert(
      fc.property(
        fc.array(vaultNote, { maxLength: 12 }),
        fc.array(ankiNote, { maxLength: 12 }).map(uniqueById),
        fc.uniqueArray(fc.integer({ min: 1, max: 12 })),
        fc.func(fc.constantFrom('/v/a.md', '/v/b.md', undefined)),
        (vault, pending, ids, fileOf) => {
          const ankiIds = new Set(ids)
          const match = matchPendingNotes(vault, pending, ankiIds, 'Lab', fileOf)
          const expected = matchEveryPair(vault, pending, ankiIds, fileOf)
          expect(match.known).toEqual(expected.known)
          expect(match.orphans).toEqual(expected.orphans)
          expect(
            match.adoptions.map(({ desired: entry, id }) => [vault.indexOf(entry), id]),
          ).toEqual(expected.adoptions)
        },
      ),
    )
  })

  it("attributes pending notes to the record's entries as claiming them in order did", () => {
    fc.assert(
      fc.property(
        fc.array(ankiNote, { maxLength: 12 }).map(uniqueById),
        fc.array(fc.record({ known: fc.option(fc.integer({ min: 1, max: 12 })), note: ankiNote }), {
          maxLength: 12,
        }),
        (pending, entries) => {
          const adding = (): AddingNote[] =>
            entries.map(({ known, note }) => ({
              file: '/v/a.md',
              key: sentNoteKey(note.modelName, note.fields),
              ...(known === null ? {} : { id: known }),
            }))
          const given = adding()
          const { byId } = attributePending(pending, given)
          const expected = attributeInOrder(pending, adding())
          for (const [index, id] of expected) expect(byId.get(id)).toBe(given[index])
        },
      ),
    )
  })

  it('matches 10,000 pending notes, adopted or orphaned, each by its first field', () => {
    const count = 10_000
    const vault = Array.from({ length: count }, (_, index) => ({
      ...desired(null, 'h', '/v/a.md'),
      fields: { Front: `question ${index}`, Back: `answer ${index}` },
    }))
    // Half as the vault has them, half re-rendered since (no longer the same content, nor first field).
    const pending = vault.map(
      (entry, index): AnkiNote => ({
        id: 1_000_000 + index,
        modelName: 'Basic (decklab)',
        fields:
          index % 2 === 0
            ? { ...entry.fields, Lab: '' }
            : { Front: `<p>question ${index}</p>`, Back: '', Lab: '' },
        tags: ['decklab-sync-pending'],
        cards: [{ id: 2_000_000 + index, deck: 'D' }],
      }),
    )
    const match = matchPendingNotes(
      vault,
      pending,
      new Set(pending.map((note) => note.id)),
      'Lab',
      () => '/v/a.md',
    )
    expect(match.adoptions).toHaveLength(count / 2)
    const position = new Map<DesiredNote, number>(vault.map((entry, index) => [entry, index]))
    expect(
      match.adoptions.every(({ desired: entry, id }) => position.get(entry) === id - 1_000_000),
    ).toBe(true)
    expect(match.orphans).toHaveLength(count / 2)
  })
})
