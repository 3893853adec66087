/**
 * Node `net` sockets for the labs: listen and connect resolve once the kernel
 * has answered (an awaited event, never a sleep), with an `Outcome` so a lab
 * records a refusal as evidence; closing and reading are awaited the same way.
 */
import { once } from 'node:events'
import {
  createConnection,
  createServer,
  type ListenOptions,
  type NetConnectOpts,
  type Server,
  type Socket,
} from 'node:net'
import { trackHandle } from './handles.js'
import { failure, type Outcome } from './outcome.js'

/** How a server treats its connections. */
export interface ServerOptions {
  onConnection?: ((socket: Socket) => void) | undefined
  /** Keep a connection's writable side open after the peer's EOF. */
  allowHalfOpen?: boolean | undefined
  /** Accepted sockets start paused (their data waits in the kernel until resumed). */
  pauseOnConnect?: boolean | undefined
}

/**
 * Listen on a socket path (`\0name` for an abstract name) or on the given
 * listen options (a TCP port); resolves once `listening` fired, or with the
 * errno (the server is closed then).
 */
export async function listen(
  address: string | ListenOptions,
  options: ServerOptions = {},
): Promise<Outcome<Server>> {
  const server = createServer({
    allowHalfOpen: options.allowHalfOpen === true,
    pauseOnConnect: options.pauseOnConnect === true,
  })
  if (options.onConnection) server.on('connection', options.onConnection)
  try {
    server.listen(address)
    await once(server, 'listening')
    const connections = new Set<Socket>()
    server.on('connection', (socket) => {
      connections.add(socket)
      socket.once('close', () => connections.delete(socket))
    })
    // Closed by the runner if the lab does not get to it (it threw, or its deadline passed).
    trackHandle({
      what: `server on ${typeof address === 'string' ? address.replace(/^\0/, '@') : JSON.stringify(address)}`,
      kind: 'server',
      isOpen: () => server.listening,
      close: () => closeServer(server, connections),
    })
    return { ok: true, value: server }
  } catch (error) {
    server.close()
    return failure(error)
  }
}

/** Connect a stream client to a socket path or to connect options; resolves once connected, or with the errno. */
export async function connect(address: string | NetConnectOpts): Promise<Outcome<Socket>> {
  const socket = createConnection(typeof address === 'string' ? { path: address } : address)
  try {
    await once(socket, 'connect')
    // Later errors (ECONNRESET, EPIPE when the peer is done first, a peer killed
    // at cleanup) must not crash the runner; labs that care listen themselves.
    socket.on('error', () => {})
    trackHandle({
      what: `client of ${typeof address === 'string' ? address : ((address as { path?: string }).path ?? 'a server')}`,
      kind: 'client',
      isOpen: () => !socket.destroyed,
      close: async () => {
        socket.destroy()
      },
    })
    return { ok: true, value: socket }
  } catch (error) {
    socket.destroy()
    return failure(error)
  }
}

/** Close a server and every connection it still has; resolves when closed. */
export async function closeServer(server: Server, sockets: Iterable<Socket> = []): Promise<void> {
  for (const socket of sockets) socket.destroy()
  if (!server.listening) return
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

/**
 * Read from `socket` until `byteCount` bytes arrived, EOF, or the signal
 * aborts; returns each chunk as `read` delivered it (boundaries as observed).
 */
export async function readChunks(
  socket: Socket,
  byteCount: number,
  signal: AbortSignal,
): Promise<Buffer[]> {
  const chunks: Buffer[] = []
  let total = 0
  if (byteCount <= 0) return chunks
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown) => {
      socket.off('data', onData)
      socket.off('end', onEnd)
      socket.off('error', onError)
      signal.removeEventListener('abort', onAbort)
      if (error) reject(error)
      else resolve()
    }
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      total += chunk.length
      if (total >= byteCount) finish()
    }
    const onEnd = () => finish()
    const onError = (error: Error) => finish(error)
    const onAbort = () => finish(signal.reason)
    socket.on('data', onData)
    socket.once('end', onEnd)
    socket.once('error', onError)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  return chunks
}
