import { describe, expect, it } from 'vitest'
import { addNoteAction, mediaBatches, updateActions } from '../../src/sync/anki-actions.js'
import type { NoteChange } from '../../src/sync/plan.js'
import { desired } from './desired-note.js'

function change(id: number, overrides: Partial<NoteChange>): NoteChange {
  const base: NoteChange = {
    desired: desired(id),
    id,
    modelName: 'Basic',
    fields: null,
    ankiFields: null,
    changedFields: [],
    tagSpacesOnly: [],
    syncedFields: '',
    addTags: [],
    removeTags: [],
    moveCards: [],
    movedFrom: [],
    inFilteredDeck: [],
    labDropped: false,
  }
  return Object.assign(base, overrides)
}

describe('addNoteAction', () => {
  it('adds with the pending tag and no lab footer in a model without a Lab field', () => {
    const note = { ...desired(null), fields: { Front: 'Q', Back: 'A', Lab: '<div>lab</div>' } }
    expect(addNoteAction(note, { modelName: 'Basic', fields: ['Front', 'Back'] }, 'Lab')).toEqual({
      action: 'addNote',
      params: {
        note: {
          deckName: 'D',
          modelName: 'Basic',
          fields: { Front: 'Q', Back: 'A' },
          tags: ['t', 'decklab-sync-pending'],
          options: { allowDuplicate: false },
        },
      },
    })
  })
})

describe('updateActions', () => {
  it('updates fields per note, then groups equal tag lists and decks in the order first seen', () => {
    const actions = updateActions([
      change(1, { fields: { Front: 'Q' }, removeTags: ['old'] }),
      change(2, { addTags: ['new'], moveCards: [20, 21] }),
      change(3, { removeTags: ['old'], addTags: ['new'], moveCards: [30] }),
    ])
    expect(actions.map((entry) => entry.action)).toEqual([
      { action: 'updateNoteFields', params: { note: { id: 1, fields: { Front: 'Q' } } } },
      { action: 'removeTags', params: { notes: [1, 3], tags: 'old' } },
      { action: 'addTags', params: { notes: [2, 3], tags: 'new' } },
      { action: 'changeDeck', params: { cards: [20, 21, 30], deck: 'D' } },
    ])
    // A refused field update is laid at its note; the grouped actions belong to none.
    expect(actions.map((entry) => entry.change?.id)).toEqual([1, undefined, undefined, undefined])
  })
})

describe('mediaBatches', () => {
  it('fills a batch up to the limit and sends a larger file alone', () => {
    const file = (name: string, size: number) => ({ name, size })
    const batches = mediaBatches(
      [file('a', 3), file('b', 4), file('c', 4), file('big', 20), file('d', 1)],
      8,
    )
    expect(batches.map((batch) => batch.map((entry) => entry.name))).toEqual([
      ['a', 'b'],
      ['c'],
      ['big'],
      ['d'],
    ])
  })
})
