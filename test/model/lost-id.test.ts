import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type LostIdRule, pairLostIds } from '../../src/model/lost-id.js'

interface Note {
  name: string
  file: string
  first: string
  id: number | null
}
interface Gone {
  id: number
  file: string
  first: string
}

const rule: LostIdRule<Note, Gone> = {
  noteKey: (note) => note.file,
  goneKey: (gone) => gone.file,
  sameTypeAndFirstField: (note, gone) => note.first === gone.first,
  mayTake: (note) => note.id === null,
}
const note = (name: string, first: string, file = 'a.md', id: number | null = null): Note => ({
  name,
  file,
  first,
  id,
})
const pairs = (notes: Note[], gone: Gone[]) =>
  pairLostIds(notes, gone, rule).map((pair) => [pair.note.name, pair.gone.id])

describe('pairLostIds: the rule sync and build share', () => {
  it('pairs the only note of the file with the first field of the only gone note', () => {
    expect(
      pairs([note('x', 'Alpha?'), note('y', 'Beta?')], [{ id: 1, file: 'a.md', first: 'Alpha?' }]),
    ).toEqual([['x', 1]])
  })

  it('pairs none when two gone notes of the file have its first field', () => {
    const gone = [
      { id: 1, file: 'a.md', first: 'Alpha?' },
      { id: 2, file: 'a.md', first: 'Alpha?' },
    ]
    expect(pairs([note('x', 'Alpha?')], gone)).toEqual([])
  })

  it('pairs none when two notes without an ID have the gone note first field', () => {
    expect(
      pairs([note('x', 'Alpha?'), note('y', 'Alpha?')], [{ id: 1, file: 'a.md', first: 'Alpha?' }]),
    ).toEqual([])
  })

  it('counts a note with an ID as a rival but never pairs it', () => {
    const gone = [{ id: 1, file: 'a.md', first: 'Alpha?' }]
    expect(pairs([note('x', 'Alpha?'), note('y', 'Alpha?', 'a.md', 7)], gone)).toEqual([])
    expect(pairs([note('y', 'Alpha?', 'a.md', 7)], gone)).toEqual([])
  })

  it('pairs none across files, nor with another first field', () => {
    expect(
      pairs([note('x', 'Alpha?', 'b.md')], [{ id: 1, file: 'a.md', first: 'Alpha?' }]),
    ).toEqual([])
    expect(pairs([note('x', 'Alpha!')], [{ id: 1, file: 'a.md', first: 'Alpha?' }])).toEqual([])
  })

  // The rule as first written: every note compared with every gone note. Keys only group.
  const everyPair = (notes: Note[], gone: Gone[]) => {
    const match = (one: Note, candidate: Gone) =>
      one.file === candidate.file && one.first === candidate.first
    return notes.flatMap((one) => {
      if (one.id !== null) return []
      const found = gone.filter((candidate) => match(one, candidate))
      if (found.length !== 1) return []
      const only = found[0] as Gone
      return notes.filter((other) => match(other, only)).length === 1 ? [[one.name, only.id]] : []
    })
  }

  it('pairs as comparing every note with every gone note does, keyed by file or by file and first field', () => {
    const small = (values: string[]) => fc.constantFrom(...values)
    const notes = fc.array(
      fc.record({
        file: small(['a.md', 'b.md', 'c.md']),
        first: small(['Alpha?', 'Beta?', 'Gamma?']),
        id: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      }),
      { maxLength: 12 },
    )
    const gone = fc.array(
      fc.record({
        id: fc.integer({ min: 1, max: 50 }),
        file: small(['a.md', 'b.md', 'c.md']),
        first: small(['Alpha?', 'Beta?', 'Gamma?']),
      }),
      { maxLength: 8 },
    )
    const byFileAndFirst: LostIdRule<Note, Gone> = {
      ...rule,
      noteKey: (one) => `${one.file}\0${one.first}`,
      goneKey: (one) => `${one.file}\0${one.first}`,
    }
    fc.assert(
      fc.property(notes, gone, (raw, goneNotes) => {
        const named = raw.map((one, index) => ({ ...one, name: `n${index}` }))
        const expected = everyPair(named, goneNotes)
        expect(pairs(named, goneNotes)).toEqual(expected)
        expect(
          pairLostIds(named, goneNotes, byFileAndFirst).map((pair) => [
            pair.note.name,
            pair.gone.id,
          ]),
        ).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })
})
