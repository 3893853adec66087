/**
 * Child processes of a lab (peers, servers, compiled programs): wait for the
 * line that says one is ready, read its next lines, collect its output, wait
 * for its exit. Every wait is an awaited event, never a sleep, and a child
 * that ends first rejects with what it said, so it never hangs a lab.
 */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** The error each child that could not be started got from its spawn, kept from when it came. */
const spawnErrors = new WeakMap<ChildProcess, Error>()

/**
 * Keep `child`'s spawn error for the waits below (they may start after it
 * came), and keep it from crashing decklab. A child that was never started
 * still "exits", with minus the errno as its code (-11 for EAGAIN), which a
 * lab would take for a process that ran and failed.
 */
export function keepSpawnError(child: ChildProcess): void {
  child.on('error', (error) => {
    if (child.pid === undefined && !spawnErrors.has(child)) spawnErrors.set(child, error)
  })
}

/**
 * Why `child` never started, or undefined when it did: its spawn failed, as
 * fork() does with EAGAIN for a user at its process limit (`ulimit -u`,
 * which root is exempt from).
 */
async function notStarted(child: ChildProcess): Promise<Error | undefined> {
  if (child.pid !== undefined) return undefined
  // The spawn's error comes on the next tick after spawn() returned.
  await new Promise((resolve) => setImmediate(resolve))
  const error = spawnErrors.get(child)
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const limit =
    code === 'EAGAIN'
      ? ': too many processes, for this user (its limit, `ulimit -u`, applies to every user but root) or for the system'
      : ''
  return new Error(
    `could not start ${child.spawnfile} (${error?.message ?? 'no process was made'})${limit}`,
  )
}

/** Wait for a child to exit (at once if it already has); rejects when it was never started. */
export async function waitForExit(child: ChildProcess): Promise<ChildExit> {
  const failed = await notStarted(child)
  if (failed) throw failed
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode }
  }
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  return { code, signal }
}

/** An exit in words: `SIGKILL` or `exit code 1`. */
export function exitText(exit: ChildExit): string {
  return exit.signal ?? `exit code ${exit.code}`
}

/** Where a child says it is ready, and how its ready line looks. */
export interface ReadyOptions {
  /** Default `stdout`. */
  stream?: 'stdout' | 'stderr' | undefined
  /** Default: the line is `READY` or starts with `READY `. */
  isReady?: ((line: string) => boolean) | undefined
}

/** The ready line of decklab's own peers and child servers: `READY`, maybe followed by an address. */
export function isReadyLine(line: string): boolean {
  return line === 'READY' || line.startsWith('READY ')
}

/**
 * Wait for a child's ready line on `stream` and resolve with it; the child's
 * later output on that stream is drained and dropped. Rejects, with what the
 * child said, when the stream ends first, and with why when it never started.
 */
export async function waitForReady(
  child: ChildProcess,
  options: ReadyOptions = {},
): Promise<string> {
  const failed = await notStarted(child)
  if (failed) throw failed
  const name = options.stream ?? 'stdout'
  const isReady = options.isReady ?? isReadyLine
  const input = child[name]
  if (!input) throw new Error(`pid ${child.pid} has no ${name} pipe to say it is ready`)
  const stderr = name === 'stdout' ? collectText(child.stderr) : () => ''
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  const iterator = lines[Symbol.asyncIterator]()
  const before: string[] = []
  for (;;) {
    const next = await iterator.next()
    if (next.done) break
    if (isReady(next.value)) {
      // Closing the reader pauses the pipe; keep it flowing so a chatty child never blocks.
      lines.close()
      input.resume()
      return next.value
    }
    before.push(next.value)
  }
  const exit = await waitForExit(child)
  const said = [...before, stderr().trim()].filter((text) => text !== '').join(' | ')
  throw new Error(
    `expected a ready line from pid ${child.pid}, it ended (${exitText(exit)}) first${said ? `: ${said}` : ''}`,
  )
}

/** The next line of `lines` that satisfies `wanted` (rejects if the lines end first). */
export async function nextLine(
  lines: AsyncIterable<string>,
  wanted: (line: string) => boolean,
): Promise<string> {
  // Step the iterator by hand: `for await … break` would close the peer's line stream.
  const iterator = lines[Symbol.asyncIterator]()
  for (;;) {
    const next = await iterator.next()
    if (next.done) throw new Error('expected a line from the peer, got end of output')
    if (wanted(next.value)) return next.value
  }
}

/** The next line of a peer's output parsed as JSON (peers print one JSON document per line). */
export async function nextJson(lines: AsyncIterable<string>): Promise<unknown> {
  return JSON.parse(await nextLine(lines, (line) => line.trim() !== ''))
}

/** Collect a child's stdout and stderr and wait for it to close. */
export async function collectOutput(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const stdout = collectText(child.stdout)
  const stderr = collectText(child.stderr)
  const [code] = (await Promise.race([
    once(child, 'close'),
    once(child, 'error').then(([error]) => {
      throw error
    }),
  ])) as [number | null]
  return { code, stdout: stdout(), stderr: stderr() }
}

/** Collect a stream's text (bounded, so a chatty child cannot eat memory). */
export function collectText(
  stream: NodeJS.ReadableStream | null,
  limit = 4 * 1024 * 1024,
): () => string {
  let text = ''
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => {
    if (text.length < limit) text += chunk
  })
  return () => text
}
