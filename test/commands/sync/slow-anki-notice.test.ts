import { describe, expect, it } from 'vitest'
import { slowAnkiNotice } from '../../../src/commands/sync/slow-anki-notice.js'

describe('slowAnkiNotice', () => {
  it('names a dialog or AnkiWeb for a note request', () => {
    expect(slowAnkiNotice('addNote', 15)).toBe(
      'Anki has not answered `addNote` for 15 s: AnkiConnect waits while Anki shows a dialog or syncs with AnkiWeb. Still waiting; Ctrl-C stops, and the next `decklab sync` finishes what this one started.\n',
    )
  })

  // A 2 MB picture took 19 s with no dialog open, and the notice named a dialog.
  it('says a large media file takes a while, and does not send the user to Ctrl-C', () => {
    const notice = slowAnkiNotice('storeMediaFile', 15)
    expect(notice).toMatch(/^Anki has not answered `storeMediaFile` for 15 s: .*large media file/)
    expect(notice).not.toContain('finishes what this one started')
  })

  it('says how much longer the sync waits, and what sets it', () => {
    expect(slowAnkiNotice('addNote', 15, 47)).toContain(
      'Still waiting, at most 47 s more (`--timeout`); Ctrl-C stops',
    )
    expect(slowAnkiNotice('storeMediaFile', 15, 300)).toContain(
      'Still waiting, at most 300 s more (`--timeout`); a file stopped',
    )
  })
})
