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
  noteFile: (note) => note.file,
  goneFile: (gone) => gone.file,
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
})
