/**
 * Small socket and process helpers shared by the limit, error, shutdown and
 * IPC-comparison labs: each turns one kernel observation into plain data
 * (an errno name, a /proc line, an exit signal) that a check can record.
 */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { createInterface } from 'node:readline'
import { procNetUnixLines as kernelTableLines } from '../../src/labs/evidence.js'
import { peerScriptPath } from '../../src/labs/peers.js'
import { python3Path } from '../../src/labs/requirements.js'

/** What a stream connect attempt ended with: `connected` plus the socket, or the errno name. */
export type ConnectOutcome =
  | { outcome: 'connected'; socket: net.Socket }
  | { outcome: 'error'; code: string; message: string }

/** Connect a Node stream client and report how it ended instead of throwing. */
export function tryConnect(options: net.NetConnectOpts): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(options)
    socket.once('connect', () => {
      socket.removeAllListeners('error')
      // A reset after the lab has its answer (a peer killed at cleanup) must not crash the run.
      socket.on('error', () => {})
      resolve({ outcome: 'connected', socket })
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy()
      resolve({ outcome: 'error', code: error.code ?? 'unknown', message: error.message })
    })
  })
}

/** Describe a connect outcome in a few words for `observed`. */
export function describeOutcome(result: ConnectOutcome): string {
  return result.outcome === 'connected' ? 'connected' : result.code
}

/** Lines of `/proc/net/unix` for `path`, labelled as evidence (the kernel knows the socket). */
export async function procNetUnixLines(path: string): Promise<string[]> {
  return (await kernelTableLines(path)).map((line) => `/proc/net/unix: ${line}`)
}

/** Start listening and resolve once the kernel has the listener (readiness, not a sleep). */
export async function listen(server: net.Server, options: net.ListenOptions): Promise<void> {
  server.listen(options)
  await once(server, 'listening')
}

/** Wait for a child to exit; resolves with its exit code and the signal that ended it, if any. */
export async function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode }
  }
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  return { code, signal }
}

/** Read a child's stdout up to its first line that starts with `READY `; resolves with the rest of that line. */
export function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8')
      const match = /^READY ?(.*)$/m.exec(buffered)
      if (match) {
        child.stdout?.off('data', onData)
        child.off('exit', onExit)
        resolve(match[1] ?? '')
      }
    }
    const onExit = (code: number | null, signal: string | null): void => {
      reject(new Error(`child exited (${signal ?? code}) before READY; stdout: ${buffered.trim()}`))
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** A peer started with a writable stdin: its process, its READY text and its later stdout lines. */
export interface InteractivePeer {
  process: ChildProcess
  ready: string
  /** The next stdout line that satisfies `wanted` (rejects if stdout ends first). */
  nextLine(wanted: (line: string) => boolean): Promise<string>
}

/**
 * Start `labs/peers/<script>` with stdin as a pipe (the runner's `startPeer`
 * gives peers no stdin), for peers that take their next step on a line we
 * write. Spawned through `context.spawn`, so the runner still owns the process.
 */
export async function startInteractivePeer(
  spawn: (command: string, args: readonly string[]) => ChildProcess,
  script: string,
  args: readonly string[],
): Promise<InteractivePeer> {
  const child = spawn(python3Path, [peerScriptPath(script), ...args])
  if (!child.stdout) throw new Error(`peer ${script} has no stdout`)
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })
  const iterator = lines[Symbol.asyncIterator]()
  const nextLine = async (wanted: (line: string) => boolean): Promise<string> => {
    for (;;) {
      const next = await iterator.next()
      if (next.done) throw new Error(`peer ${script} closed stdout before the expected line`)
      if (wanted(next.value)) return next.value
    }
  }
  const exited = waitForExit(child).then(({ code, signal }) => {
    throw new Error(`peer ${script} ended (${signal ?? `exit code ${code}`}) before READY`)
  })
  exited.catch(() => {})
  const readyLine = await Promise.race([
    nextLine((line) => line === 'READY' || line.startsWith('READY ')),
    exited,
  ])
  return { process: child, ready: readyLine.slice(6), nextLine }
}
