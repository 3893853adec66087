import { describe, expect, it } from 'vitest'
import { formatLabResult, runLinkedLabs } from '../../src/quiz/lab-panel.js'

describe('the lab panel', () => {
  it('shows each check with expected, observed and evidence, marking the linked one', () => {
    const lines = formatLabResult(
      {
        lab: 'stale-socket',
        title: 'A stale socket refuses connections',
        status: 'pass',
        durationMs: 12,
        transcript: [],
        checks: [
          {
            name: 'connect-refused',
            status: 'pass',
            expected: 'ECONNREFUSED',
            observed: 'ECONNREFUSED',
            evidence: ['errno 111'],
          },
          { name: 'file-still-there', status: 'fail', expected: 'a socket file', observed: 'none' },
        ],
      },
      new Set(['connect-refused']),
      false,
    )
    expect(lines).toEqual([
      '  lab stale-socket: PASS — A stale socket refuses connections (12 ms)',
      '   ▸ pass connect-refused',
      '        expected: ECONNREFUSED',
      '        observed: ECONNREFUSED',
      '        evidence: errno 111',
      '     FAIL file-still-there',
      '        expected: a socket file',
      '        observed: none',
    ])
  })

  it('runs a linked lab live, and names a lab that does not exist', async () => {
    const text = await runLinkedLabs(
      [
        { lab: 'missing-socket', check: 'connect-enoent', line: 1, column: 1 },
        { lab: 'no-such-lab', line: 2, column: 1 },
      ],
      { color: false },
    )
    expect(text).toMatch(/^ {2}lab missing-socket: (PASS|SKIP) — /m)
    expect(text).toContain('lab no-such-lab: not found (see `decklab lab list`)')
  })
})
