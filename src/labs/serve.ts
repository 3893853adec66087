/**
 * `decklab lab serve`: the echo servers (stream with Node `net`, datagram and
 * seqpacket with node-unix-socket) that independent clients can talk to.
 */
import { once } from 'node:events'
import { link, lstat, mkdtemp, rm, stat, unlink } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { DecklabError, exitCodes, UsageError } from '../errors.js'
import { jsonFor, verbatim } from '../terminal/ascii-output.js'
import type { Io } from '../terminal/io.js'
import { terminalLine } from '../terminal/safe-text.js'
import { programName } from '../text/program-name.js'
import { type Janitor, startJanitor } from './janitor.js'
import { errnoName } from './kit/evidence.js'
import { closeServer, connect, listen } from './kit/sockets.js'
import { loadUnixSocket, type SeqpacketSocket } from './kit/unix-socket.js'
import { makeLabDirectory, maxSocketPathBytes } from './lab-directory.js'
import { clientCommands, serveBanner } from './serve-banner.js'
import { serveRefused } from './serve-refused.js'
import type { LabDefinition, ServeKind } from './types.js'

/** What the stream server's staging folder adds to a directory's path: `/.dXXXXXX/s`. */
const stagingRoom = 11

/** Options of `lab serve`. */
export interface ServeOptions {
  path?: string | undefined
  json: boolean
  io: Io
}

/** A running echo server. */
export interface EchoServer {
  address: string
  /** Stop serving; resolves to whether the socket file was removed (only the one bound). */
  close(): Promise<boolean>
}

/**
 * Bytes an echo may hold for a peer that does not read. A stream pauses
 * reading past Node's write buffer; seqpacket and datagram replies are
 * dropped past this many bytes waiting to be sent.
 */
export const maxPendingBytes = 1 << 20

/** The log entry of a reply dropped because `pending` bytes already wait for the peer. */
function droppedReply(kind: ServeKind, from: string, bytes: number, pending: number): Exchange {
  return {
    kind,
    from,
    bytes,
    replied: false,
    note: `dropped: ${pending} bytes of replies wait for a peer that does not read`,
  }
}

/** The file a server bound, as (device, inode), so it removes that file and no other. */
interface BoundFile {
  dev: number
  ino: number
}

async function boundFile(path: string): Promise<BoundFile | undefined> {
  const stats = await lstat(path).catch(() => undefined)
  return stats?.isSocket() ? { dev: stats.dev, ino: stats.ino } : undefined
}

/**
 * Remove the socket file only if `path` is still the socket this server
 * bound: a file put there since (a regular file, another socket) stays.
 */
export async function unlinkBound(path: string, bound: BoundFile | undefined): Promise<boolean> {
  if (!bound) return false
  const stats = await lstat(path).catch(() => undefined)
  if (!stats?.isSocket() || stats.dev !== bound.dev || stats.ino !== bound.ino) return false
  await unlink(path).catch(() => {})
  return true
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
    throw new UsageError(`lab ${lab.id} has no server (see \`${programName()} lab list\`)`)
  let path: string
  let ownDirectory: string | undefined
  let janitor: Janitor | undefined
  if (options.path !== undefined) {
    path = resolve(io.cwd, options.path)
    await checkServePath(path)
  } else {
    // Room for the socket's name, and for the staging folder the stream server binds in.
    const name = `${lab.id}.sock`
    // Its janitor, started first, removes it should decklab be killed with SIGKILL, even at once.
    janitor = startJanitor()
    const room = Math.max(Buffer.byteLength(`/${name}`), stagingRoom)
    try {
      ownDirectory = (await makeLabDirectory(room, janitor.watchDirectory)).path
    } catch (error) {
      await janitor.dismiss()
      throw error
    }
    path = join(ownDirectory, name)
  }
  // Our own temp folder: only the socket file can be in it, and rm never follows links.
  const removeOwnDirectory = async () => {
    if (ownDirectory === undefined) return
    await rm(ownDirectory, { recursive: true, force: true })
    await janitor?.dismiss()
  }
  const log = (exchange: Exchange) => {
    if (options.json) io.stderr.write(`${jsonFor(io.stderr, JSON.stringify(exchange))}\n`)
    else {
      io.stderr.write(
        `${exchange.kind} ${terminalLine(exchange.from) || '(unnamed or abstract)'}: ${exchange.bytes} bytes${exchange.replied ? ' echoed' : ' not echoed'}${exchange.note ? ` (${exchange.note})` : ''}\n`,
      )
    }
  }
  let server: EchoServer
  const startedAt = Date.now()
  try {
    server = await startEchoServer(lab.serve, path, log)
  } catch (error) {
    await removeOwnDirectory()
    throw await serveRefused(path, error, startedAt)
  }
  try {
    // With `--json`, stdout holds one JSON document, as for every other command, printed once ready.
    if (options.json) {
      const document = JSON.stringify(readyDocument(lab, lab.serve, server))
      io.stdout.write(`${jsonFor(io.stdout, document)}\n`)
    } else {
      // The path as it is, also on a terminal that gets ASCII: a client is started with it.
      io.stdout.write(`READY ${verbatim(server.address)}\n`)
      io.stderr.write(serveBanner(lab.serve, lab.id, server.address))
    }
    if (!io.signal.aborted) await once(io.signal, 'abort')
  } catch (error) {
    await server.close()
    await removeOwnDirectory()
    throw error
  }
  let removed: boolean
  try {
    removed = await server.close()
  } finally {
    await removeOwnDirectory()
  }
  const wasRemoved = removed || ownDirectory !== undefined
  if (options.json)
    io.stderr.write(
      `${jsonFor(io.stderr, JSON.stringify({ stopped: true, path, removed: wasRemoved }))}\n`,
    )
  else {
    verbatim(path)
    io.stderr.write(
      wasRemoved
        ? `stopped; removed ${path}\n`
        : `stopped; left ${path}: it is no longer the socket this server bound\n`,
    )
  }
  // Only SIGINT, SIGTERM or SIGHUP ends serving: an interrupted command exits 130.
  return exitCodes.interrupted
}

/** `lab serve --json`'s document: what `READY <path>` and the banner say, for a script. */
function readyDocument(lab: LabDefinition, kind: ServeKind, server: EchoServer) {
  return {
    ready: true,
    lab: lab.id,
    kind,
    address: server.address,
    clients: clientCommands(kind, server.address),
  }
}

/** Refuse paths the kernel would truncate, and existing files that are not stale sockets. */
export async function checkServePath(path: string): Promise<void> {
  // `READY <path>` is one line on stdout: a path with a line break would end it early.
  if (/[\n\r]/.test(path)) {
    throw new UsageError(
      `socket path ${JSON.stringify(path)} holds a line break, expected a path that \`READY <path>\` can show on one line`,
    )
  }
  const bytes = Buffer.byteLength(path)
  if (bytes > maxSocketPathBytes) {
    throw new UsageError(
      `socket path is ${bytes} bytes, over the ${maxSocketPathBytes}-byte limit of sun_path (Node 20 would silently truncate it): ${path}`,
    )
  }
  const stats = await lstat(path).catch(() => undefined)
  if (!stats) {
    // Followed if a link (`/var/run` → `/run`): the socket is made in the folder it leads to.
    const parent = await stat(dirname(path)).catch(() => undefined)
    if (!parent) throw pathRefused(`directory ${dirname(path)} does not exist`)
    if (!parent.isDirectory()) throw pathRefused(`${dirname(path)} is not a directory`)
    return
  }
  if (!stats.isSocket())
    throw pathRefused(`${path} exists and is not a socket; refusing to replace it`)
  // A socket file: reuse it only if nothing listens there any more.
  const answer = await probe(path)
  // Refused by its permissions before any listener is looked for: served or stale, unknown.
  if (answer === 'EACCES' || answer === 'EPERM') {
    throw pathRefused(
      `${path} is a socket file you may not connect to (${answer}${ownerText(stats.uid)}), so whether something serves on it cannot be told; choose another path`,
    )
  }
  if (answer !== 'ECONNREFUSED') {
    throw pathRefused(`${path} is a socket something is still serving on`)
  }
  await unlink(path).catch((error: unknown) => {
    const code = errnoName(error)
    if (code === 'ENOENT') return
    // Another user's file in a sticky /tmp, or a folder this user may not write in.
    if (code !== 'EACCES' && code !== 'EPERM') throw error
    throw pathRefused(
      `${path} is a stale socket file (nothing serves on it) that you may not remove (${code}${ownerText(stats.uid)}); remove it as its owner, or choose another path`,
    )
  })
}

/** `, owned by uid N` when another user owns the file, else nothing. */
function ownerText(uid: number): string {
  return uid === process.getuid?.() ? '' : `, owned by uid ${uid}`
}

/**
 * What is (or is not) at the path stops the server, not the arguments: exit 2
 * with its own code and no "Run … --help for usage" tail.
 */
function pathRefused(message: string): DecklabError {
  return new DecklabError('serve-path', message)
}

/** Try a stream connect: `ECONNREFUSED` means a stale file (no socket bound to it). */
async function probe(path: string): Promise<string> {
  const connected = await connect(path)
  if (!connected.ok) return errnoName(connected.error) ?? 'error'
  connected.value.destroy()
  return 'connected'
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
  // Node's server.close() unlinks the path it listened on, whatever is there by then. So
  // listen in a private folder beside the path and link the socket into place: close
  // then unlinks only the private name, and the real one is removed by inode.
  const staging = await mkdtemp(join(dirname(path), '.d')).catch((error: unknown) => {
    // Name the folder the user chose, not the private name that could not be made in it.
    const code = errnoName(error)
    throw new Error(`cannot create a file in ${dirname(path)}${code ? ` (${code})` : ''}`, {
      cause: error,
    })
  })
  const stagingPath = join(staging, 's')
  const listenPath = Buffer.byteLength(stagingPath) <= maxSocketPathBytes ? stagingPath : path
  const listening = await listen(listenPath, {
    allowHalfOpen: true,
    onConnection: (socket) => {
      sockets.add(socket)
      const from = `client ${++clients}`
      socket.on('data', (chunk: Buffer) => {
        // Backpressure: a peer that does not read stops this server reading from it.
        if (!socket.write(chunk)) {
          socket.pause()
          socket.once('drain', () => socket.resume())
        }
        log({ kind: 'stream', from, bytes: chunk.length, replied: true })
      })
      socket.on('end', () => socket.end())
      socket.on('error', () => {})
      socket.on('close', () => sockets.delete(socket))
    },
  })
  if (!listening.ok) {
    await rm(staging, { recursive: true, force: true })
    throw listening.error
  }
  const server = listening.value
  try {
    // link, unlike rename, never replaces a file that appeared at the path meanwhile.
    if (listenPath !== path) await link(listenPath, path)
  } catch (error) {
    await closeServer(server, sockets)
    throw error
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  const bound = await boundFile(path)
  return {
    address: path,
    async close() {
      await closeServer(server, sockets)
      return unlinkBound(path, bound)
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
  const bound = await boundFile(path)
  let pending = 0
  socket.on('data', (data: Buffer, from: string) => {
    if (pending + data.length > maxPendingBytes) {
      log(droppedReply('datagram', from, data.length, pending))
      return
    }
    // node-unix-socket gives an abstract sender's name as '' too, as an unbound one's.
    if (!from) {
      log({
        kind: 'datagram',
        from,
        bytes: data.length,
        replied: false,
        note: 'no path to reply to: the sender is unbound or bound to an abstract name, which this server cannot reply to; bind a path, as nc -uU does',
      })
      return
    }
    pending += data.length
    socket.sendTo(data, 0, data.length, from, (error) => {
      pending -= data.length
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
      return unlinkBound(path, bound)
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
  type Connection = SeqpacketSocket
  const connections = new Set<Connection>()
  let clients = 0
  try {
    server.listen(path)
  } catch (error) {
    server.close()
    throw error
  }
  const bound = await boundFile(path)
  server.on('connection', (socket: Connection) => {
    connections.add(socket)
    const from = `client ${++clients}`
    let pending = 0
    socket.on('data', (message: Buffer) => {
      if (pending + message.length > maxPendingBytes) {
        // node-unix-socket cannot stop reading one connection (and destroying one with
        // writes in flight aborts the process): the reply is dropped instead.
        log(droppedReply('seqpacket', from, message.length, pending))
        return
      }
      // One message in, the same one message out: boundaries are kept.
      pending += message.length
      socket.write(message, 0, message.length, () => {
        pending -= message.length
      })
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
      return unlinkBound(path, bound)
    },
  }
}
