/**
 * stream-sndbuf: how much unread data an AF_UNIX stream connection holds, and
 * whose buffer says so. A python3 peer writes without blocking to a receiver
 * that never reads until the kernel refuses a write; the receiver's SIOCINQ
 * shows that every byte sent waits there, and the sender's SIOCOUTQ what it
 * costs the sender's SO_SNDBUF. The same fill with the receiver's SO_RCVBUF at
 * its minimum and at net.core.rmem_max, with the sender's SO_SNDBUF lowered,
 * and with 1-byte writes, shows that only the sender's buffer counts, and that
 * each write is charged with its overhead.
 */
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'

interface Fill {
  chunk: number
  sent: number
  writes: number
  /** The errno of the write the kernel refused, or null when none was refused. */
  error: string | null
  /** SIOCINQ on the receiver: bytes waiting to be read. */
  inq: number
  /** SIOCOUTQ on the sender: what the queued buffers cost its SO_SNDBUF. */
  outq: number
  sndbuf: number
  rcvbuf: number
}

interface BufferReport {
  wmemDefault: number
  rmemMax: number
  default: Fill & {
    /** A blocking send on the full connection, ended by SO_SNDTIMEO after 0.3 s. */
    blockingSend: string
    waited: number
    read: number
    afterRead: string
  }
  tinyRcvbuf: Fill
  bigRcvbuf: Fill
  /** What setsockopt(SO_SNDBUF) was asked for in `loweredSndbuf`. */
  asked: number
  loweredSndbuf: Fill
  oneByteWrites: Fill
}

const fillText = (fill: Fill) =>
  `${fill.writes} write(s) of ${fill.chunk} B: ${fill.sent} B sent, then ${fill.error ?? 'no refusal'}; SIOCINQ ${fill.inq}, SIOCOUTQ ${fill.outq}, SO_SNDBUF ${fill.sndbuf}, receiver SO_RCVBUF ${fill.rcvbuf}`

/** Every byte sent waits at the receiver, and the kernel refused a write with EAGAIN. */
const filled = (fill: Fill) => fill.error === 'EAGAIN' && fill.sent > 0 && fill.inq === fill.sent

const lab: LabDefinition = {
  id: 'stream-sndbuf',
  title: "A stream sender's SO_SNDBUF, not the receiver's SO_RCVBUF, bounds the unread data",
  summary:
    "A python3 peer writes without blocking over an AF_UNIX stream connection to a receiver that never reads, until the kernel refuses a write with EAGAIN; SIOCINQ shows every byte sent waiting at the receiver. The receiver's SO_RCVBUF at its minimum or at net.core.rmem_max lets exactly as many bytes in; the sender's SO_SNDBUF, lowered (the kernel keeps twice what is asked), lets fewer in; 1-byte writes fit a few hundred bytes, since each write's buffer overhead is charged to SO_SNDBUF. A blocking send on the full connection waits, and goes through once the receiver reads.",
  requires: ['linux', 'python3'],
  checks: ['full-eagain', 'blocking-waits', 'sender-buffer-only', 'sndbuf-doubled', 'small-writes'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'buf.sock')
    const report = (await context.runPeer('stream-sndbuf.py', [path])) as BufferReport
    const base = report.default
    for (const [what, fill] of [
      ['default buffers', base],
      ['receiver SO_RCVBUF at its minimum', report.tinyRcvbuf],
      ['receiver SO_RCVBUF at net.core.rmem_max', report.bigRcvbuf],
      [`sender SO_SNDBUF asked ${report.asked}`, report.loweredSndbuf],
      ['1-byte writes', report.oneByteWrites],
    ] as const) {
      context.log(`${what}: ${fillText(fill)}`)
    }
    context.log(
      `full connection: blocking send → ${base.blockingSend} after ${base.waited.toFixed(3)} s; receiver read ${base.read} B; nonblocking send → ${base.afterRead}`,
    )

    context.check({
      name: 'full-eagain',
      pass: filled(base),
      expected:
        'a nonblocking write to a peer that never reads fails with EAGAIN once the buffer is full, and every byte sent before waits at the receiver',
      observed: fillText(base),
      evidence: [
        `SIOCINQ on the receiver: ${base.inq} B; bytes sent: ${base.sent}`,
        `net.core.wmem_default = ${report.wmemDefault}`,
      ],
      value: base.error ?? 'none',
      values: [
        {
          kind: 'errno',
          label: 'write to a full stream connection',
          value: base.error ?? 'none',
          about: 'nonblocking | MSG_DONTWAIT | O_NONBLOCK',
          contrast: 'blocking',
        },
      ],
    })

    // SO_SNDTIMEO (0.3 s, counted in jiffies, so a tick less may pass) ends the wait; a send that
    // did not wait would fail within microseconds. Load only lengthens the wait.
    const waits = base.blockingSend === 'EAGAIN' && base.waited >= 0.2
    const resumes = base.read > 0 && base.afterRead.startsWith('sent ')
    context.check({
      name: 'blocking-waits',
      pass: filled(base) && waits && resumes,
      expected:
        'on the full connection a blocking send waits (SO_SNDTIMEO ends it after 0.3 s, nothing sent); once the receiver reads, a send goes through',
      observed: `blocking send → ${base.blockingSend} after ${base.waited.toFixed(3)} s; after the receiver read ${base.read} B: ${base.afterRead}`,
      evidence: [
        `setsockopt(SO_SNDTIMEO, 0.3 s); send(1 B) → ${base.blockingSend} after ${base.waited.toFixed(3)} s`,
        `recv → ${base.read} B; send(1000 B, MSG_DONTWAIT) → ${base.afterRead}`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'waits | blocks',
          value: waits ? 'yes' : 'no',
          about: 'blocking',
          contrast: 'nonblocking',
        },
        { kind: 'bool', label: 'goes through | resumes', value: resumes ? 'yes' : 'no' },
      ],
    })

    const tiny = report.tinyRcvbuf
    const big = report.bigRcvbuf
    const lowered = report.loweredSndbuf
    const receiverIgnored =
      filled(tiny) &&
      filled(big) &&
      tiny.sent === base.sent &&
      big.sent === base.sent &&
      tiny.rcvbuf < base.rcvbuf &&
      big.rcvbuf > base.rcvbuf &&
      tiny.sent > tiny.rcvbuf
    const senderLimits = filled(lowered) && lowered.sndbuf < base.sndbuf && lowered.sent < base.sent
    // The bytes sit in the receiver's queue (SIOCINQ), yet the sender's SIOCOUTQ counts them.
    const charged = filled(base) && base.outq >= base.sent
    context.check({
      name: 'sender-buffer-only',
      pass: filled(base) && receiverIgnored && senderLimits && charged,
      expected:
        "the receiver's SO_RCVBUF, at its minimum or at rmem_max, lets exactly as many unread bytes in as the default; a lowered sender SO_SNDBUF lets fewer in; the unread bytes stay charged to the sender (its SIOCOUTQ)",
      observed: `receiver SO_RCVBUF ${tiny.rcvbuf}: ${tiny.sent} B; default ${base.rcvbuf}: ${base.sent} B; ${big.rcvbuf}: ${big.sent} B; sender SO_SNDBUF ${lowered.sndbuf}: ${lowered.sent} B; sender SIOCOUTQ ${base.outq} for ${base.inq} B in the receiver's SIOCINQ`,
      evidence: [tiny, base, big, lowered].map(fillText),
      values: [
        { kind: 'name', value: 'SO_SNDBUF', input: true },
        {
          kind: 'bool',
          label: 'ignored | ignores | has no effect',
          value: receiverIgnored ? 'yes' : 'no',
          about: "SO_RCVBUF | receiver | receiver's",
          contrast: "SO_SNDBUF | sender | sender's",
        },
        {
          kind: 'bool',
          label: 'charged | counts against',
          value: charged ? 'yes' : 'no',
          about: "sender | sender's | SO_SNDBUF",
          contrast: "receiver | receiver's | SO_RCVBUF",
        },
      ],
    })

    context.check({
      name: 'sndbuf-doubled',
      pass: lowered.sndbuf === 2 * report.asked && filled(lowered),
      expected: `setsockopt(SO_SNDBUF, ${report.asked}) is read back by getsockopt as twice that, ${2 * report.asked}`,
      observed: `getsockopt(SO_SNDBUF) → ${lowered.sndbuf}`,
      evidence: [`setsockopt(SO_SNDBUF, ${report.asked}); getsockopt → ${lowered.sndbuf}`],
      value: String(lowered.sndbuf),
      values: [
        { kind: 'number', label: 'SO_SNDBUF read back', value: String(lowered.sndbuf) },
        { kind: 'number', label: 'SO_SNDBUF asked', value: String(report.asked), input: true },
      ],
    })

    // Each write is one buffer: its overhead counts against SO_SNDBUF however few bytes it holds.
    const ones = report.oneByteWrites
    const fewer =
      filled(ones) &&
      ones.sndbuf === base.sndbuf &&
      ones.sent * 10 < base.sent &&
      ones.outq > ones.sent * 10
    context.check({
      name: 'small-writes',
      pass: fewer,
      expected:
        'with 1-byte writes far fewer bytes fit than with 64 KiB writes, the same SO_SNDBUF: each write is one buffer charged with its overhead',
      observed: `1-byte writes: ${ones.sent} B before EAGAIN (SIOCOUTQ ${ones.outq}); 64 KiB writes: ${base.sent} B`,
      evidence: [fillText(ones), fillText(base)],
      values: [
        { kind: 'errno', label: 'the write refused', value: ones.error ?? 'none' },
        {
          kind: 'bool',
          label: 'fewer bytes',
          value: fewer ? 'yes' : 'no',
          about: 'small | 1-byte',
        },
        { kind: 'bool', label: 'overhead', value: ones.outq > ones.sent * 10 ? 'yes' : 'no' },
      ],
    })
  },
}

export default lab
