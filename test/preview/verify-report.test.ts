import { describe, expect, it } from 'vitest'
import { noteContentKey } from '../../src/model/note-key.js'
import { parseVerifyReport, verdictLookup } from '../../src/preview/verify-report.js'
import { makeNote } from './make-note.js'

const report = {
  labs: [],
  notes: [
    {
      file: 'notes/a.md',
      line: 3,
      id: 1700000000001,
      labs: ['x'],
      status: 'confirmed',
      reason: null,
    },
    { file: 'notes/a.md', line: 9, id: null, labs: [], status: 'unverified', reason: 'no lab' },
    {
      file: 'notes/c.md',
      line: 1,
      id: 1700000000004,
      labs: ['z'],
      status: 'supported',
      reason: 'no value',
    },
    {
      file: 'notes/b.md',
      line: 5,
      id: 1700000000003,
      labs: ['y'],
      status: 'refuted',
      reason: 'observed EPIPE',
    },
  ],
}

describe('verify report', () => {
  it('accepts the output of decklab verify --json', () => {
    const parsed = parseVerifyReport(report)
    expect('cards' in parsed && parsed.cards.map((card) => card.status)).toEqual([
      'confirmed',
      'unverified',
      'supported',
      'refuted',
    ])
  })

  it('still reads a report from before `notes` was named, under `cards`', () => {
    const parsed = parseVerifyReport({ labs: [], cards: report.notes })
    expect('cards' in parsed && parsed.cards).toHaveLength(4)
  })

  it('names what is wrong with a report of another shape', () => {
    expect(parseVerifyReport([])).toEqual({ problem: expect.stringContaining('`notes` array') })
    const bad = parseVerifyReport({ notes: [{ file: 'a', line: 1, id: null, status: 'great' }] })
    expect(bad).toEqual({ problem: expect.stringContaining('notes[0]') })
  })

  it('matches notes by ID first, by file and line when one side has no ID', () => {
    const parsed = parseVerifyReport(report)
    if (!('cards' in parsed)) throw new Error(parsed.problem)
    const lookup = verdictLookup(parsed.cards)
    // Moved in its file since the report: still found by ID.
    expect(
      lookup(makeNote('Basic', {}, { id: 1700000000003, file: 'notes/b.md', line: 50 })),
    ).toEqual({
      status: 'refuted',
      reason: 'observed EPIPE',
    })
    expect(lookup(makeNote('Basic', {}, { id: null, file: 'notes/a.md', line: 9 })).status).toBe(
      'unverified',
    )
    expect(
      lookup(makeNote('Basic', {}, { id: 1700000000009, file: 'notes/a.md', line: 9 })).reason,
    ).toBe('no lab')
    // A different note now sits where a verified note was: not the same card.
    expect(
      lookup(makeNote('Basic', {}, { id: 1700000000008, file: 'notes/a.md', line: 3 })),
    ).toEqual({
      status: 'unverified',
      reason: 'not in the verify report',
    })
  })

  it('finds a note judged without an ID by its file and content once a build wrote IDs above it', () => {
    // Judged before `build` wrote IDs: each ID line moved the notes below it down a line.
    const first = makeNote('Basic', { Front: 'Which errno?', Back: 'EBADF' }, { id: null, line: 1 })
    const second = makeNote('Basic', { Front: 'And now?', Back: 'EPIPE' }, { id: null, line: 7 })
    const twins = makeNote('Basic', { Front: 'Twin', Back: 'EPIPE' }, { id: null, line: 13 })
    const entry = (note: typeof first, status: string) => ({
      file: note.source.file,
      line: note.source.line,
      id: null,
      content: noteContentKey(note),
      labs: [],
      status,
      reason: null,
    })
    const parsed = parseVerifyReport({
      notes: [
        entry(first, 'confirmed'),
        entry(second, 'refuted'),
        entry(twins, 'supported'),
        { ...entry(twins, 'refuted'), line: 19 },
      ],
    })
    if (!('cards' in parsed)) throw new Error(parsed.problem)
    const lookup = verdictLookup(parsed.cards)
    expect(lookup({ ...first, id: 1700000000001 }).status).toBe('confirmed')
    const moved = { ...second, id: 1700000000002, source: { ...second.source, line: 8 } }
    expect(lookup(moved)).toEqual({ status: 'refuted', reason: null })
    // Two notes of the same content in a file: which verdict is whose is unknown.
    const twinMoved = { ...twins, id: 1700000000003, source: { ...twins.source, line: 15 } }
    expect(lookup(twinMoved).reason).toBe('not in the verify report')
  })

  it('says a note left out of a `verify --failures` report may be confirmed there, not unjudged', () => {
    const counted = { notes: { confirmed: 3, supported: 0, refuted: 1, unverified: 0 } }
    const failures = parseVerifyReport({
      ...report,
      notes: report.notes.slice(0, 1),
      totals: counted,
    })
    if (!('cards' in failures)) throw new Error(failures.problem)
    expect(failures.failuresOnly).toBe(true)
    const lookup = verdictLookup(failures.cards, { failuresOnly: failures.failuresOnly })
    expect(lookup(makeNote('Basic', {}, { id: 1700000000042, file: 'notes/z.md' })).reason).toBe(
      'not in the verify report, which lists only the notes not confirmed (`verify --failures`): run `decklab verify --json` without `--failures` for every verdict',
    )
    const whole = parseVerifyReport({ ...report, totals: { notes: { confirmed: 4 } } })
    expect('cards' in whole && whole.failuresOnly).toBe(false)
  })

  it('takes a verdict only for the note that was judged: other fields, type or lab links make it unverified', () => {
    const judged = makeNote(
      'Basic',
      { Front: 'Which errno?', Back: 'EBADF' },
      {
        labs: [{ lab: 'x', line: 4, column: 6 }],
      },
    )
    const parsed = parseVerifyReport({
      notes: [
        {
          file: 'notes/cards.md',
          line: 1,
          id: judged.id,
          content: noteContentKey(judged),
          labs: ['x'],
          status: 'confirmed',
          reason: null,
        },
      ],
    })
    if (!('cards' in parsed)) throw new Error(parsed.problem)
    const lookup = verdictLookup(parsed.cards)
    expect(lookup(judged)).toEqual({ status: 'confirmed', reason: null })
    const stale = {
      status: 'unverified',
      reason: expect.stringContaining('changed since the verify report (which said confirmed)'),
    }
    expect(lookup({ ...judged, fields: { ...judged.fields, Back: 'EPIPE' } })).toEqual(stale)
    expect(lookup({ ...judged, noteType: 'Basic (and reversed card)' })).toEqual(stale)
    expect(lookup({ ...judged, labs: [{ lab: 'y', line: 4, column: 6 }] })).toEqual(stale)
    expect(lookup({ ...judged, labs: [] })).toEqual(stale)
    // Moved, retagged or moved to another deck: the same note, the same verdict.
    expect(lookup({ ...judged, tags: ['new'], deck: 'Other' }).status).toBe('confirmed')
  })
})
