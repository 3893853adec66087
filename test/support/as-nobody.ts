/**
 * Root may read and write anything, so tests of permission errors run
 * decklab as `nobody` (uid 65534) through setpriv when they run as root.
 */
import { spawnSync } from 'node:child_process'

export const isRoot = process.getuid?.() === 0
export const nobody = 65534
/** The setpriv line that runs a command as `uid` (and that gid), without root's groups. */
export function asUid(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups']
}
export const asNobody = asUid(nobody)

/** Why `bin` cannot be run as `nobody` here (as root), or undefined (as anyone else it runs as them). */
export function asNobodyUnavailable(bin: string): string | undefined {
  if (!isRoot) return undefined
  const probe = spawnSync(asNobody[0]!, [...asNobody.slice(1), process.execPath, bin, '--version'])
  if (probe.error) return 'setpriv is not installed'
  if (probe.status !== 0) return 'user nobody cannot run the built decklab from this checkout'
  return undefined
}
