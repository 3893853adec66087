import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'

interface SizeReport {
  sndbuf: number
  fits: { size: number; error: string | null; received: number }
  edge: { size: number; error: string | null }
  oversize: { size: number; error: string | null }
  raised: { wmemMax: number; sndbuf: number; size: number; error: string | null; received: number }
}

const lab: LabDefinition = {
  id: 'dgram-emsgsize',
  title: 'A datagram larger than the send buffer fails with EMSGSIZE',
  summary:
    "A python3 peer sends SOCK_DGRAM messages to a bound receiver. A Unix datagram must fit in the sender's SO_SNDBUF (less 32 bytes of bookkeeping): the largest one that fits arrives whole, one byte more and anything larger than the buffer fail at once with EMSGSIZE — the kernel never splits a datagram.",
  requires: ['linux', 'python3'],
  checks: ['oversize-emsgsize', 'fits-under-limit', 'sndbuf-default', 'raise-sndbuf'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'receiver.sock')
    const report = (await context.runPeer('dgram-emsgsize.py', [path])) as SizeReport
    const wmemDefault = (await readFile('/proc/sys/net/core/wmem_default', 'utf8')).trim()
    context.log(`SO_SNDBUF ${report.sndbuf}; sysctl net.core.wmem_default ${wmemDefault}`)
    context.log(
      `sendto ${report.fits.size} B → ${report.fits.error ?? `ok, received ${report.fits.received} B`}`,
    )
    context.log(`sendto ${report.edge.size} B → ${report.edge.error ?? 'ok'}`)
    context.log(`sendto ${report.oversize.size} B → ${report.oversize.error ?? 'ok'}`)

    context.check({
      name: 'oversize-emsgsize',
      pass: report.oversize.error === 'EMSGSIZE' && report.fits.error === null,
      expected:
        'a datagram larger than SO_SNDBUF fails with EMSGSIZE (while a smaller one is sent)',
      observed: `${report.oversize.size} B → ${report.oversize.error ?? 'sent'}`,
      evidence: [
        `SO_SNDBUF = ${report.sndbuf}`,
        `${report.edge.size} B (limit + 1) → ${report.edge.error ?? 'sent'}`,
        `${report.oversize.size} B → ${report.oversize.error ?? 'sent'}`,
      ],
      value: report.oversize.error ?? 'sent',
      values: [
        { kind: 'errno', label: 'oversize datagram', value: report.oversize.error ?? 'sent' },
      ],
    })
    context.check({
      name: 'fits-under-limit',
      pass:
        report.fits.error === null &&
        report.fits.received === report.fits.size &&
        report.edge.error === 'EMSGSIZE',
      expected: 'SO_SNDBUF − 32 bytes arrives as one whole datagram; one byte more is refused',
      observed: `${report.fits.size} B sent, ${report.fits.received} B received in one recv(); ${report.edge.size} B → ${report.edge.error ?? 'sent'}`,
      evidence: [`bytes sent ${report.fits.size}, bytes received ${report.fits.received}`],
      values: [
        { kind: 'name', value: 'SO_SNDBUF', input: true },
        { kind: 'errno', label: 'one byte over the limit', value: report.edge.error ?? 'sent' },
      ],
    })
    context.check({
      name: 'sndbuf-default',
      pass: report.sndbuf > 0 && String(report.sndbuf) === wmemDefault,
      expected: 'the default SO_SNDBUF of a new Unix datagram socket (net.core.wmem_default)',
      observed: `${report.sndbuf} bytes`,
      evidence: [
        `getsockopt(SO_SNDBUF) = ${report.sndbuf}`,
        `net.core.wmem_default = ${wmemDefault}`,
      ],
      value: String(report.sndbuf),
      values: [{ kind: 'number', label: 'default SO_SNDBUF', value: String(report.sndbuf) }],
    })
    const raised = report.raised
    const raisedOk =
      raised.error === null && raised.received === raised.size && raised.sndbuf > report.sndbuf
    context.check({
      name: 'raise-sndbuf',
      pass: raisedOk && report.oversize.error === 'EMSGSIZE',
      expected: `after setsockopt(SO_SNDBUF, wmem_max) the ${raised.size}-byte datagram refused before goes through whole`,
      observed: `SO_SNDBUF ${report.sndbuf} → ${raised.sndbuf}; ${raised.size} B → ${raised.error ?? `sent, ${raised.received} B received`}`,
      evidence: [
        `net.core.wmem_max = ${raised.wmemMax}`,
        `getsockopt(SO_SNDBUF) after raising: ${raised.sndbuf}`,
      ],
      values: [
        { kind: 'bool', label: 'raise', value: raisedOk ? 'yes' : 'no' },
        { kind: 'name', value: 'SO_SNDBUF', input: true },
      ],
    })
  },
}

export default lab
