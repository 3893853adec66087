/**
 * How busy the machine was while a lab ran, for a lab stopped at its
 * deadline. A lab slowed by other work (a compile, a browser, a video call
 * on a 2-core laptop) and a lab stuck waiting for something that never
 * comes both run out of time; what tells them apart is whether other
 * processes kept the CPUs busy meanwhile. That share is read from the
 * kernel's CPU counters (/proc/stat, all CPUs) less what decklab itself and
 * the lab's processes used (/proc/self/stat, children included once reaped,
 * so read after the run's cleanup): a lab whose own peer spins is not "a
 * busy machine". Under a CPU quota the host's CPUs may be idle while
 * decklab's group is held back; how long it was held counts too
 * (`cgroup-throttle.ts`).
 */
import { readFileSync } from 'node:fs'
import type { OutOfTime } from '../model/lab-result.js'
import { readThrottledMicroseconds, throttledBetween } from './cgroup-throttle.js'

/** CPU time so far, in clock ticks: all CPUs' total and busy time, and decklab's own (children included). */
export interface CpuReading {
  total: number
  busy: number
  own: number
  /** Throttled time of decklab's control group and its ancestors, in µs (see `readThrottledMicroseconds`). */
  throttledUs?: (number | undefined)[] | undefined
}

/** Other processes kept the CPUs at least this busy: the machine, not the lab, is the likely cause. */
export const busyShare = 0.5
/** A deadline shorter than this is too short a sample to tell (the counters tick every 10 ms). */
export const minSampleMs = 500

/** A CPU quota held decklab's group back for at least `busyShare` of the run's deadline: a busy machine, too. */
function quotaHeldBack(throttledMs: number | undefined, deadlineMs: number): boolean {
  return (throttledMs ?? 0) >= busyShare * deadlineMs
}

/** The counters now; undefined where they cannot be read (not Linux, /proc not mounted). */
export function readCpu(): CpuReading | undefined {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
    // user nice system idle iowait irq softirq steal (guest time is inside user).
    const ticks = first.trim().split(/\s+/).slice(1, 9).map(Number)
    if (!first.startsWith('cpu ') || ticks.length < 5 || ticks.some(Number.isNaN)) return undefined
    const total = ticks.reduce((sum, tick) => sum + tick, 0)
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
    const self = readFileSync('/proc/self/stat', 'utf8')
    // After the command name (which may hold spaces): state is field 3; utime..cstime are 14..17.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ')
    const own = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0)
    if (Number.isNaN(own)) return undefined
    return { total, busy: total - idle, own, throttledUs: readThrottledMicroseconds() }
  } catch {
    return undefined
  }
}

/**
 * What a run stopped at `deadlineMs` says of the machine: other processes'
 * share of the CPUs between the two readings, when the deadline was long
 * enough to tell and both readings exist.
 */
export function outOfTime(
  deadlineMs: number,
  before: CpuReading | undefined,
  after: CpuReading | undefined,
): OutOfTime {
  const total = before && after ? after.total - before.total : 0
  if (!before || !after || total <= 0 || deadlineMs < minSampleMs) {
    return { deadlinesMs: [deadlineMs], othersBusyPercent: null, busy: false }
  }
  const others = after.busy - before.busy - (after.own - before.own)
  const share = Math.min(1, Math.max(0, others / total))
  const throttledMs = throttledBetween(before.throttledUs, after.throttledUs)
  return {
    deadlinesMs: [deadlineMs],
    othersBusyPercent: Math.round(share * 100),
    busy: share >= busyShare || quotaHeldBack(throttledMs, deadlineMs),
    ...(throttledMs ? { throttledMs } : {}),
  }
}

/** A run stopped at its deadline, in words: how long it had, and whether the machine or the lab is the likely cause. */
export function outOfTimeReason(
  stopped: OutOfTime,
  /** The command to run it again with more time, where `--deadline` is not an option (the quiz). */
  rerunCommand?: string | undefined,
): string {
  const [first, ...again] = stopped.deadlinesMs
  const last = stopped.deadlinesMs.at(-1) ?? 0
  const exceeded =
    again.length === 0
      ? `deadline exceeded (${first} ms)`
      : `deadline exceeded (${first} ms, and ${again.join(' ms, ')} ms when run again)`
  const percent = stopped.othersBusyPercent
  if (percent === null) return exceeded
  const longer = `--deadline ${Math.min(2 * last, maxDeadlineMs)}`
  const rerun = rerunCommand
    ? `run it with more time: ${rerunCommand} ${longer}`
    : `rerun with ${longer}`
  if (quotaHeldBack(stopped.throttledMs, last)) {
    return `${exceeded} while decklab's CPU quota held it back (its control group was throttled for ${stopped.throttledMs} ms, summed over the CPUs): the quota may be too small for this lab; ${rerun}`
  }
  if (stopped.busy) {
    return `${exceeded} while other processes kept the CPUs ${percent}% busy: the machine may be busy; ${rerun}`
  }
  return `${exceeded} while the CPUs were mostly idle (other processes kept them ${percent}% busy): the lab may be stuck`
}

/** A timer takes at most 2^31 − 1 ms (`--deadline`'s limit). */
export const maxDeadlineMs = 2 ** 31 - 1
