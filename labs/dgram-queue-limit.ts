/**
 * dgram-queue-limit: how many datagrams wait for a receiver that never reads.
 * The count cap is net.unix.max_dgram_qlen; its kernel default is read in a
 * fresh network namespace (`unshare -n` as root; otherwise `unshare -rn`, in
 * a user namespace of its own, which Linux lets an ordinary user make),
 * because the host's value is often changed at boot (systemd sets 512).
 */
import { readFile } from 'node:fs/promises'
import { capabilityReason, missingCapabilities } from '../src/labs/capabilities.js'
import { collectOutput } from '../src/labs/kit/children.js'
import { findExecutable, isRoot } from '../src/labs/requirements.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

interface Fill {
  queued: number
  refusal: string | null
  size: number
  /** The sender's SO_SNDBUF, which the peer widened for max_dgram_qlen + 1 datagrams where it could. */
  sndbuf: number
}

interface QueueReport {
  unconnected: Fill
  connected: Fill
  mutualSmall: Fill
  mutualLarge: Fill
}

const sysctlPath = '/proc/sys/net/unix/max_dgram_qlen'

/** The value in a fresh network namespace, how it was read, or why it could not be. */
async function freshNamespaceValue(
  context: LabContext,
): Promise<{ value: string; command: string } | { reason: string }> {
  const unshare = await findExecutable('unshare')
  if (!unshare) return { reason: 'needs unshare (util-linux) for a fresh network namespace' }
  // Not root: a user namespace of its own (-r) lets an ordinary user make a network namespace,
  // whose sysctls start at the kernel's defaults as root's do.
  const flags = isRoot() ? '-n' : '-rn'
  const command = `unshare ${flags}`
  // Root makes a network namespace by CAP_SYS_ADMIN, which Docker's root lacks: say so, not only EPERM.
  const noAdmin = isRoot() ? await missingCapabilities(['CAP_SYS_ADMIN']) : []
  const hint = !isRoot()
    ? ' (a fresh network namespace needs root, or user namespaces an ordinary user may make)'
    : noAdmin.length > 0
      ? ` (${capabilityReason(noAdmin, 'making a network namespace')})`
      : ''
  const failed = (why: string) => ({ reason: `${command} failed: ${why}${hint}` })
  try {
    const child = context.spawn(unshare, [flags, 'cat', sysctlPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const result = await collectOutput(child)
    if (result.code !== 0) return failed(result.stderr.trim())
    return { value: result.stdout.trim(), command }
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error))
  }
}

const fillText = (fill: Fill) =>
  `${fill.queued} × ${fill.size} B queued, then ${fill.refusal ?? 'no refusal'} (SO_SNDBUF ${fill.sndbuf})`

/**
 * Why the count cap cannot be seen here, or undefined: the sender's buffer ran out of
 * bytes before max_dgram_qlen + 1 datagrams, also for the pair no count holds (a
 * max_dgram_qlen larger than SO_SNDBUF can hold, which the peer could not widen enough).
 */
function bytesFirst(report: QueueReport, limit: number): string | undefined {
  const { unconnected, connected, mutualSmall } = report
  if ([unconnected, connected, mutualSmall].some((fill) => fill.queued > limit)) return undefined
  return `the sender's buffer (SO_SNDBUF ${mutualSmall.sndbuf} bytes, net.core.wmem_max caps it without CAP_NET_ADMIN) holds only ${mutualSmall.queued} one-byte datagrams, fewer than max_dgram_qlen + 1 = ${limit + 1}, so bytes stop every sender before the count does; run as root, or raise net.core.wmem_max`
}

const lab: LabDefinition = {
  id: 'dgram-queue-limit',
  title: 'Datagrams to a reader that never reads: EAGAIN after max_dgram_qlen + 1',
  summary:
    "A python3 peer binds SOCK_DGRAM receivers that never call recv() and sends to them with MSG_DONTWAIT until the kernel refuses: from an unconnected sender, from a connected one, and with the receiver connected back to the sender, each sender's buffer (SO_SNDBUF) made room for max_dgram_qlen + 1 small datagrams first. The first two stop at net.unix.max_dgram_qlen + 1 datagrams with EAGAIN; the mutual pair is exempt from the count and is limited by the sender's buffer in bytes instead. The sysctl's kernel default is read in a fresh network namespace (unshare -n, or unshare -rn in a user namespace of its own when not root), since the host's value may have been changed at boot.",
  requires: ['linux', 'python3'],
  checks: [
    'queue-full-eagain',
    'max-dgram-qlen',
    'connected-senders-capped',
    'mutual-connection-exempt',
  ],
  serve: null,
  async run(context) {
    const current = (await readFile(sysctlPath, 'utf8')).trim()
    const limit = Number(current)
    const report = (await context.runPeer('dgram-queue-limit.py', [context.dir])) as QueueReport
    context.log(`${sysctlPath} here = ${current}`)
    for (const [name, fill] of Object.entries(report)) context.log(`${name}: ${fillText(fill)}`)

    const { unconnected, connected, mutualSmall, mutualLarge } = report
    const refusal = unconnected.refusal ?? 'none'
    context.check({
      name: 'queue-full-eagain',
      pass: unconnected.refusal === 'EAGAIN' && unconnected.queued > 0,
      expected: 'the sender gets EAGAIN once the receive queue is full',
      observed: fillText(unconnected),
      evidence: [`unconnected sender: ${fillText(unconnected)}`],
      value: refusal,
      values: [
        {
          kind: 'errno',
          label: 'send to a full queue',
          value: refusal,
          // The sender gets it, not the receiver whose queue is full.
          about: 'sender | senders',
          contrast: 'receiver | receivers',
        },
      ],
    })

    const fresh = await freshNamespaceValue(context)
    if ('reason' in fresh) {
      context.skipCheck(
        'max-dgram-qlen',
        `${fresh.reason}; this namespace's current value is ${current}, which may not be the kernel default (systemd sets 512 at boot)`,
      )
    } else {
      context.log(`${fresh.command}: ${sysctlPath} = ${fresh.value} (the kernel's own default)`)
      context.check({
        name: 'max-dgram-qlen',
        pass: /^\d+$/.test(fresh.value),
        expected:
          'the kernel default of net.unix.max_dgram_qlen, read in a fresh network namespace',
        observed: `${fresh.value} in a fresh network namespace (${current} in this one)`,
        evidence: [
          `${fresh.command} cat ${sysctlPath}: ${fresh.value}`,
          `${sysctlPath} in the lab's namespace: ${current}`,
        ],
        value: fresh.value,
        values: [{ kind: 'number', label: 'kernel default max_dgram_qlen', value: fresh.value }],
      })
    }

    const unseen = bytesFirst(report, limit)
    if (unseen) {
      context.skipCheck('connected-senders-capped', unseen)
      context.skipCheck('mutual-connection-exempt', unseen)
      return
    }
    // The kernel refuses when the queue is already longer than max_dgram_qlen: qlen + 1 fit.
    const capped = (fill: Fill) => fill.queued === limit + 1 && fill.refusal === 'EAGAIN'
    const both = capped(unconnected) && capped(connected)
    context.check({
      name: 'connected-senders-capped',
      pass: both,
      expected: `connected and unconnected senders alike stop at max_dgram_qlen + 1 = ${limit + 1} datagrams`,
      observed: `unconnected: ${fillText(unconnected)}; connected: ${fillText(connected)}`,
      evidence: [`max_dgram_qlen ${current}`, fillText(unconnected), fillText(connected)],
      values: [
        {
          kind: 'bool',
          label: 'connected and unconnected senders',
          value: both ? 'yes' : 'no',
        },
      ],
    })
    const exempt = mutualSmall.queued > limit + 1 && mutualLarge.queued < mutualSmall.queued
    context.check({
      name: 'mutual-connection-exempt',
      pass: exempt && mutualSmall.refusal === 'EAGAIN',
      expected:
        "a receiver connected back to its sender is not held to the count; the sender's buffer (SO_SNDBUF, bytes) limits it instead",
      observed: `mutual pair: ${fillText(mutualSmall)}; ${fillText(mutualLarge)}`,
      evidence: [fillText(mutualSmall), fillText(mutualLarge), `max_dgram_qlen ${current}`],
      values: [
        { kind: 'bool', label: 'exempt', value: exempt ? 'yes' : 'no' },
        { kind: 'name', value: 'SO_SNDBUF', input: true },
      ],
    })
  },
}

export default lab
