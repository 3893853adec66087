// A CPU quota (a container's `--cpus`, a CI pod's limit) holds decklab back
// while the host's CPUs, all /proc/stat counts, may be idle: a lab slowed by
// its quota looked stuck (an ERROR, exit 1). The group's own counters say how
// long it was held. The last test puts a lab in a real control group with a
// 10% quota.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  cpuStatFiles,
  readThrottledMicroseconds,
  throttledBetween,
  throttledMicroseconds,
} from '../../src/labs/cgroup-throttle.js'

const hostV1 = [
  '30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
  '33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset',
  '40 30 0:35 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n')

describe('the cpu.stat files of decklab’s control group', () => {
  it('walks from its group up to the root of the v1 hierarchy with the cpu controller', () => {
    const cgroup = '4:cpu,cpuacct:/ci/job-7\n3:cpuset:/\n0::/user.slice\n'
    expect(cpuStatFiles(hostV1, cgroup)).toEqual([
      { path: '/sys/fs/cgroup/cpu,cpuacct/ci/job-7/cpu.stat', field: 'throttled_time' },
      { path: '/sys/fs/cgroup/cpu,cpuacct/ci/cpu.stat', field: 'throttled_time' },
      { path: '/sys/fs/cgroup/cpu,cpuacct/cpu.stat', field: 'throttled_time' },
      // The hybrid layout's v2 tree has no cpu controller, but a level without the line is skipped when read.
      { path: '/sys/fs/cgroup/unified/user.slice/cpu.stat', field: 'throttled_usec' },
      { path: '/sys/fs/cgroup/unified/cpu.stat', field: 'throttled_usec' },
    ])
  })

  it('reads a container’s own group where the mount shows only that group', () => {
    // Docker without a cgroup namespace: the mount's root is the container's group.
    const mountinfo =
      '700 690 0:28 /docker/ab12 /sys/fs/cgroup/cpu ro,nosuid - cgroup cgroup rw,cpu\n'
    expect(cpuStatFiles(mountinfo, '5:cpu:/docker/ab12\n')).toEqual([
      { path: '/sys/fs/cgroup/cpu/cpu.stat', field: 'throttled_time' },
    ])
    // With a namespace (cgroup v2's default), the group is `/` and so is the root.
    const v2 = '800 790 0:40 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n'
    expect(cpuStatFiles(v2, '0::/\n')).toEqual([
      { path: '/sys/fs/cgroup/cpu.stat', field: 'throttled_usec' },
    ])
    // A group outside what the mount shows cannot be read there.
    expect(cpuStatFiles(mountinfo, '5:cpu:/docker/other\n')).toEqual([])
  })

  it('finds nothing without a cpu hierarchy, and undoes mountinfo’s escapes', () => {
    expect(cpuStatFiles('30 22 0:27 / /proc rw - proc proc rw', '0::/\n')).toEqual([])
    const spaced = '800 790 0:40 / /mnt/cg\\040two rw - cgroup2 cgroup2 rw\n'
    expect(cpuStatFiles(spaced, '0::/a\n')).toEqual([
      { path: '/mnt/cg two/a/cpu.stat', field: 'throttled_usec' },
      { path: '/mnt/cg two/cpu.stat', field: 'throttled_usec' },
    ])
  })

  it('reads throttled time in microseconds from either version', () => {
    const v1 = 'nr_periods 11\nnr_throttled 11\nthrottled_time 942747380\n'
    expect(throttledMicroseconds(v1, 'throttled_time')).toBe(942747.38)
    const v2 = 'usage_usec 10\nnr_throttled 3\nthrottled_usec 2500\n'
    expect(throttledMicroseconds(v2, 'throttled_usec')).toBe(2500)
    expect(throttledMicroseconds('usage_usec 10\n', 'throttled_usec')).toBeUndefined()
  })

  it('takes the most any one level was held between two readings', () => {
    expect(throttledBetween([1000, 0, undefined], [301_000, 450_000, 9])).toBe(450)
    expect(throttledBetween([5], [5])).toBe(0)
    expect(throttledBetween([5, 1], [5])).toBeUndefined()
    expect(throttledBetween(undefined, [5])).toBeUndefined()
    expect(throttledBetween([undefined], [undefined])).toBeUndefined()
  })
})

const root = fileURLToPath(new URL('../..', import.meta.url))
const runner = join(root, 'lib/src/labs/runner.js')
const fixture = join(root, 'test/labs/fixtures/throttled-lab-run.mjs')

function controllers(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(' ')
  } catch {
    return []
  }
}

/** A new control group with a 10% CPU quota, or why none can be made here. */
function quotaGroup(): { dir: string; procs: string } | string {
  if (process.getuid?.() !== 0) return 'making a control group needs root'
  if (!existsSync(runner)) return 'lib/ is not built'
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')
  // The topmost level that can hold a quota: v1's cpu hierarchy, or a v2 one with the cpu controller.
  const mount = cpuStatFiles(mountinfo, readFileSync('/proc/self/cgroup', 'utf8'))
    .filter((file) => existsSync(file.path))
    .filter(
      (file) => file.field === 'throttled_time' || controllers(dirname(file.path)).includes('cpu'),
    )
    .at(-1)
  if (mount === undefined) return 'no cgroup hierarchy with the cpu controller is mounted'
  const base = dirname(mount.path)
  const dir = join(base, `decklab-test-${process.pid}`)
  try {
    mkdirSync(dir)
    if (mount.field === 'throttled_time') {
      writeFileSync(join(dir, 'cpu.cfs_period_us'), '100000')
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), '10000')
    } else writeFileSync(join(dir, 'cpu.max'), '10000 100000')
  } catch (error) {
    if (existsSync(dir)) rmdirSync(dir)
    return `cannot make a control group with a quota here: ${(error as Error).message}`
  }
  return { dir, procs: join(dir, 'cgroup.procs') }
}

const group = quotaGroup()

describe('a lab in a real control group with a 10% CPU quota', () => {
  it.skipIf(typeof group === 'string')(
    `is a TIMEOUT that names the quota, on an idle host${typeof group === 'string' ? ` (skipped: ${group})` : ''}`,
    () => {
      if (typeof group === 'string') return
      try {
        const run = spawnSync(process.execPath, [fixture, runner, group.procs, '1000'], {
          encoding: 'utf8',
          timeout: 60_000,
        })
        expect(run.status, run.stderr).toBe(0)
        const result = JSON.parse(run.stdout)
        expect(result.status).toBe('error')
        expect(result.outOfTime.busy).toBe(true)
        // 90% of each 100 ms period held back: far more than half the deadline.
        expect(result.outOfTime.throttledMs).toBeGreaterThanOrEqual(500)
        expect(result.reason).toMatch(
          /^deadline exceeded \(1000 ms\) while decklab's CPU quota held it back \(its control group was throttled for \d+ ms, summed over the CPUs\): the quota may be too small for this lab; rerun with --deadline 2000$/,
        )
      } finally {
        rmdirSync(group.dir)
      }
    },
    70_000,
  )

  it('reads this process’s counters where there are any', () => {
    const values = readThrottledMicroseconds()
    if (values === undefined) return
    for (const value of values) if (value !== undefined) expect(value).toBeGreaterThanOrEqual(0)
  })
})
