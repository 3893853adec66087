import { describe, expect, it } from 'vitest'
import { unifyDeckCase } from '../../src/notes/deck-case.js'
import { makeNote } from '../quiz/helpers.js'

describe('deck names that differ only by case', () => {
  it('take the spelling of the first note that names them, part by part, with one warning per file', () => {
    const notes = [
      makeNote({ id: 1, deck: 'Unix::Sockets' }),
      makeNote({ id: 2, deck: 'unix::sockets' }),
      makeNote({ id: 3, deck: 'UNIX::Pipes' }),
      makeNote({ id: 4, deck: 'Other' }),
      makeNote({ id: 5, deck: 'Unix::Sockets' }),
    ]
    notes[2]!.source.absolutePath = '/vault/b.md'
    const diagnostics = unifyDeckCase(notes)
    expect(notes.map((note) => note.deck)).toEqual([
      'Unix::Sockets',
      'Unix::Sockets',
      'Unix::Pipes',
      'Other',
      'Unix::Sockets',
    ])
    expect(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message.split(',')[0]]),
    ).toEqual([
      ['deck-name-case', 'Unexpected deck name `unix::sockets`'],
      ['deck-name-case', 'Unexpected deck name `UNIX::Pipes`'],
    ])
  })
})
