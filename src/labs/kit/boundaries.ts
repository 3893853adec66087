/**
 * Message-boundary experiments: Node sends messages one system call each,
 * the python3 delayed reader reads only once everything is queued, and the
 * reads are compared with the sends. The same sends on SOCK_STREAM are the
 * negative control of every boundary claim.
 */
import { once } from 'node:events'
import { join } from 'node:path'
import type { LabContext } from '../types.js'
import { unwrap } from './outcome.js'
import { connect } from './sockets.js'
import { connectSeqpacket, sendDatagrams, writeSeqpackets } from './unix-socket.js'

/** The socket kinds the delayed reader handles. */
export type BoundaryKind = 'stream' | 'dgram' | 'seqpacket'

/** A running python3 delayed reader. */
export interface DelayedReader {
  /** Where to send the messages. */
  path: string
  /** Tell the reader everything is sent; resolves with each read it made, in order. */
  finish(): Promise<Buffer[]>
}

/**
 * Start `stream-coalesce-reader.py` for `kind` under a name unique to this
 * lab run; it binds in the lab directory and removes its files itself.
 */
export async function startDelayedReader(
  context: LabContext,
  kind: BoundaryKind,
  name: string,
): Promise<DelayedReader> {
  const path = join(context.dir, `${name}.sock`)
  const goPath = join(context.dir, `${name}-go.sock`)
  const peer = await context.startPeer('stream-coalesce-reader.py', [kind, path, goPath])
  const exited = once(peer.process, 'exit')
  return {
    path,
    async finish() {
      await sendGoSignal(kind, path, goPath)
      for await (const line of peer.lines) {
        const report = JSON.parse(line) as { reads: string[] }
        await exited
        return report.reads.map((hex) => Buffer.from(hex, 'hex'))
      }
      throw new Error('the python3 reader ended without reporting its reads')
    },
  }
}

/** Node sends `messages` on `kind`, one call each; the delayed reader reads once all are queued. */
export async function readLate(
  context: LabContext,
  kind: BoundaryKind,
  name: string,
  messages: readonly Buffer[],
): Promise<Buffer[]> {
  const reader = await startDelayedReader(context, kind, name)
  if (kind === 'stream') await writeStreamMessages(reader.path, messages)
  else if (kind === 'seqpacket') await writeSeqpacketMessages(reader.path, messages)
  else await sendDatagrams(reader.path, messages)
  return reader.finish()
}

/** The "all sent" signal: a second connection (stream, seqpacket) or a datagram to the go socket. */
async function sendGoSignal(kind: BoundaryKind, path: string, goPath: string): Promise<void> {
  if (kind === 'stream') {
    unwrap(await connect({ path, allowHalfOpen: true })).destroy()
  } else if (kind === 'seqpacket') {
    const socket = await connectSeqpacket(path)
    socket.destroy()
  } else {
    await sendDatagrams(goPath, [Buffer.from('go')])
  }
}

/** Connect a stream socket, write each message with its own awaited write(), then end and close. */
export async function writeStreamMessages(
  path: string,
  messages: readonly Buffer[],
): Promise<void> {
  const socket = unwrap(await connect({ path, allowHalfOpen: true }))
  try {
    for (const message of messages) {
      await new Promise<void>((resolve, reject) =>
        socket.write(message, (error) => (error ? reject(error) : resolve())),
      )
    }
    await new Promise<void>((resolve) => socket.end(resolve))
  } finally {
    socket.destroy()
  }
}

/** Write each message as one SOCK_SEQPACKET message (awaited), then half-close and close. */
export async function writeSeqpacketMessages(
  path: string,
  messages: readonly Buffer[],
): Promise<void> {
  const socket = await connectSeqpacket(path)
  try {
    await writeSeqpackets(socket, messages)
    await new Promise<void>((resolve) => socket.end(resolve))
  } finally {
    socket.destroy()
  }
}

/** One direction of a boundary experiment: what was read, or why nothing was. */
export interface ReadSide {
  name: string
  reads: Buffer[]
  error?: string | undefined
}

/**
 * Whether every side read exactly the sent messages (same count, same
 * bytes, in order), with the observed text and evidence a check records.
 */
export function compareReads(
  messages: readonly Buffer[],
  sides: readonly ReadSide[],
): { kept: boolean; observed: string; evidence: string[] } {
  const sameMessages = (reads: Buffer[]) =>
    reads.length === messages.length && reads.every((read, index) => read.equals(messages[index]!))
  return {
    kept: sides.every((side) => !side.error && sameMessages(side.reads)),
    observed: sides
      .map(
        (side) =>
          `${side.name}: ${side.error ?? `${side.reads.length} read(s) of ${side.reads.map((read) => read.length).join(', ')} bytes`}`,
      )
      .join('; '),
    evidence: sides.map((side) => `${side.name} reads: ${JSON.stringify(side.reads.map(String))}`),
  }
}

/**
 * The negative control: the same sends on SOCK_STREAM, read late, come out as
 * fewer reads. Records the check `stream-control-coalesces`.
 */
export async function checkStreamControl(
  context: LabContext,
  messages: readonly Buffer[],
): Promise<void> {
  const streamReads = await readLate(context, 'stream', 'stream-reader', messages)
  context.check({
    name: 'stream-control-coalesces',
    pass:
      streamReads.length > 0 &&
      streamReads.length < messages.length &&
      Buffer.concat(streamReads).equals(Buffer.concat(messages)),
    expected: `the same ${messages.length} sends on SOCK_STREAM come out as fewer reads (boundaries lost)`,
    observed: `${streamReads.length} read(s): ${JSON.stringify(streamReads.map(String))}`,
    evidence: [`stream reads: ${JSON.stringify(streamReads.map(String))}`],
  })
}
