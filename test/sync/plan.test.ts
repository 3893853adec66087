import { describe, expect, it } from 'vitest'
import { applyIdAssignments } from '../../src/ids/id-edits.js'
import { isLoopbackHost, parseAnkiUrl } from '../../src/sync/anki-url.js'
import { isMassRemoval } from '../../src/sync/mass-removal.js'
import { compareNote, fieldsHash, triage } from '../../src/sync/plan.js'
import { emptyRecord } from '../../src/sync/sync-record.js'
import { desired, makeNote } from './desired-note.js'

describe('triage', () => {
  const record = emptyRecord('http://127.0.0.1:8765/', ['/v'])
  record.notes['1'] = { hash: 'h', deck: 'D', file: '/v/a.md' }
  record.notes['2'] = { hash: 'old', deck: 'D', file: '/v/a.md' }
  record.notes['3'] = { hash: 'h', deck: 'D', file: '/v/a.md' }
  record.notes['4'] = { hash: 'h', deck: 'D', file: '/v/other.md' }
  const base = {
    ankiIds: new Set([1, 2, 3, 4, 5, 9]),
    record,
    markers: [],
    scannedFiles: new Set(['/v/a.md']),
    fileRemoved: () => false,
  }

  it('sorts notes into unchanged, check and add, and deletes only recorded notes of the files read', () => {
    const result = triage({
      ...base,
      desired: [desired(1), desired(2), desired(null), desired(7), desired(5)],
    })
    expect(result.unchanged.map((entry) => entry.id)).toEqual([1])
    // Changed, and in Anki but never synced by decklab: compared with Anki.
    expect(result.check.map((entry) => entry.id)).toEqual([2, 5])
    // New, and an id Anki does not have.
    expect(result.add.map((entry) => entry.id)).toEqual([null, 7])
    // 3 was synced from a.md and is gone; 4's file was not read; 9 was never synced.
    expect(result.delete).toEqual([{ id: 3, reason: 'removed', file: '/v/a.md' }])
  })

  it('deletes the notes of a removed file only when the file lay inside what was read', () => {
    const gone = triage({ ...base, desired: [], fileRemoved: (file) => file === '/v/other.md' })
    expect(gone.delete.map((entry) => entry.id)).toEqual([1, 2, 3, 4])
  })

  it('honours DELETE only for notes decklab synced', () => {
    const result = triage({
      ...base,
      desired: [desired(1), desired(2), desired(3)],
      markers: [
        { id: 4, file: 'other.md', line: 3, standalone: true },
        { id: 9, file: 'a.md', line: 8, standalone: true },
      ],
    })
    expect(result.delete).toEqual([{ id: 4, reason: 'delete-marker', file: 'other.md' }])
    expect(result.refusedDeletes).toEqual([{ id: 9, file: 'a.md', line: 8, standalone: true }])
  })
})

describe('compareNote', () => {
  const anki = {
    id: 1,
    modelName: 'Basic',
    fields: { Front: 'Q', Back: 'old' },
    tags: ['T', 'gone', 'decklab-sync-pending'],
    cards: [
      { id: 10, deck: 'D' },
      { id: 11, deck: 'Elsewhere' },
    ],
  }

  it('finds changed fields, tags (case-insensitively) and cards to move', () => {
    const change = compareNote(desired(1), anki, 'Lab', ['decklab-sync-pending'])
    expect(change.fields).toEqual({ Front: 'Q', Back: 'A' })
    expect(change.addTags).toEqual([])
    expect(change.removeTags).toEqual(['gone'])
    expect(change.moveCards).toEqual([11])
    expect(change.labDropped).toBe(false)
  })

  it('moves no card whose deck differs from the note’s only by case, as Anki finds decks', () => {
    const change = compareNote({ ...desired(1), deck: 'elsewhere' }, anki, 'Lab')
    expect(change.moveCards).toEqual([10])
  })

  it('never puts the lab footer into a model without a Lab field', () => {
    const note = { ...desired(1), fields: { Front: 'Q', Back: 'A', Lab: '<div>lab</div>' } }
    const change = compareNote(note, { ...anki, fields: { Front: 'Q', Back: 'A' } }, 'Lab')
    expect(change.fields).toBeNull()
    expect(change.labDropped).toBe(true)
  })
})

// The record's hash of a note's fields as synced: Anki's copy hashing otherwise was edited in Anki.
describe('fieldsHash', () => {
  it('is the same in any field order and in either Unicode form, as Anki 2.1.28+ stores NFC', () => {
    const synced = fieldsHash({ Front: 'Caf\u0065\u0301?', Back: 'b' })
    expect(fieldsHash({ Back: 'b', Front: 'Caf\u00e9?' })).toBe(synced)
    expect(synced).toHaveLength(22)
  })

  it('differs when a field was edited, moved to another field, or added', () => {
    const synced = fieldsHash({ Front: 'a', Back: 'b' })
    expect(fieldsHash({ Front: 'a', Back: 'b, edited' })).not.toBe(synced)
    expect(fieldsHash({ Front: 'b', Back: 'a' })).not.toBe(synced)
    expect(fieldsHash({ Front: 'a', Back: 'b', Lab: '' })).not.toBe(synced)
  })
})

describe('applyIdAssignments', () => {
  it('inserts a new ID before END and swaps an old one, byte for byte elsewhere', () => {
    const text =
      'START\r\nBasic\r\nQ\r\nEND\r\n\r\nSTART\r\nBasic\r\nR\r\n<!--ID: 111-->\r\nEND\r\n'
    const fresh = makeNote(null, '/v/a.md', text.indexOf('END'))
    const stale = makeNote(111, '/v/a.md', text.lastIndexOf('END'))
    // Where the parser found its ID line.
    const idAt = text.indexOf('<!--ID: 111-->')
    stale.source.idSpan = {
      start: { line: 9, column: 1, offset: idAt },
      end: { line: 9, column: 15, offset: idAt + '<!--ID: 111-->'.length },
    }
    const result = applyIdAssignments(
      text,
      [
        { note: fresh, id: 1796039590985 },
        { note: stale, id: 1796039590986 },
      ],
      '\r\n',
    )
    expect(result).toBe(
      'START\r\nBasic\r\nQ\r\n<!--ID: 1796039590985-->\r\nEND\r\n\r\nSTART\r\nBasic\r\nR\r\n<!--ID: 1796039590986-->\r\nEND\r\n',
    )
  })

  it('swaps every digit of an old ID written with leading zeros', () => {
    const written = '<!--ID: 0001708611099999-->'
    const text = `START\nBasic\nQ\n${written}\nEND\n`
    const stale = makeNote(1708611099999, '/v/a.md', text.indexOf('END'))
    const idAt = text.indexOf(written)
    stale.source.idSpan = {
      start: { line: 4, column: 1, offset: idAt },
      end: { line: 4, column: written.length + 1, offset: idAt + written.length },
    }
    expect(applyIdAssignments(text, [{ note: stale, id: 1796102104503 }], '\n')).toBe(
      'START\nBasic\nQ\n<!--ID: 1796102104503-->\nEND\n',
    )
  })
})

describe('AnkiConnect addresses', () => {
  it('accepts http on loopback only, unless remote is allowed', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false)
    expect(() => parseAnkiUrl('http://anki.example.com:8765', false)).toThrow(/loopback/)
    expect(parseAnkiUrl('http://anki.example.com:8765', true).hostname).toBe('anki.example.com')
    expect(() => parseAnkiUrl('ftp://127.0.0.1', true)).toThrow(/scheme/)
  })
})

describe('a mass removal', () => {
  it('is over the floor of 10 and over half of the synced notes', () => {
    expect(isMassRemoval(10, 10)).toBe(false)
    expect(isMassRemoval(11, 22)).toBe(false)
    expect(isMassRemoval(11, 21)).toBe(true)
    expect(isMassRemoval(14, 18)).toBe(true)
    expect(isMassRemoval(300, 10_000)).toBe(false)
  })
})
