/**
 * `decklab lab serve`: the echo servers (stream with Node `net`, datagram and
 * seqpacket with node-unix-socket) that independent clients can talk to.
 */
import { once } from 'node:events'
import { lstat, mkdtemp, rm, unlink } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { Io } from '../cli/io.js'
import { exitCodes, UsageError } from '../errors.js'
import { errnoName } from './evidence.js'
import { serveBanner } from './serve-banner.js'
import { closeServer, listenStream } from './stream-helpers.js'
import type { LabDefinition, ServeKind } from './types.js'
import { loadUnixSocket } from './unix-socket.js'

/** The longest sun_path Linux accepts with its NUL terminator (Node 20 silently truncates longer ones). */
export const maxSocketPathBytes = 107

/** Options of `lab serve`. */
export interface ServeOptions {
  path?: string | undefined
  json: boolean
  io: Io
}

/** A running echo server. */
export interface EchoServer {
  address: string
  close(): Promise<void>
}

/** One exchange an echo server handled, for the log. */
export interface Exchange {
  kind: ServeKind
  from: string
  bytes: number
  replied: boolean
  note?: string | undefined
}

/** Serve the lab's echo server until `io.signal` aborts; returns the exit code. */
export async function serveLab(lab: LabDefinition, options: ServeOptions): Promise<number> {
  const { io } = options
  if (lab.serve === null)
    throw new UsageError(`lab ${lab.id} has no server (see \`decklab lab list\`)`)
  let path: string
  let ownDirectory: string | undefined
  if (options.path !== undefined) {
    path = resolve(io.cwd, options.path)
    await checkServePath(path)
  } else {
    ownDirectory = await mkdtemp(join(tmpdir(), 'dl-'))
    path = join(ownDirectory, `${lab.id}.sock`)
  }
  const log = (exchange: Exchange) => {
    if (options.json) io.stderr.write(`${JSON.stringify(exchange)}\n`)
    else {
      io.stderr.write(
        `${exchange.kind} ${exchange.from || '(unnamed)'}: ${exchange.bytes} bytes${exchange.replied ? ' echoed' : ' not echoed'}${exchange.note ? ` (${exchange.note})` : ''}\n`,
      )
    }
  }
  let server: EchoServer
  try {
    server = await startEchoServer(lab.serve, path, log)
  } catch (error) {
    if (ownDirectory) await rm(ownDirectory, { recursive: true, force: true })
    throw new UsageError(
      `cannot serve on ${path}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  try {
    io.stdout.write(`READY ${server.address}\n`)
    if (!options.json) io.stderr.write(serveBanner(lab.serve, lab.id, server.address))
    if (!io.signal.aborted) await once(io.signal, 'abort')
  } finally {
    await server.close()
    if (ownDirectory) await rm(ownDirectory, { recursive: true, force: true })
  }
  if (!options.json) io.stderr.write(`stopped; removed ${path}\n`)
  // Only SIGINT or SIGTERM ends serving: an interrupted command exits 130.
  return exitCodes.interrupted
}

/** Refuse paths the kernel would truncate, and existing files that are not stale sockets. */
export async function checkServePath(path: string): Promise<void> {
  const bytes = Buffer.byteLength(path)
  if (bytes > maxSocketPathBytes) {
    throw new UsageError(
      `socket path is ${bytes} bytes, over the ${maxSocketPathBytes}-byte limit of sun_path (Node 20 would silently truncate it): ${path}`,
    )
  }
  const stats = await lstat(path).catch(() => undefined)
  if (!stats) {
    const parent = await lstat(dirname(path)).catch(() => undefined)
    if (!parent?.isDirectory()) throw new UsageError(`directory ${dirname(path)} does not exist`)
    return
  }
  if (!stats.isSocket())
    throw new UsageError(`${path} exists and is not a socket; refusing to replace it`)
  // A socket file: reuse it only if nothing listens there any more.
  if ((await probe(path)) !== 'ECONNREFUSED') {
    throw new UsageError(`${path} is a socket something is still serving on`)
  }
  await unlink(path)
}

/** Try a stream connect: `ECONNREFUSED` means a stale file (no socket bound to it). */
async function probe(path: string): Promise<string> {
  const socket: Socket = connect({ path })
  try {
    await Promise.race([
      once(socket, 'connect'),
      once(socket, 'error').then(([error]) => Promise.reject(error)),
    ])
    return 'connected'
  } catch (error) {
    return errnoName(error) ?? 'error'
  } finally {
    socket.destroy()
  }
}

/** Start an echo server of `kind` on `path`. */
export async function startEchoServer(
  kind: ServeKind,
  path: string,
  log: (exchange: Exchange) => void,
): Promise<EchoServer> {
  switch (kind) {
    case 'stream':
      return startStreamEcho(path, log)
    case 'datagram':
      return startDatagramEcho(path, log)
    case 'seqpacket':
      return startSeqpacketEcho(path, log)
  }
}

async function startStreamEcho(
  path: string,
  log: (exchange: Exchange) => void,
): Promise<EchoServer> {
  const sockets = new Set<Socket>()
  let clients = 0
  const server = await listenStream(path, (socket) => {
    sockets.add(socket)
    const from = `client ${++clients}`
    socket.on('data', (chunk: Buffer) => {
      socket.write(chunk)
      log({ kind: 'stream', from, bytes: chunk.length, replied: true })
    })
    socket.on('end', () => socket.end())
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  return {
    address: path,
    async close() {
      await closeServer(server, sockets)
      await unlink(path).catch(() => {})
    },
  }
}

async function startDatagramEcho(
  path: string,
  log: (exchange: Exchange) => void,
): Promise<EchoServer> {
  const { DgramSocket } = await loadUnixSocket()
  const socket = new DgramSocket()
  socket.on('error', () => {})
  try {
    socket.bind(path)
  } catch (error) {
    socket.close()
    throw error
  }
  socket.on('data', (data: Buffer, from: string) => {
    if (!from) {
      log({
        kind: 'datagram',
        from,
        bytes: data.length,
        replied: false,
        note: 'unbound sender: no address to reply to',
      })
      return
    }
    socket.sendTo(data, 0, data.length, from, (error) => {
      log({
        kind: 'datagram',
        from,
        bytes: data.length,
        replied: !error,
        note: error ? `reply failed: ${errnoName(error) ?? error.message}` : undefined,
      })
    })
  })
  return {
    address: path,
    async close() {
      socket.close()
      // node-unix-socket does not unlink on close.
      await unlink(path).catch(() => {})
    },
  }
}

async function startSeqpacketEcho(
  path: string,
  log: (exchange: Exchange) => void,
): Promise<EchoServer> {
  const { SeqpacketServer } = await loadUnixSocket()
  const server = new SeqpacketServer()
  server.on('error', () => {})
  type Connection = InstanceType<Awaited<ReturnType<typeof loadUnixSocket>>['SeqpacketSocket']>
  const connections = new Set<Connection>()
  let clients = 0
  try {
    server.listen(path)
  } catch (error) {
    server.close()
    throw error
  }
  server.on('connection', (socket: Connection) => {
    connections.add(socket)
    const from = `client ${++clients}`
    socket.on('data', (message: Buffer) => {
      // One message in, the same one message out: boundaries are kept.
      socket.write(message)
      log({ kind: 'seqpacket', from, bytes: message.length, replied: true })
    })
    socket.on('end', () => socket.end())
    socket.on('error', () => {})
    socket.on('close', () => connections.delete(socket))
  })
  return {
    address: path,
    async close() {
      for (const socket of connections) socket.destroy()
      server.close()
      await unlink(path).catch(() => {})
    },
  }
}
