/**
 * How long a CPU quota held decklab back. In a container or a CI job with a
 * CPU limit (`docker --cpus`, a Kubernetes pod's limit, a systemd unit's
 * CPUQuota), the kernel stops the processes of decklab's control group for
 * the rest of each period once they used their share. /proc/stat counts the
 * whole host's CPUs, which may be idle meanwhile, so a lab slowed by its
 * quota would look stuck there; the group's own `cpu.stat` says how long it
 * was held (`throttled_usec` under cgroup v2, `throttled_time` in
 * nanoseconds under v1). A quota set on an ancestor (the container's group
 * while decklab runs in a child of it) holds decklab back too, so every
 * level up to the hierarchy's root is read.
 */
import { readFileSync } from 'node:fs'

/** A `cpu.stat` file of decklab's control group or of one of its ancestors, and its throttled-time field. */
export interface CpuStatFile {
  path: string
  /** `throttled_usec` (cgroup v2) or `throttled_time`, in nanoseconds (v1). */
  field: 'throttled_usec' | 'throttled_time'
}

/** A cgroup mount from /proc/self/mountinfo: where it is, which group it shows as its root, its version. */
interface CgroupMount {
  mountPoint: string
  root: string
  version: 1 | 2
}

/** The mounts of the v2 hierarchy and of the v1 hierarchy that holds the `cpu` controller. */
function cpuMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = []
  for (const line of mountinfo.split('\n')) {
    // id parent major:minor root mount-point options [optional fields] - type source super-options
    const [before, after] = line.split(' - ')
    if (before === undefined || after === undefined) continue
    const fields = before.split(' ')
    const [type, , superOptions] = after.split(' ')
    const root = fields[3]
    const mountPoint = fields[4]
    if (root === undefined || mountPoint === undefined) continue
    if (type === 'cgroup2')
      mounts.push({ mountPoint: unescapeMountPath(mountPoint), root, version: 2 })
    else if (type === 'cgroup' && superOptions?.split(',').includes('cpu')) {
      mounts.push({ mountPoint: unescapeMountPath(mountPoint), root, version: 1 })
    }
  }
  return mounts
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  )
}

/** This process's group in the v2 hierarchy (`0::/path`) or in the v1 hierarchy with `cpu` (`4:cpu,cpuacct:/path`). */
function groupPath(procCgroup: string, version: 1 | 2): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const first = line.indexOf(':')
    const second = line.indexOf(':', first + 1)
    if (first === -1 || second === -1) continue
    const controllers = line.slice(first + 1, second)
    const path = line.slice(second + 1)
    if (version === 2 && line.slice(0, first) === '0' && controllers === '') return path
    if (version === 1 && controllers.split(',').includes('cpu')) return path
  }
  return undefined
}

/**
 * The `cpu.stat` files to read, from decklab's own group up to the root of
 * the hierarchy as mounted here (pure: from the texts of /proc/self/mountinfo
 * and /proc/self/cgroup). Empty when no hierarchy with the `cpu` controller
 * is mounted, or the group is outside what the mount shows.
 */
export function cpuStatFiles(mountinfo: string, procCgroup: string): CpuStatFile[] {
  const files: CpuStatFile[] = []
  for (const mount of cpuMounts(mountinfo)) {
    const path = groupPath(procCgroup, mount.version)
    if (path === undefined) continue
    const root = mount.root === '/' ? '' : mount.root
    if (path !== root && !path.startsWith(`${root}/`)) continue
    const parts = path
      .slice(root.length)
      .split('/')
      .filter((part) => part !== '')
    const field = mount.version === 2 ? 'throttled_usec' : 'throttled_time'
    for (let depth = parts.length; depth >= 0; depth -= 1) {
      const relative = parts.slice(0, depth).join('/')
      const dir = relative === '' ? mount.mountPoint : `${mount.mountPoint}/${relative}`
      files.push({ path: `${dir}/cpu.stat`, field })
    }
  }
  return files
}

/** The throttled time a `cpu.stat` text gives, in microseconds; undefined when it has no such line. */
export function throttledMicroseconds(
  cpuStat: string,
  field: CpuStatFile['field'],
): number | undefined {
  for (const line of cpuStat.split('\n')) {
    const [name, value] = line.trim().split(' ')
    if (name !== field || value === undefined) continue
    const number = Number(value)
    if (!Number.isFinite(number)) return undefined
    return field === 'throttled_time' ? number / 1000 : number
  }
  return undefined
}

let files: CpuStatFile[] | undefined

/**
 * Throttled time so far of decklab's group and of each ancestor, in
 * microseconds, one entry per level (undefined where that level has no
 * counter: a group without a quota of its own under v2 may lack the line).
 * Undefined when none can be read. The files are found once per process.
 */
export function readThrottledMicroseconds(): (number | undefined)[] | undefined {
  try {
    files ??= cpuStatFiles(
      readFileSync('/proc/self/mountinfo', 'utf8'),
      readFileSync('/proc/self/cgroup', 'utf8'),
    )
  } catch {
    files = []
  }
  const values = files.map((file) => {
    try {
      return throttledMicroseconds(readFileSync(file.path, 'utf8'), file.field)
    } catch {
      return undefined
    }
  })
  return values.some((value) => value !== undefined) ? values : undefined
}

/**
 * How long the quota held decklab back between two readings, in whole
 * milliseconds: the most any one level was throttled (each level counts
 * its own quota's stops). Undefined when the readings cannot be compared.
 */
export function throttledBetween(
  before: (number | undefined)[] | undefined,
  after: (number | undefined)[] | undefined,
): number | undefined {
  if (before === undefined || after === undefined || before.length !== after.length)
    return undefined
  let most: number | undefined
  for (let level = 0; level < before.length; level += 1) {
    const first = before[level]
    const last = after[level]
    if (first === undefined || last === undefined || last < first) continue
    most = Math.max(most ?? 0, last - first)
  }
  return most === undefined ? undefined : Math.round(most / 1000)
}
