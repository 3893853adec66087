// A resolved note's GUID is a getter over its own ID: right whenever it is
// read, null while the note has no ID, and a plain value in a spread copy.
import { describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { guidOfId, identifyNote, isIdentified, withGuid } from '../../src/model/identity.js'
import { makeNote } from '../quiz/helpers.js'

describe('note identity', () => {
  it('gives a note with an ID the GUID of that ID, and one without an ID none', () => {
    const note = withGuid({ id: 1700000000001 as number | null, fields: {} })
    expect(note.guid).toBe(guidForNoteId(1700000000001))
    expect(Object.keys(note)).toEqual(['id', 'fields', 'guid'])
    expect(withGuid({ id: null }).guid).toBeNull()
  })

  it('derives each GUID once and hands the same one to every reader', () => {
    const first = guidOfId(1700000000002)
    expect(first).toBe(guidForNoteId(1700000000002))
    expect(guidOfId(1700000000002)).toBe(first)
  })

  it('keeps the GUID as a value in a spread copy', () => {
    const copy = { ...makeNote({ id: 1700000000003 }) }
    expect(Object.getOwnPropertyDescriptor(copy, 'guid')).toMatchObject({
      value: guidForNoteId(1700000000003),
    })
  })

  it('identifies a note that has no ID with the one allocated to it', () => {
    const note = makeNote({ id: null })
    expect(isIdentified(note)).toBe(false)
    const identified = identifyNote(note, 1700000000004)
    expect(isIdentified(identified)).toBe(true)
    expect(identified.guid).toBe(guidForNoteId(1700000000004))
    expect(note.guid).toBeNull()
  })
})
