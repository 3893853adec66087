import { describe, expect, it } from 'vitest'
import {
  formatLabLine,
  formatLabList,
  formatLabPanel,
  formatLabResult,
} from '../../src/labs/report.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { createColors } from '../../src/terminal/colors.js'

const plain = createColors(false)

function result(statuses: Array<'pass' | 'skip'>): LabResult {
  return {
    lab: 'uds-vs-tcp-perf',
    title: 'perf',
    status: 'pass',
    checks: statuses.map((status, index) => ({
      name: `check-${index}`,
      status,
      expected: 'e',
      observed: status === 'skip' ? 'inconclusive on a busy machine' : 'o',
    })),
    durationMs: 7,
    transcript: [],
  }
}

describe('formatLabResult summary', () => {
  it('says PASS only when every check passed', () => {
    expect(formatLabResult(result(['pass', 'pass']), plain)).toMatch(
      /\nPASS uds-vs-tcp-perf: 2\/2 checks passed in 7 ms\n$/,
    )
  })

  it('says PARTIAL, with the skipped checks and why, when some were skipped', () => {
    expect(formatLabResult(result(['pass', 'skip', 'skip']), plain)).toMatch(
      /\nPARTIAL uds-vs-tcp-perf: 1\/3 checks passed, 2 skipped in 7 ms — skipped: check-1 \(inconclusive on a busy machine\); check-2 \(inconclusive on a busy machine\)\n$/,
    )
  })
})

// The quiz's `l` panel headed a lab with skipped checks `PASS` (its linked
// check marked `skip`, the card then `UNVERIFIED`), where `lab run` and
// `verify` say PARTIAL for the same result: a skip proves nothing.
describe('formatLabPanel headline', () => {
  it('says PASS only when every check passed', () => {
    expect(formatLabPanel(result(['pass', 'pass']), new Set(), plain)[0]).toBe(
      '  lab uds-vs-tcp-perf: PASS — perf (7 ms)',
    )
  })

  it('says PARTIAL when some were skipped', () => {
    expect(formatLabPanel(result(['pass', 'skip', 'skip']), new Set(), plain)[0]).toBe(
      '  lab uds-vs-tcp-perf: PARTIAL — perf (7 ms)',
    )
  })
})

// A lab a busy machine kept past its deadline is no broken lab: verify does not count it so.
describe('a lab a busy machine kept past its deadline', () => {
  const slowed: LabResult = {
    ...result(['skip']),
    status: 'error',
    reason: 'deadline exceeded (10000 ms) while other processes kept the CPUs 93% busy',
    outOfTime: { deadlinesMs: [10_000], othersBusyPercent: 93, busy: true },
  }

  it('says TIMEOUT, not ERROR, in verify, lab run and the quiz', () => {
    expect(formatLabLine(slowed, plain)).toMatch(/^TIMEOUT uds-vs-tcp-perf \(0\/1 checks/)
    expect(formatLabResult(slowed, plain)).toMatch(/\nTIMEOUT uds-vs-tcp-perf: 0\/1 checks/)
    expect(formatLabPanel(slowed, new Set(), plain)[0]).toBe(
      '  lab uds-vs-tcp-perf: TIMEOUT — perf (7 ms)',
    )
  })

  it('says ERROR when the CPUs were idle (the lab may be stuck)', () => {
    const stuck = {
      ...slowed,
      outOfTime: { deadlinesMs: [10_000], othersBusyPercent: 3, busy: false },
    }
    expect(formatLabLine(stuck, plain)).toMatch(/^ERROR /)
  })
})

describe('formatLabList', () => {
  it('counts one lab as one lab, as a course of its own may have', () => {
    const lab = {
      id: 'only-lab',
      title: 'The one lab',
      summary: 's',
      requires: [],
      checks: ['c'],
      serve: null,
      run: async () => {},
    }
    expect(formatLabList([lab])).toMatch(/\n1 lab\. Run one with `decklab lab run <id>`\.\n$/)
    expect(formatLabList([lab, { ...lab, id: 'other-lab' }])).toContain('\n2 labs. Run one')
  })
})

// A lab stopped before it recorded a check (Ctrl-C, or Ctrl-D in the quiz) has the check
// skipped, with nothing expected: the quiz's panel printed an empty `expected:` line for it,
// where `lab run` prints none.
describe('a check the lab never recorded', () => {
  const stopped: LabResult = {
    lab: 'peered',
    title: 'A lab whose peer waits',
    status: 'error',
    reason: 'interrupted: received Ctrl-D (the end of the input)',
    checks: [
      { name: 'ran', status: 'skip', expected: '', observed: 'skipped: not recorded by the lab' },
    ],
    durationMs: 7,
    transcript: [],
  }

  it('has no expected line in the quiz’s panel, as in lab run', () => {
    expect(formatLabPanel(stopped, new Set(['ran']), plain)).toEqual([
      '  lab peered: ERROR — A lab whose peer waits (7 ms)',
      '    interrupted: received Ctrl-D (the end of the input)',
      '   ▸ skip ran',
      '        observed: skipped: not recorded by the lab',
    ])
    expect(formatLabResult(stopped, plain)).not.toMatch(/expected:/)
  })
})
