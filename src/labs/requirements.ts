/**
 * Requirement checks: each returns `undefined` when the machine has what a lab
 * needs, or the reason it does not (the lab then reports `skip`).
 */
import { accessSync, constants } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { errorMessage } from '../text/error-message.js'
import { nearestName } from '../text/nearest-name.js'
import { capabilityReason, missingCapabilities } from './capabilities.js'
import type { Requirement, ToolRequirement } from './types.js'

/** The interpreter every python3 peer runs with (an unprivileged user can run it, unlike a pyenv shim). */
export const python3Path = '/usr/bin/python3'

/** The user a lab drops to when it needs a peer that root's bypasses do not apply to. */
export interface UnprivilegedUser {
  name: string
  uid: number
  gid: number
}

/** Each program a lab may need on PATH: what it is and the Debian package that has it. */
const toolRequirements: Readonly<Record<ToolRequirement, { what: string; apt: string }>> = {
  cc: { what: 'a C compiler `cc`', apt: 'gcc libc6-dev' },
  go: { what: 'the Go toolchain `go`', apt: 'golang-go' },
  'dbus-daemon': { what: 'dbus-daemon', apt: 'dbus-daemon' },
  Xvfb: { what: 'Xvfb', apt: 'xvfb' },
  'systemd-socket-activate': { what: 'systemd-socket-activate', apt: 'systemd' },
}

/** Every requirement a lab may declare. */
export const knownRequirements: readonly Requirement[] = [
  'linux',
  'python3',
  'socat',
  'unprivileged-user',
  'node-unix-socket',
  ...(Object.keys(toolRequirements) as ToolRequirement[]),
]

/** Why a lab skips without the program `tool`: what it is, and how to install it. */
export function toolMissing(tool: ToolRequirement): string {
  const { what, apt } = toolRequirements[tool]
  return `needs ${what} on PATH (apt-get install ${apt})`
}

/**
 * Why the python3 labs skip: what to install, and, when another python3 is on
 * PATH (pyenv, conda, a Nix profile), that the peers do not run that one.
 */
function python3Missing(): string {
  const other = findExecutableSync('python3')
  const onPath = other ? `; the python3 on PATH, ${other}, is not used` : ''
  return `needs ${python3Path} (apt-get install python3)${onPath}`
}

/** The first missing requirement's reason, or `undefined` when all are met. */
export async function missingRequirement(
  requires: readonly Requirement[],
): Promise<string | undefined> {
  for (const requirement of requires) {
    const reason = await requirementProblem(requirement)
    if (reason) return reason
  }
  return undefined
}

/** Why one requirement is not met here, or `undefined`. */
export async function requirementProblem(requirement: Requirement): Promise<string | undefined> {
  switch (requirement) {
    case 'linux':
      return process.platform === 'linux' ? undefined : `needs Linux (this is ${process.platform})`
    case 'python3':
      return isExecutable(python3Path) ? undefined : python3Missing()
    case 'socat':
      return (await findExecutable('socat'))
        ? undefined
        : 'needs socat on PATH (apt-get install socat)'
    case 'unprivileged-user': {
      if (!isRoot()) return undefined
      const drop = await dropToNobody()
      return 'user' in drop ? undefined : drop.reason
    }
    case 'node-unix-socket':
      try {
        await import('node-unix-socket')
        return undefined
      } catch (error) {
        return `needs the node-unix-socket addon (${errorMessage(error)})`
      }
    default:
      if (Object.hasOwn(toolRequirements, requirement)) {
        const tool = requirement as ToolRequirement
        return (await findExecutable(tool)) ? undefined : toolMissing(tool)
      }
      return unknownRequirement(requirement)
  }
}

/** What a lab is told of a requirement no one knows, with the known name it may have meant. */
export function unknownRequirement(requirement: unknown): string {
  const near = nearestName(String(requirement), knownRequirements)
  return `unknown requirement \`${String(requirement)}\`${near ? ` (did you mean \`${near}\`?)` : ''}`
}

/** True when this process runs as root (uid 0). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** The `nobody` user (uid 65534) from /etc/passwd, or `undefined`. */
export async function unprivilegedUser(): Promise<UnprivilegedUser | undefined> {
  let passwd: string
  try {
    passwd = await readFile('/etc/passwd', 'utf8')
  } catch {
    return undefined
  }
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':')
    if (name && uid === '65534' && gid !== undefined && /^\d+$/.test(gid)) {
      return { name, uid: 65534, gid: Number(gid) }
    }
  }
  return undefined
}

/**
 * The user a lab running as root runs a peer as (`nobody`), or why it cannot:
 * there is no uid 65534, or root here may not change its uid (without
 * CAP_SETUID or CAP_SETGID, as `docker run --cap-drop` leaves it, the spawn
 * fails with EPERM and the lab would end in an error).
 */
export async function dropToNobody(): Promise<{ user: UnprivilegedUser } | { reason: string }> {
  const user = await unprivilegedUser()
  if (!user) {
    return { reason: 'runs as root and needs an unprivileged user `nobody` (uid 65534) to drop to' }
  }
  const missing = await missingCapabilities(['CAP_SETUID', 'CAP_SETGID'])
  if (missing.length > 0) {
    return { reason: capabilityReason(missing, `running a peer as ${user.name}`) }
  }
  return { user }
}

/** The full path of `name` on PATH, or `undefined`. */
export async function findExecutable(name: string): Promise<string | undefined> {
  return findExecutableSync(name)
}

/** `findExecutable` on the calling thread, for a spawn that cannot wait (a few `access` calls). */
export function findExecutableSync(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!directory) continue
    const candidate = join(directory, name)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}

/** Whether this user may run the file at `path`. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
