/**
 * Small promise helpers for labs that use Node's `net` on Unix-domain stream
 * sockets: listen, connect and read are awaited events, never sleeps.
 */
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** Listen on `path` and resolve once listening (rejects with the listen error). */
export async function listenStream(
  path: string,
  onConnection?: ((socket: Socket) => void) | undefined,
  options: { pauseOnConnect?: boolean | undefined } = {},
): Promise<Server> {
  const server = createServer({
    allowHalfOpen: true,
    pauseOnConnect: options.pauseOnConnect === true,
  })
  if (onConnection) server.on('connection', onConnection)
  server.listen(path)
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ])
  return server
}

/** Connect to `path` and resolve once connected (rejects with the connect error). */
export async function connectStream(path: string): Promise<Socket> {
  const socket = connect({ path, allowHalfOpen: true })
  await Promise.race([
    once(socket, 'connect'),
    once(socket, 'error').then(([error]) => Promise.reject(error)),
  ])
  return socket
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
