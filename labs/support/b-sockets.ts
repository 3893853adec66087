/**
 * Small promise helpers for the labs. The `net` wrappers resolve with what the
 * kernel said (a connected socket, or the errno name) so a lab can record
 * either outcome as evidence instead of throwing; the child helpers await a
 * peer's next JSON line, a child's first line, or its exit, without sleeping.
 */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { errnoName } from '../../src/labs/evidence.js'

/** The outcome of a socket operation: ok, or the errno name (or message) it failed with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errno: string }

/** The errno name of an error, falling back to its message so nothing is lost. */
export function errnoOf(error: unknown): string {
  return errnoName(error) ?? (error instanceof Error ? error.message : String(error))
}

/** Listen on a pathname (or `\0` abstract) socket; resolves once `listening` fired or with the errno. */
export async function listenOn(
  path: string,
  onConnection?: ((socket: Socket) => void) | undefined,
): Promise<Outcome<Server>> {
  const server = createServer(onConnection)
  try {
    server.listen(path)
    await once(server, 'listening')
    return { ok: true, value: server }
  } catch (error) {
    server.close()
    return { ok: false, errno: errnoOf(error) }
  }
}

/** Connect a stream client; resolves once `connect` fired or with the errno. */
export async function connectTo(path: string): Promise<Outcome<Socket>> {
  const socket = createConnection(path)
  try {
    await once(socket, 'connect')
    // Later errors (ECONNRESET, EPIPE when the peer is done first) must not crash the
    // runner; labs that care about them listen for 'error' themselves.
    socket.on('error', () => {})
    return { ok: true, value: socket }
  } catch (error) {
    socket.destroy()
    return { ok: false, errno: errnoOf(error) }
  }
}

/** The next line of a peer's output parsed as JSON (peers print one JSON document per line). */
export async function nextJson(lines: AsyncIterable<string>): Promise<unknown> {
  // Step the iterator by hand: `for await … break` would close the peer's line stream.
  const iterator = lines[Symbol.asyncIterator]()
  for (;;) {
    const next = await iterator.next()
    if (next.done) break
    if (next.value.trim() !== '') return JSON.parse(next.value)
  }
  throw new Error('expected a JSON line from the peer, got end of output')
}

/** Resolve when a child process has exited (at once if it already has). */
export async function exited(child: {
  exitCode: number | null
  signalCode: NodeJS.Signals | null
  once(event: 'exit', listener: () => void): unknown
}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => child.once('exit', resolve))
}

/**
 * The first stdout line of a child spawned with piped stdout and stderr; rejects with
 * its stderr when it exits first, so a child that fails to start never hangs a lab.
 */
export async function firstLine(child: ChildProcess): Promise<string> {
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk
  })
  const lines = createInterface({ input: child.stdout! })
  try {
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(child, 'exit').then(([code, signal]) => {
        throw new Error(
          `expected a line from pid ${child.pid}, it exited (${signal ?? code}): ${stderr.trim()}`,
        )
      }),
    ])) as [string]
    return line
  } finally {
    lines.close()
  }
}
