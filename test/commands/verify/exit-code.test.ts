// `verify` exited 1 when a busy machine kept a lab past its deadline, as for
// a broken lab, though nothing was refuted and nothing was wrong with the
// lab (two busy loops on 2 cores, `verify --deadline 1000` of the course).
import { describe, expect, it } from 'vitest'
import { type VerifyReport, verifyExitCode } from '../../../src/commands/verify/verify-notes.js'
import type { LabResult } from '../../../src/model/lab-result.js'

function report(...labs: LabResult[]): VerifyReport {
  return { labs, notes: [], sourceNotes: [], knownLabs: new Set(), diagnostics: [] }
}

function stopped(busy: boolean, othersBusyPercent: number | null): LabResult {
  return {
    lab: 'stale-socket',
    title: 'stale',
    status: 'error',
    checks: [],
    durationMs: 40_000,
    transcript: [],
    reason: 'deadline exceeded',
    outOfTime: { deadlinesMs: [10_000, 30_000], othersBusyPercent, busy },
  }
}

describe('verifyExitCode', () => {
  it('is 0 when a busy machine kept a lab past its deadline: nothing was refuted, nothing broke', () => {
    expect(verifyExitCode(report(stopped(true, 93)))).toBe(0)
  })

  it('is 1 when a lab ran out of time on idle CPUs (likely stuck), or no one could tell', () => {
    expect(verifyExitCode(report(stopped(false, 4)))).toBe(1)
    expect(verifyExitCode(report(stopped(false, null)))).toBe(1)
  })

  it('is 1 for any other lab error', () => {
    const { outOfTime: _, ...broken } = stopped(true, 93)
    expect(verifyExitCode(report({ ...broken, reason: 'the lab crashed' }))).toBe(1)
  })
})
