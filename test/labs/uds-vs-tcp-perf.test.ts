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
  it('compares C and Node measurements with the cards; a direction is passed or skipped as inconclusive', async () => {
    const result = await runLab(lab)
    const detail = JSON.stringify({ reason: result.reason, checks: result.checks }, null, 2)
    expect(['pass', 'skip'], detail).toContain(result.status)
    expect(result.leftovers, detail).toBeUndefined()
    if (result.status === 'skip') {
      expect(result.reason).toMatch(/needs a C compiler/)
      return
    }
    for (const name of ['c-latency-faster', 'c-throughput-higher']) {
      const check = result.checks.find((candidate) => candidate.name === name)
      expect(check, detail).toBeDefined()
      if (check?.status === 'pass')
        expect(check.values?.[0], detail).toMatchObject({ kind: 'bool', value: 'yes' })
      else
        expect(check?.observed, detail).toMatch(
          /^skipped: inconclusive on a busy machine: ×\d+\.\d\d/,
        )
    }
    const node = result.checks.find((candidate) => candidate.name === 'node-advantage-smaller')
    expect(node?.observed, detail).toMatch(/bulk: Node ×\d+\.\d\d, C ×\d+\.\d\d/)
    const directory = /lab \S+ in (\S+)/.exec(result.transcript[0] ?? '')?.[1]
    expect(directory && existsSync(directory)).toBe(false)
  })
})
