/**
 * A lab's own writes to stdout, through `process.stdout.write` and through
 * descriptor 1 with `node:fs` (`fs.writeSync(1, …)`, `fs.write(1, …)`,
 * `fs.writeFileSync(1, …)`, `fs.appendFileSync` and `fs.writeFileSync` on
 * `/dev/stdout`), put into its transcript while it runs (or, from a lab
 * module's top level, on stderr): decklab's stdout is its report, and with
 * `--json` exactly one JSON document. The functions of
 * `node:fs` are replaced for the run and the named imports of ES modules
 * follow them (`syncBuiltinESMExports`). A descriptor the lab opened on
 * `/dev/stdout` itself, and `fs.promises`, are not caught.
 */
import fs, { type PathOrFileDescriptor } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

/** The names a file call may give decklab's stdout by. */
const stdoutNames = new Set(['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'])

const isStdout = (file: PathOrFileDescriptor): boolean =>
  file === 1 || (typeof file === 'string' && stdoutNames.has(file))

/** The bytes a write call was given, as `fs.write`/`fs.writeSync` read their arguments. */
function written(data: unknown, rest: readonly unknown[]): { text: string; bytes: number } {
  if (typeof data === 'string') {
    const encoding = typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : 'utf8'
    return { text: data, bytes: Buffer.byteLength(data, encoding) }
  }
  if (!ArrayBuffer.isView(data)) return { text: String(data), bytes: 0 }
  const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : undefined
  const { offset: given, length: asked } = (options ?? { offset: rest[0], length: rest[1] }) as {
    offset?: unknown
    length?: unknown
  }
  const offset = typeof given === 'number' ? given : 0
  const length = typeof asked === 'number' ? asked : data.byteLength - offset
  const view = Buffer.from(data.buffer, data.byteOffset + offset, length)
  return { text: view.toString('utf8'), bytes: length }
}

/** Data handed to `writeFileSync` or `appendFileSync`, as text. */
function fileText(data: unknown): string {
  if (typeof data === 'string') return data
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')
  }
  return String(data)
}

/** Where a write to stdout goes now: a function taking its text, or `undefined` for stdout itself. */
export type StdoutRoute = () => ((text: string) => void) | undefined

/**
 * Send what the process's code writes to descriptor 1 through `node:fs`
 * where `route` says, until the returned function is called.
 */
export function descriptorWritesTo(route: StdoutRoute): () => void {
  const original = {
    writeSync: fs.writeSync,
    write: fs.write,
    writeFileSync: fs.writeFileSync,
    appendFileSync: fs.appendFileSync,
  }
  const patched = fs as unknown as Record<keyof typeof original, (...args: unknown[]) => unknown>
  patched.writeSync = (fd, data, ...rest) => {
    const toTranscript = fd === 1 ? route() : undefined
    if (!toTranscript)
      return (original.writeSync as (...args: unknown[]) => number)(fd, data, ...rest)
    const { text, bytes } = written(data, rest)
    toTranscript(text)
    return bytes
  }
  patched.write = (fd, data, ...rest) => {
    const toTranscript = fd === 1 ? route() : undefined
    if (!toTranscript) return (original.write as (...args: unknown[]) => void)(fd, data, ...rest)
    const done = rest.findLast((argument) => typeof argument === 'function') as
      | ((error: Error | null, bytes: number, data: unknown) => void)
      | undefined
    const { text, bytes } = written(
      data,
      rest.filter((argument) => typeof argument !== 'function'),
    )
    toTranscript(text)
    if (done) process.nextTick(done, null, bytes, data)
  }
  // What `util.promisify(fs.write)` resolves with (its bytes and buffer) is told by a symbol on it.
  for (const key of Object.getOwnPropertySymbols(original.write)) {
    Object.defineProperty(patched.write, key, {
      value: (original.write as unknown as Record<symbol, unknown>)[key],
    })
  }
  for (const name of ['writeFileSync', 'appendFileSync'] as const) {
    patched[name] = (file, data, ...rest) => {
      const toTranscript = isStdout(file as PathOrFileDescriptor) ? route() : undefined
      if (!toTranscript) {
        return (original[name] as (...args: unknown[]) => void)(file, data, ...rest)
      }
      toTranscript(fileText(data))
    }
  }
  syncBuiltinESMExports()
  return () => {
    Object.assign(fs, original)
    syncBuiltinESMExports()
  }
}

/**
 * Send everything the process's code writes to its stdout, through
 * `process.stdout.write` (`console.log`) and through `node:fs` on descriptor
 * 1, to `to` until the returned function is called.
 */
export function stdoutWritesTo(to: (text: string) => void): () => void {
  return stdoutWritesRouted(() => to)
}

/**
 * Send what the process's code writes to its stdout (as `stdoutWritesTo`
 * catches it) where `route` says at each write, until the returned function
 * is called: a write it routes nowhere goes to stdout.
 */
export function stdoutWritesRouted(route: StdoutRoute): () => void {
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const to = route()
    if (!to) return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
    to(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    const done = rest.find((argument) => typeof argument === 'function') as
      | ((error?: Error | null) => void)
      | undefined
    done?.()
    return true
  }) as typeof process.stdout.write
  const restoreDescriptor = descriptorWritesTo(route)
  return () => {
    process.stdout.write = write
    restoreDescriptor()
  }
}
