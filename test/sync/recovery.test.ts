import { describe, expect, it } from 'vitest'
import type { AnkiNote } from '../../src/sync/plan.js'
import {
  attributePending,
  deletableOrphans,
  matchByFirstField,
  matchPendingNotes,
  orphansInScope,
  sentNoteKey,
} from '../../src/sync/recovery.js'
import { emptyRecord, forgetVanishedNotes } from '../../src/sync/sync-record.js'
import { desired } from './desired-note.js'

function pending(id: number, back = 'A'): AnkiNote {
  return {
    id,
    modelName: 'Basic (decklab)',
    fields: { Front: 'Q', Back: back },
    tags: ['t', 'decklab-sync-pending'],
    cards: [{ id: id + 1, deck: 'D' }],
  }
}

describe('matchPendingNotes', () => {
  it('adopts each pending note into one vault note that lacks its ID, by content', () => {
    const known = desired(5)
    const fresh = desired(null)
    const twin = desired(null)
    const readded = desired(7)
    const match = matchPendingNotes(
      [known, fresh, twin, readded],
      [pending(5), pending(100), pending(101), pending(102), pending(103, 'other')],
      new Set([5, 100, 101, 102, 103]),
      'Lab',
    )
    expect(match.known).toEqual([5])
    expect(match.adoptions).toEqual([
      { desired: fresh, id: 100 },
      { desired: twin, id: 101 },
      // 7 is not in Anki: that note was being added again.
      { desired: readded, id: 102 },
    ])
    expect(match.orphans).toEqual([103])
  })

  it('never adopts a note of another type, whose fields share no name with the vault note', () => {
    const cloze = { ...desired(null), fields: { Text: 'Capital {{c1::Paris}}', 'Back Extra': '' } }
    const match = matchPendingNotes([cloze], [pending(100)], new Set([100]), 'Lab')
    expect(match.adoptions).toEqual([])
    expect(match.orphans).toEqual([100])
  })
})

describe('matchByFirstField', () => {
  const gone = (id: number, front = 'Q', file = '/v/a.md') => ({
    note: { ...pending(id), fields: { Front: front, Back: 'old' }, tags: [] },
    file,
  })
  const anyType = () => true

  it('pairs a note without an ID with the one gone note of its file that has its first field', () => {
    const lost = desired(null)
    expect(matchByFirstField([lost], [gone(100), gone(101, 'Other')], anyType)).toEqual([
      { desired: lost, id: 100, by: 'first-field' },
    ])
  })

  it('pairs nothing when either side has a second candidate, the type or the file differs', () => {
    const lost = desired(null)
    // Two gone notes with its first field; two notes lacking an Anki ID (one with an ID Anki lacks).
    expect(matchByFirstField([lost], [gone(100), gone(101)], anyType)).toEqual([])
    expect(matchByFirstField([lost, desired(7)], [gone(100)], anyType)).toEqual([])
    expect(matchByFirstField([lost], [gone(100)], () => false)).toEqual([])
    expect(matchByFirstField([lost], [gone(100, 'Q', '/v/b.md')], anyType)).toEqual([])
  })
})

describe('which pending notes recovery may delete', () => {
  it('attributes a pending note to the record by its ID, else by what was sent, each entry once', () => {
    const byId = { file: '/v/a.md', key: 'k', id: 100 }
    const sent = { file: '/v/b.md', key: sentNoteKey('Basic (decklab)', { Front: 'Q', Back: 'A' }) }
    const stale = { file: '/v/c.md', key: 'gone' }
    const found = attributePending([pending(100), pending(101), pending(102)], [byId, sent, stale])
    expect(found.byId).toEqual(
      new Map([
        [100, byId],
        [101, { ...sent, id: 101 }],
      ]),
    )
    expect(found.unclaimed).toEqual([stale])
  })

  it('keeps the orphans another vault (no entry) or an unread file added', () => {
    const added = new Map([
      [1, { file: '/v/read.md', key: 'k', id: 1 }],
      [2, { file: '/v/unread.md', key: 'k', id: 2 }],
    ])
    expect(orphansInScope([1, 2, 3], added, (file) => file === '/v/read.md')).toEqual([
      { id: 1, file: '/v/read.md' },
    ])
  })

  it('keeps an orphan whose ID is in a file, and one that was studied', () => {
    const orphans = [1, 2, 3].map((id) => ({ id, file: '/v/a.md' }))
    expect(deletableOrphans(orphans, new Set([2]), new Set([3]))).toEqual({
      deletable: [{ id: 1, file: '/v/a.md' }],
      studied: [{ id: 3, file: '/v/a.md' }],
    })
  })

  it("adopts a pending note of this vault's by its first field in its own file once edited", () => {
    const edited = { ...desired(null), fields: { Front: 'Q', Back: 'edited' } }
    const elsewhere = { ...desired(null, 'h', '/v/b.md'), fields: { Front: 'Q', Back: 'x' } }
    const match = matchPendingNotes(
      [elsewhere, edited],
      [pending(100)],
      new Set([100]),
      'Lab',
      (id) => (id === 100 ? '/v/a.md' : undefined),
    )
    expect(match.adoptions).toEqual([{ desired: edited, id: 100 }])
    expect(match.orphans).toEqual([])
  })
})

describe('forgetVanishedNotes', () => {
  it('forgets only the notes gone from both the vault and Anki', () => {
    const record = emptyRecord('http://127.0.0.1:8765/', ['/v'])
    for (const id of ['1', '2', '3']) record.notes[id] = { hash: 'h', deck: 'D', file: '/v/a.md' }
    forgetVanishedNotes(record, new Set([1, null]), new Set([2]))
    expect(Object.keys(record.notes)).toEqual(['1', '2'])
  })
})
