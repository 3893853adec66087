import { describe, expect, it } from 'vitest'
import type { Check, LabResult } from '../../src/labs/types.js'
import type { LabLink, Note } from '../../src/model/note.js'
import {
  countVerdicts,
  judgeNote,
  judgeNotes,
  linkedLabIds,
  normaliseAnswer,
} from '../../src/verify/judge.js'

/** A note as `loadVault` would resolve it, with only what the judge reads filled in. */
function note(options: { noteType?: string; back?: string; labs?: string[]; line?: number }): Note {
  const labs: LabLink[] = (options.labs ?? []).map((text, index) => {
    const [lab, check] = text.split('#') as [string, string | undefined]
    const link: LabLink = { lab, line: 10 + index, column: 6 }
    if (check !== undefined) link.check = check
    return link
  })
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType: options.noteType ?? 'Basic',
    fields: { Front: 'Question?', Back: options.back ?? 'Answer' },
    tags: [],
    deck: 'Default',
    labs,
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: options.line ?? 3,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

function check(name: string, status: Check['status'], value?: string): Check {
  const built: Check = { name, status, expected: `expected ${name}`, observed: `observed ${name}` }
  if (value !== undefined) built.value = value
  return built
}

function lab(
  id: string,
  status: LabResult['status'],
  checks: Check[],
  reason?: string,
  leftovers?: string[],
): LabResult {
  const result: LabResult = { lab: id, title: id, status, checks, durationMs: 5, transcript: [] }
  if (reason !== undefined) result.reason = reason
  if (leftovers !== undefined) result.leftovers = leftovers
  return result
}

const results = (...labs: LabResult[]) => new Map(labs.map((result) => [result.lab, result]))

describe('normaliseAnswer', () => {
  it('ignores case, surrounding and inner whitespace runs, code ticks and HTML tags', () => {
    expect(normaliseAnswer('  `ECONNREFUSED`\n')).toBe('econnrefused')
    expect(normaliseAnswer('In   Order')).toBe('in order')
    expect(normaliseAnswer('<b>EPIPE</b>')).toBe('epipe')
  })

  it('compares Unicode in NFC, so composed and decomposed forms are equal', () => {
    expect(normaliseAnswer('caf\u0065\u0301')).toBe(normaliseAnswer('caf\u00e9'))
  })

  it('keeps underscores and digits, which are part of the answers', () => {
    expect(normaliseAnswer('MSG_TRUNC')).toBe('msg_trunc')
    expect(normaliseAnswer('108')).toBe('108')
  })
})

describe('judgeNote', () => {
  it('confirms a card whose linked check passed', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'] }),
      results(lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')])),
    )
    expect(verdict).toEqual({
      file: 'notes/a.md',
      line: 3,
      id: 1763700000001,
      labs: ['stale-socket#connect-refused'],
      cards: 1,
      status: 'confirmed',
    })
  })

  it('refutes a card whose linked check failed, naming what was observed', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'] }),
      results(lab('stale-socket', 'fail', [check('connect-refused', 'fail', 'ENOENT')])),
    )
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason).toBe(
      'stale-socket#connect-refused: failed: expected expected connect-refused, observed observed connect-refused',
    )
  })

  it('judges a link without #check by every check of the lab', () => {
    const failing = results(
      lab('epipe', 'fail', [
        check('write-after-peer-close', 'pass'),
        check('sigpipe-default', 'fail'),
      ]),
    )
    const verdict = judgeNote(note({ labs: ['epipe'] }), failing)
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason).toBe('epipe: failed: sigpipe-default observed observed sigpipe-default')
  })

  it('confirms a card linking a passing check even when another check of the lab failed', () => {
    const mixed = results(
      lab('epipe', 'fail', [
        check('write-after-peer-close', 'pass'),
        check('sigpipe-default', 'fail'),
      ]),
    )
    expect(judgeNote(note({ labs: ['epipe#write-after-peer-close'] }), mixed).status).toBe(
      'confirmed',
    )
  })

  it('leaves a card unverified when its lab was skipped, with the reason', () => {
    const verdict = judgeNote(
      note({ labs: ['socket-permissions#no-write-eacces'] }),
      results(lab('socket-permissions', 'skip', [], 'needs an unprivileged user')),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe(
      'socket-permissions#no-write-eacces: lab skipped: needs an unprivileged user',
    )
  })

  it('leaves a card unverified (not refuted) when its lab errored', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket'] }),
      results(lab('stale-socket', 'error', [], 'deadline exceeded (10000 ms)')),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe('stale-socket: lab error: deadline exceeded (10000 ms)')
  })

  it('leaves a card unverified when its check was skipped', () => {
    const verdict = judgeNote(
      note({ labs: ['scm-credentials#root-may-spoof'] }),
      results(lab('scm-credentials', 'pass', [check('root-may-spoof', 'skip')])),
    )
    expect(verdict.status).toBe('unverified')
  })

  it('does not trust a passing check from a run that left things behind', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'] }),
      results(
        lab(
          'stale-socket',
          'fail',
          [check('connect-refused', 'pass', 'ECONNREFUSED')],
          'left 1 thing(s) behind',
          ['socket file stale.sock left in the lab directory'],
        ),
      ),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe('stale-socket#connect-refused: lab fail: left 1 thing(s) behind')
  })

  it('leaves a note without lab links unverified', () => {
    const verdict = judgeNote(note({}), results())
    expect(verdict).toMatchObject({ status: 'unverified', reason: 'links no lab', labs: [] })
  })

  it('leaves a card unverified when its lab was not run, or does not exist', () => {
    expect(judgeNote(note({ labs: ['missing-socket'] }), results()).reason).toBe(
      'missing-socket: lab was not run',
    )
    const known = new Set(['missing-socket'])
    expect(judgeNote(note({ labs: ['no-such-lab'] }), results(), known).reason).toBe(
      'no-such-lab: no such lab',
    )
  })

  it('prefers refuted over unverified and keeps both reasons, refutation first', () => {
    const verdict = judgeNote(
      note({ labs: ['socket-permissions', 'stale-socket#connect-refused'] }),
      results(
        lab('socket-permissions', 'skip', [], 'needs an unprivileged user'),
        lab('stale-socket', 'fail', [check('connect-refused', 'fail')]),
      ),
    )
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason?.startsWith('stale-socket#connect-refused: failed')).toBe(true)
    expect(verdict.reason).toContain('; socket-permissions: lab skipped')
  })

  describe('type-in cards', () => {
    const typeIn = (back: string) =>
      note({
        noteType: 'Basic (type in the answer)',
        back,
        labs: ['missing-socket#connect-enoent'],
      })
    const observed = results(
      lab('missing-socket', 'pass', [check('connect-enoent', 'pass', 'ENOENT')]),
    )

    it("confirms when the Back equals the check's value after normalising", () => {
      expect(judgeNote(typeIn(' enoent '), observed).status).toBe('confirmed')
      expect(judgeNote(typeIn('`ENOENT`'), observed).status).toBe('confirmed')
    })

    it('refutes when the Back differs, saying what the card and the kernel say', () => {
      const verdict = judgeNote(typeIn('ECONNREFUSED'), observed)
      expect(verdict.status).toBe('refuted')
      expect(verdict.reason).toBe(
        'missing-socket#connect-enoent: card says "ECONNREFUSED", kernel says "ENOENT"',
      )
    })

    it('does not compare the Back of other note types', () => {
      const basic = note({ back: 'a longer explanation', labs: ['missing-socket#connect-enoent'] })
      expect(judgeNote(basic, observed).status).toBe('confirmed')
    })

    it('does not compare when the link names no check', () => {
      const whole = note({
        noteType: 'Basic (type in the answer)',
        back: 'something else',
        labs: ['missing-socket'],
      })
      expect(judgeNote(whole, observed).status).toBe('confirmed')
    })
  })
})

describe('judgeNotes, linkedLabIds and countVerdicts', () => {
  it('judges in note order, lists distinct linked labs sorted, and counts statuses', () => {
    const notes = [
      note({ labs: ['stale-socket#connect-refused', 'missing-socket'], line: 1 }),
      note({ labs: ['missing-socket#connect-enoent'], line: 2 }),
      note({ line: 3 }),
    ]
    expect(linkedLabIds(notes)).toEqual(['missing-socket', 'stale-socket'])
    const verdicts = judgeNotes(
      notes,
      results(
        lab('missing-socket', 'pass', [check('connect-enoent', 'pass', 'ENOENT')]),
        lab('stale-socket', 'fail', [check('connect-refused', 'fail')]),
      ),
    )
    expect(verdicts.map((verdict) => [verdict.line, verdict.status])).toEqual([
      [1, 'refuted'],
      [2, 'confirmed'],
      [3, 'unverified'],
    ])
    expect(countVerdicts(verdicts)).toEqual({ confirmed: 1, refuted: 1, unverified: 1 })
  })
})
