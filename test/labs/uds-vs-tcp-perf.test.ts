import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import lab, { signTest } from '../../labs/uds-vs-tcp-perf.js'
import { runLab } from '../../src/labs/runner.js'

describe('the sign test behind the direction checks', () => {
  const nine = [1, 2, 3, 4, 5, 6, 7, 8, 9]
  it('calls Unix faster only when it wins more pairs than chance allows', () => {
    expect(
      signTest(
        nine,
        nine.map((value) => value + 1),
        'lower',
      ),
    ).toEqual({
      wins: 9,
      pairs: 9,
      p: 2 / 512,
      verdict: 'unix-faster',
    })
    expect(
      signTest(
        nine,
        nine.map((value) => value - 1),
        'higher',
      ).verdict,
    ).toBe('unix-faster')
  })

  it('calls TCP faster when Unix loses nearly every pair', () => {
    expect(
      signTest(
        nine,
        nine.map((value) => value - 1),
        'lower',
      ).verdict,
    ).toBe('tcp-faster')
  })

  it('is inconclusive for a mixed result (5 of 9: p = 1)', () => {
    const tcp = [2, 3, 4, 5, 6, 5, 6, 7, 8]
    expect(signTest(nine, tcp, 'lower')).toMatchObject({ wins: 5, p: 1, verdict: 'inconclusive' })
  })
})

describe('uds-vs-tcp-perf lab', () => {
  // Speed is the machine's, not the code's: the suite checks that the lab
  // measures and reports honestly, never which way a run on a shared machine
  // went (that is `decklab verify`'s job, and the bench's).
  it('measures in C and reports every comparison with its evidence, decided or inconclusive', async () => {
    const result = await runLab(lab)
    const detail = JSON.stringify({ reason: result.reason, checks: result.checks }, null, 2)
    expect(['pass', 'fail', 'skip'], detail).toContain(result.status)
    expect(result.leftovers, detail).toBeUndefined()
    // Skipped before it measures (no C compiler), or measured with every comparison inconclusive
    // (a busy machine, as under the whole test suite): each check then says so below.
    if (result.status === 'skip' && result.checks.length === 0) {
      expect(result.reason).toMatch(/needs a C compiler/)
      return
    }
    if (result.status === 'skip')
      expect(result.reason, detail).toMatch(/^every check was skipped: /)
    for (const name of ['c-latency-faster', 'c-throughput-higher', 'work-shrinks-advantage']) {
      const check = result.checks.find((candidate) => candidate.name === name)
      expect(check, detail).toBeDefined()
      if (check?.status === 'skip') {
        expect(check.observed, detail).toMatch(
          /^skipped: inconclusive: [^:]+: (×|bulk ratio ×)\d+\.\d\d/,
        )
      } else {
        // A decided comparison says which way it went, as a yes/no the judge compares.
        expect(check?.observed, detail).toMatch(
          /^(×\d+\.\d\d \(median of per-pair ratios\); Unix faster|bulk ratio ×\d+\.\d\d without work, ×\d+\.\d\d with the receiver hashing every byte .*; smaller with work) in \d+ of \d+ pairs/,
        )
        expect(check?.values?.[0], detail).toMatchObject({ kind: 'bool' })
        expect(check?.evidence?.length, detail).toBeGreaterThan(0)
      }
    }
    const directory = /lab \S+ in (\S+)/.exec(result.transcript[0] ?? '')?.[1]
    expect(directory && existsSync(directory)).toBe(false)
  })
})
