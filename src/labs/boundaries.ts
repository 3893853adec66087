/**
 * Helpers for message-boundary labs: senders that make one system call per
 * message (awaited, so every message is queued before the next step), and
 * the python3 delayed reader that reads only once everything is queued.
 */
import { once } from 'node:events'
import { join } from 'node:path'
import { connectStream } from './stream-helpers.js'
import type { LabContext } from './types.js'
import { loadUnixSocket } from './unix-socket.js'

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

/** The "all sent" signal: a second connection (stream, seqpacket) or a datagram to the go socket. */
async function sendGoSignal(kind: BoundaryKind, path: string, goPath: string): Promise<void> {
  if (kind === 'stream') {
    const socket = await connectStream(path)
    socket.destroy()
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
  const socket = await connectStream(path)
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

type SeqpacketSocket = InstanceType<Awaited<ReturnType<typeof loadUnixSocket>>['SeqpacketSocket']>

/** Connect a node-unix-socket SOCK_SEQPACKET client; rejects with the connect error. */
export async function connectSeqpacket(path: string): Promise<SeqpacketSocket> {
  const { SeqpacketSocket } = await loadUnixSocket()
  const socket = new SeqpacketSocket()
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    try {
      socket.connect(path, () => {
        socket.off('error', reject)
        resolve()
      })
    } catch (error) {
      reject(error)
    }
  })
  socket.on('error', () => {})
  return socket
}

/** Write each message as one SOCK_SEQPACKET message (awaited), then half-close and close. */
export async function writeSeqpacketMessages(
  path: string,
  messages: readonly Buffer[],
): Promise<void> {
  const socket = await connectSeqpacket(path)
  try {
    for (const message of messages) {
      await new Promise<void>((resolve) => socket.write(message, 0, message.length, resolve))
    }
    await new Promise<void>((resolve) => socket.end(resolve))
  } finally {
    socket.destroy()
  }
}

/** Send each message as one datagram from an unbound node-unix-socket socket (awaited). */
export async function sendDatagrams(path: string, messages: readonly Buffer[]): Promise<void> {
  const { DgramSocket } = await loadUnixSocket()
  const socket = new DgramSocket()
  socket.on('error', () => {})
  try {
    for (const message of messages) {
      await new Promise<void>((resolve, reject) =>
        socket.sendTo(message, 0, message.length, path, (error) =>
          error ? reject(error) : resolve(),
        ),
      )
    }
  } finally {
    socket.close()
  }
}
