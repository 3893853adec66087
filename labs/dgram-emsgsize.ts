import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'

interface SizeReport {
  sndbuf: number
  fits: { size: number; error: string | null; received: number }
  edge: { size: number; error: string | null }
  oversize: { size: number; error: string | null }
  raised: { wmemMax: number; sndbuf: number; size: number; error: string | null; received: number }
  /** Whose buffer limits a datagram: the receiver's SO_RCVBUF changed, then the sender's SO_SNDBUF. */
  whose: {
    sndbuf: number
    rmemMax: number
    rcvbufMin: number
    /** The largest datagram for `sndbuf`, to a receiver whose SO_RCVBUF is at its minimum. */
    tinyRcvbuf: { size: number; error: string | null; received: number }
    rcvbufMax: number
    /** One byte more, to a receiver whose SO_RCVBUF was raised to net.core.rmem_max. */
    bigRcvbuf: { size: number; error: string | null }
    /** A fresh sender whose SO_SNDBUF was lowered (to 4096, which the kernel doubles). */
    loweredSndbuf: number
    loweredFits: { size: number; error: string | null; received: number }
    loweredEdge: { size: number; error: string | null }
    /** setsockopt(SO_SNDBUF, asked) with asked = 4 × net.core.wmem_max, and what it gave. */
    asked: number
    cappedSndbuf: number
  }
}

const lab: LabDefinition = {
  id: 'dgram-emsgsize',
  title: 'A datagram larger than the send buffer fails with EMSGSIZE',
  summary:
    "A python3 peer sends SOCK_DGRAM messages to a bound receiver. A Unix datagram must fit in the sender's SO_SNDBUF (less 32 bytes of bookkeeping): the largest one that fits arrives whole, one byte more and anything larger than the buffer fail at once with EMSGSIZE — the kernel never splits a datagram. The limit is the sender's: a receiver with its SO_RCVBUF at the minimum still takes the largest datagram, one raised to net.core.rmem_max lets no larger one in, a sender whose SO_SNDBUF is lowered gets a lower limit, and a request above net.core.wmem_max is cut to it.",
  requires: ['linux', 'python3'],
  checks: [
    'oversize-emsgsize',
    'fits-under-limit',
    'sndbuf-default',
    'raise-sndbuf',
    'sender-buffer-limits',
  ],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'receiver.sock')
    const otherPath = join(context.dir, 'other.sock')
    const report = (await context.runPeer('dgram-emsgsize.py', [path, otherPath])) as SizeReport
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

    // Whose buffer: the receiver's SO_RCVBUF, shrunk or raised, moves nothing; the sender's does.
    const whose = report.whose
    const receiverIrrelevant =
      whose.tinyRcvbuf.error === null &&
      whose.tinyRcvbuf.received === whose.tinyRcvbuf.size &&
      whose.tinyRcvbuf.size > whose.rcvbufMin &&
      whose.bigRcvbuf.error === 'EMSGSIZE' &&
      whose.rcvbufMax > whose.bigRcvbuf.size
    const senderMoves =
      whose.loweredSndbuf < whose.sndbuf &&
      whose.loweredFits.error === null &&
      whose.loweredFits.received === whose.loweredFits.size &&
      whose.loweredEdge.error === 'EMSGSIZE'
    const raisedBySender = raisedOk && whose.bigRcvbuf.error === 'EMSGSIZE'
    // The kernel keeps twice what it was asked for; a request above wmem_max is cut to wmem_max.
    const capped = whose.cappedSndbuf === 2 * raised.wmemMax && whose.asked > raised.wmemMax
    context.log(
      `receiver SO_RCVBUF ${whose.rcvbufMin}: ${whose.tinyRcvbuf.size} B → ${whose.tinyRcvbuf.error ?? `received ${whose.tinyRcvbuf.received} B`}; SO_RCVBUF ${whose.rcvbufMax}: ${whose.bigRcvbuf.size} B → ${whose.bigRcvbuf.error ?? 'sent'}`,
    )
    context.log(
      `sender SO_SNDBUF ${whose.loweredSndbuf}: ${whose.loweredFits.size} B → ${whose.loweredFits.error ?? 'sent'}, ${whose.loweredEdge.size} B → ${whose.loweredEdge.error ?? 'sent'}; asked ${whose.asked}, got SO_SNDBUF ${whose.cappedSndbuf}`,
    )
    context.check({
      name: 'sender-buffer-limits',
      values: [
        { kind: 'name', value: 'SO_SNDBUF', input: true },
        {
          kind: 'errno',
          label: "a datagram over the sender's limit",
          value: whose.loweredEdge.error ?? 'sent',
          about: 'sender | senders | sending socket',
          contrast: 'receiver | receivers | SO_RCVBUF | receive buffer',
        },
        {
          kind: 'bool',
          label: 'fit in it whole',
          value: whose.loweredFits.received === whose.loweredFits.size ? 'yes' : 'no',
        },
        {
          kind: 'bool',
          label: 'raise',
          value: raisedBySender ? 'yes' : 'no',
          about: 'SO_SNDBUF | sender | senders',
          contrast: 'SO_RCVBUF | receiver | receivers',
        },
        { kind: 'bool', label: 'up to net.core.wmem_max', value: capped ? 'yes' : 'no' },
        // What it keeps of a request: twice it (here, twice wmem_max for a request above that).
        {
          kind: 'bool',
          label: 'keeps twice',
          value: whose.cappedSndbuf === 2 * raised.wmemMax ? 'yes' : 'no',
        },
      ],
      pass: receiverIrrelevant && senderMoves && raisedBySender && capped,
      expected:
        "the limit follows the sender's SO_SNDBUF: a receiver's SO_RCVBUF at its minimum still takes the largest datagram and raised to rmem_max lets no larger one in; a lowered SO_SNDBUF lowers the limit (SO_SNDBUF − 32 fits, one byte more is EMSGSIZE); raising it is cut at net.core.wmem_max, and the kernel keeps twice what it was asked",
      observed: `SO_RCVBUF ${whose.rcvbufMin}: ${whose.tinyRcvbuf.size} B ${whose.tinyRcvbuf.error ?? 'received whole'}; SO_RCVBUF ${whose.rcvbufMax}: ${whose.bigRcvbuf.size} B ${whose.bigRcvbuf.error ?? 'sent'}; SO_SNDBUF ${whose.loweredSndbuf}: ${whose.loweredFits.size} B ${whose.loweredFits.error ?? 'received whole'}, ${whose.loweredEdge.size} B ${whose.loweredEdge.error ?? 'sent'}; SO_SNDBUF ${whose.asked} asked → ${whose.cappedSndbuf}`,
      evidence: [
        `default SO_SNDBUF ${whose.sndbuf}; net.core.rmem_max ${whose.rmemMax}; net.core.wmem_max ${raised.wmemMax}`,
        `receiver getsockopt(SO_RCVBUF) after asking 1: ${whose.rcvbufMin}, after asking rmem_max: ${whose.rcvbufMax}`,
        `sender getsockopt(SO_SNDBUF) after asking 4096: ${whose.loweredSndbuf}`,
        `sender SO_SNDBUF ${report.sndbuf} → ${raised.sndbuf} (asked wmem_max): ${raised.size} B → ${raised.error ?? 'sent'}`,
      ],
    })
  },
}

export default lab
