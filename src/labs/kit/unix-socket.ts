/**
 * SOCK_DGRAM and SOCK_SEQPACKET through the node-unix-socket addon. Lab
 * modules load it inside `run`, so listing labs never loads a native addon
 * and a missing addon makes a lab skip instead of breaking the registry.
 * Each send is one awaited system call, so every message is queued before
 * the next step.
 */
type UnixSocketModule = typeof import('node-unix-socket')

/** A node-unix-socket SOCK_SEQPACKET socket. */
export type SeqpacketSocket = InstanceType<UnixSocketModule['SeqpacketSocket']>

let loading: Promise<UnixSocketModule> | undefined

/** The node-unix-socket module, imported once. */
export function loadUnixSocket(): Promise<UnixSocketModule> {
  loading ??= import('node-unix-socket')
  return loading
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
