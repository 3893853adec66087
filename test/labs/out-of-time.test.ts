// A lab stopped at its deadline: the runner tells a busy machine (other
// processes kept the CPUs busy: slow, not wrong) from idle CPUs (the lab
// waited for something that never came: likely stuck), and `verify` runs a
// slowed lab once more with three times as long before it gives up on it.
// Under two busy loops on 2 cores, `verify --deadline 1000` of the shipped
// course ended 5 to 7 labs as `error`, exit 1, with nothing refuted.
import { describe, expect, it } from 'vitest'
import {
  type CpuReading,
  outOfTime,
  outOfTimeReason,
  readCpu,
} from '../../src/labs/machine-load.js'
import { runWithSecondChance } from '../../src/labs/run-linked.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabContext, LabDefinition } from '../../src/labs/types.js'
import { isBusyTimeout } from '../../src/model/lab-result.js'

function fakeLab(run: (context: LabContext) => Promise<void>): LabDefinition {
  return {
    id: 'slow-lab',
    title: 'A slow lab',
    summary: 'A lab made up for a deadline test.',
    requires: [],
    checks: ['first'],
    serve: null,
    run,
  }
}

const never = () => new Promise<void>(() => {})

/**
 * CPU counters that move as on a machine whose other processes keep `share` of the CPUs busy;
 * with `throttledUs`, decklab's control group is throttled that much more at each reading
 * (its own level; its parent's, which has no quota of its own, stays at 0).
 */
function machine(share: number, ownPerReading = 0, throttledUs?: number): () => CpuReading {
  let readings = 0
  return () => {
    readings += 1
    return {
      total: readings * 1000,
      busy: readings * (1000 * share + ownPerReading),
      own: readings * ownPerReading,
      ...(throttledUs === undefined ? {} : { throttledUs: [readings * throttledUs, 0] }),
    }
  }
}

describe('outOfTime', () => {
  const at = (total: number, busy: number, own: number): CpuReading => ({ total, busy, own })

  it('counts other processes only: what decklab and the lab used is taken out', () => {
    expect(outOfTime(10_000, at(0, 0, 0), at(1000, 900, 0))).toEqual({
      deadlinesMs: [10_000],
      othersBusyPercent: 90,
      busy: true,
    })
    // The lab's own peer spinning on one of two cores is not a busy machine.
    expect(outOfTime(10_000, at(0, 0, 0), at(1000, 560, 500))).toEqual({
      deadlinesMs: [10_000],
      othersBusyPercent: 6,
      busy: false,
    })
  })

  it('cannot tell from a deadline under half a second, or without the counters', () => {
    const unknown = (deadline: number) => ({
      deadlinesMs: [deadline],
      othersBusyPercent: null,
      busy: false,
    })
    expect(outOfTime(499, at(0, 0, 0), at(1000, 1000, 0))).toEqual(unknown(499))
    expect(outOfTime(1000, undefined, at(1000, 1000, 0))).toEqual(unknown(1000))
    expect(outOfTime(1000, at(5, 5, 0), at(5, 5, 0))).toEqual(unknown(1000))
  })

  it('reads the counters of this machine', () => {
    const reading = readCpu()
    expect(reading).toBeDefined()
    expect(reading!.total).toBeGreaterThan(0)
    expect(reading!.busy).toBeLessThanOrEqual(reading!.total)
  })

  it('says which is the likely cause, and what to do', () => {
    expect(
      outOfTimeReason({ deadlinesMs: [10_000, 30_000], othersBusyPercent: 93, busy: true }),
    ).toBe(
      'deadline exceeded (10000 ms, and 30000 ms when run again) while other processes kept the CPUs 93% busy: the machine may be busy; rerun with --deadline 60000',
    )
    expect(outOfTimeReason({ deadlinesMs: [10_000], othersBusyPercent: 4, busy: false })).toBe(
      'deadline exceeded (10000 ms) while the CPUs were mostly idle (other processes kept them 4% busy): the lab may be stuck',
    )
    expect(outOfTimeReason({ deadlinesMs: [1], othersBusyPercent: null, busy: false })).toBe(
      'deadline exceeded (1 ms)',
    )
  })
})

describe('a lab held back by its CPU quota', () => {
  /** An idle host (2% busy) whose counters show decklab's group throttled `throttledUs` more at each reading. */
  const quota = (throttledUs: number) => machine(0.02, 0, throttledUs)

  it('is a busy machine, not a stuck lab, though the host looks idle', async () => {
    const result = await runLab(fakeLab(never), { deadlineMs: 500, readCpu: quota(400_000) })
    expect(result.outOfTime).toEqual({
      deadlinesMs: [500],
      othersBusyPercent: 2,
      busy: true,
      throttledMs: 400,
    })
    expect(result.reason).toBe(
      "deadline exceeded (500 ms) while decklab's CPU quota held it back (its control group was throttled for 400 ms, summed over the CPUs): the quota may be too small for this lab; rerun with --deadline 1000",
    )
    expect(isBusyTimeout(result)).toBe(true)
  })

  it('under half the deadline, leaves an idle host a stuck lab', async () => {
    const result = await runLab(fakeLab(never), { deadlineMs: 500, readCpu: quota(50_000) })
    expect(result.outOfTime).toEqual({
      deadlinesMs: [500],
      othersBusyPercent: 2,
      busy: false,
      throttledMs: 50,
    })
    expect(result.reason).toMatch(/the lab may be stuck$/)
  })

  it('gets the second run a busy machine gets', async () => {
    let runs = 0
    const result = await runWithSecondChance(
      fakeLab(async () => {
        runs += 1
        await never()
      }),
      { deadlineMs: 500, readCpu: quota(1_000_000) },
    )
    expect(runs).toBe(2)
    expect(result.reason).toBe(
      "deadline exceeded (500 ms, and 1500 ms when run again) while decklab's CPU quota held it back (its control group was throttled for 1000 ms, summed over the CPUs): the quota may be too small for this lab; rerun with --deadline 3000",
    )
  })
})

describe('a lab stopped at its deadline', () => {
  it('is an error that says the machine was busy, and a TIMEOUT', async () => {
    const result = await runLab(fakeLab(never), { deadlineMs: 500, readCpu: machine(0.9) })
    expect(result.status).toBe('error')
    expect(result.outOfTime).toEqual({ deadlinesMs: [500], othersBusyPercent: 90, busy: true })
    expect(result.reason).toBe(
      'deadline exceeded (500 ms) while other processes kept the CPUs 90% busy: the machine may be busy; rerun with --deadline 1000',
    )
    expect(isBusyTimeout(result)).toBe(true)
  })

  it('on idle CPUs is an error that says the lab may be stuck', async () => {
    const result = await runLab(fakeLab(never), { deadlineMs: 500, readCpu: machine(0.05) })
    expect(result.status).toBe('error')
    expect(result.outOfTime?.busy).toBe(false)
    expect(result.reason).toMatch(/the lab may be stuck$/)
    expect(isBusyTimeout(result)).toBe(false)
  })

  it('is not out of time when a signal stopped it', async () => {
    const controller = new AbortController()
    const result = await runLab(
      fakeLab(async () => {
        controller.abort(new Error('Ctrl-C'))
        await never()
      }),
      { signal: controller.signal, readCpu: machine(0.9) },
    )
    expect(result.outOfTime).toBeUndefined()
  })
})

describe("verify's second run", () => {
  it('runs a slowed lab again with three times as long, and its result stands', async () => {
    let runs = 0
    const retries: number[] = []
    const result = await runWithSecondChance(
      fakeLab(async (context) => {
        runs += 1
        if (runs === 1) await never()
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
      { deadlineMs: 500, readCpu: machine(0.9) },
      (_first, deadlineMs) => retries.push(deadlineMs),
    )
    expect(runs).toBe(2)
    expect(retries).toEqual([1500])
    expect(result.status).toBe('pass')
    expect(result.outOfTime).toBeUndefined()
    expect(result.transcript).toContainEqual(
      expect.stringMatching(
        /^run again with a deadline of 1500 ms: deadline exceeded \(500 ms\) while/,
      ),
    )
  })

  it('names both deadlines when the second run runs out too on a busy machine', async () => {
    const result = await runWithSecondChance(fakeLab(never), {
      deadlineMs: 500,
      readCpu: machine(0.9),
    })
    expect(result.status).toBe('error')
    expect(result.outOfTime).toEqual({
      deadlinesMs: [500, 1500],
      othersBusyPercent: 90,
      busy: true,
    })
    expect(result.reason).toBe(
      'deadline exceeded (500 ms, and 1500 ms when run again) while other processes kept the CPUs 90% busy: the machine may be busy; rerun with --deadline 3000',
    )
  })

  it('does not run again a lab that ran out of time on idle CPUs (stuck, not slow)', async () => {
    let runs = 0
    const result = await runWithSecondChance(
      fakeLab(async () => {
        runs += 1
        await never()
      }),
      { deadlineMs: 500, readCpu: machine(0.05) },
    )
    expect(runs).toBe(1)
    expect(result.outOfTime).toEqual({ deadlinesMs: [500], othersBusyPercent: 5, busy: false })
  })

  it('does not run again a lab a signal stopped', async () => {
    const controller = new AbortController()
    let runs = 0
    await runWithSecondChance(
      fakeLab(async () => {
        runs += 1
        controller.abort(new Error('Ctrl-C'))
        await never()
      }),
      { signal: controller.signal, readCpu: machine(0.9) },
    )
    expect(runs).toBe(1)
  })
})
