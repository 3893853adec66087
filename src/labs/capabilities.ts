/**
 * What root may do here. Root's privileges are capabilities, and a container
 * or a service may run uid 0 without some of them: Docker drops CAP_SYS_ADMIN
 * by default, `docker run --cap-drop` and systemd's `CapabilityBoundingSet=`
 * drop others. Without the capability the kernel refuses root too, rightly,
 * so a check of what root may do (or one that runs a peer as another user)
 * skips, naming the capability, instead of failing the card that says it.
 */
import { readFile } from 'node:fs/promises'

/** Bit numbers (linux/capability.h) of the capabilities the labs' root-only steps need. */
const capabilityBits = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SYS_ADMIN: 21,
} as const

export type Capability = keyof typeof capabilityBits

/**
 * The capabilities of `wanted` missing from this process's effective set
 * (`CapEff` in /proc/self/status; a peer root starts gets the same). None are
 * reported missing when that line cannot be read: the step then runs, as it did.
 */
export async function missingCapabilities(
  wanted: readonly Capability[],
  status = '/proc/self/status',
): Promise<Capability[]> {
  let text: string
  try {
    text = await readFile(status, 'utf8')
  } catch {
    return []
  }
  const hex = /^CapEff:\s*([0-9a-f]+)\s*$/m.exec(text)?.[1]
  if (hex === undefined) return []
  const effective = BigInt(`0x${hex}`)
  return wanted.filter((name) => ((effective >> BigInt(capabilityBits[name])) & 1n) === 0n)
}

/** Why a step of root's cannot run here: root lacks `missing`, which `purpose` needs. */
export function capabilityReason(missing: readonly Capability[], purpose: string): string {
  const names = missing.join(' and ')
  const it = missing.length === 1 ? 'it' : 'them'
  return `running as root without ${names}, which ${purpose} needs (a container or service may run root without ${it}: docker run --cap-add ${missing.map((name) => name.slice(4)).join(' --cap-add ')})`
}
