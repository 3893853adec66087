/**
 * SOCK_DGRAM and SOCK_SEQPACKET through the node-unix-socket addon. Lab
 * modules load it inside `run`, so listing labs never loads a native addon
 * and a missing addon makes a lab skip instead of breaking the registry.
 * Each send is one awaited system call, so every message is queued before
 * the next step.
 */
import { resolve } from 'node:path'

type UnixSocketModule = typeof import('node-unix-socket')

/** A node-unix-socket SOCK_SEQPACKET socket. */
export type SeqpacketSocket = InstanceType<UnixSocketModule['SeqpacketSocket']>

let loading: Promise<UnixSocketModule> | undefined

/**
 * The paths this process bound through the addon since the runner last took
 * them: the addon does not unlink its file on close, so a socket a lab closed
 * outside its directory leaves a file nothing else names (`takeBoundPaths`).
 */
const boundPaths = new Set<string>()

/** The node-unix-socket module, imported once, its binds recorded. */
export function loadUnixSocket(): Promise<UnixSocketModule> {
  loading ??= import('node-unix-socket').then(recordingBinds)
  return loading
}

/** The paths bound since the last call (absolute: a relative one is decklab's folder's), forgotten. */
export function takeBoundPaths(): string[] {
  const paths = [...boundPaths].sort()
  boundPaths.clear()
  return paths
}

/** Record a path bound, but an abstract name (a leading NUL), which leaves no file. */
function recordBound(path: string): void {
  if (!path.startsWith('\0')) boundPaths.add(resolve(path))
}

/** The module with its datagram `bind` and seqpacket `listen` recording each path they bound. */
function recordingBinds(module: UnixSocketModule): UnixSocketModule {
  class DgramSocket extends module.DgramSocket {
    override bind(socketPath: string): void {
      super.bind(socketPath)
      recordBound(socketPath)
    }
  }
  class SeqpacketServer extends module.SeqpacketServer {
    override listen(bindpath: string, backlog?: number): void {
      super.listen(bindpath, backlog)
      recordBound(bindpath)
    }
  }
  return { ...module, DgramSocket, SeqpacketServer }
}

/** Connect a SOCK_SEQPACKET client; rejects with the connect error. */
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

/** Write each message as one SOCK_SEQPACKET message, awaited. */
export async function writeSeqpackets(
  socket: SeqpacketSocket,
  messages: readonly Buffer[],
): Promise<void> {
  for (const message of messages) {
    await new Promise<void>((resolve) => socket.write(message, 0, message.length, resolve))
  }
}

/** Send each message as one datagram from an unbound SOCK_DGRAM socket (awaited), then close it. */
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
