/**
 * Opening user files without hanging: `open()` of a FIFO blocks until a
 * writer comes, inside libuv's thread pool, where no signal can end it (even
 * `process.exit` waits for that thread). So files are opened non-blocking and
 * checked with `fstat` on the open descriptor before anything is read: only
 * regular files are read.
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs'
import { type FileHandle, open, stat } from 'node:fs/promises'

/** Thrown (code `ENOTREG`) for a path that exists but is not a regular file. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG'
  /** What it is instead, e.g. "a FIFO". */
  readonly kind: string
  constructor(path: string, kind: string) {
    super(`${path} is ${kind}, not a regular file`)
    this.name = 'NotRegularFileError'
    this.kind = kind
  }
}

/** A regular file larger than the reader takes: refused by its size, never read. */
export class FileTooLargeError extends Error {
  readonly code = 'EFBIG'
  readonly size: number
  constructor(path: string, size: number) {
    super(`${path} is ${size} bytes, too large to read`)
    this.name = 'FileTooLargeError'
    this.size = size
  }
}

/** The type checks that `Stats` and `Dirent` share. */
interface FileTypeChecks {
  isFIFO(): boolean
  isSocket(): boolean
  isCharacterDevice(): boolean
  isBlockDevice(): boolean
  isDirectory(): boolean
  isFile(): boolean
}

/** What a non-regular file is, in words ("a FIFO", "a socket", …). */
export function fileKind(stats: FileTypeChecks): string {
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFile()) return 'a regular file'
  return 'something other than a file'
}

/**
 * Open a file for reading only if it is a regular file. Never blocks on a
 * FIFO or device. Throws the usual `fs` errors, or `NotRegularFileError`.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; stats: Stats }> {
  // A first look without opening (opening a device can have effects of its own),
  // then the same check on the descriptor, in case the path changed in between.
  const before = await stat(path)
  if (!before.isFile()) throw new NotRegularFileError(path, fileKind(before))
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new NotRegularFileError(path, fileKind(stats))
    return { handle, stats }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/** The whole content of a regular file, with its stats (see `openRegularFile`). */
export async function readRegularFile(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<{ bytes: Buffer; stats: Stats }> {
  const { handle, stats } = await openRegularFile(path)
  try {
    if (options.maxBytes !== undefined && stats.size > options.maxBytes)
      throw new FileTooLargeError(path, stats.size)
    return { bytes: await handle.readFile(), stats }
  } finally {
    await handle.close()
  }
}

/**
 * `readRegularFile` on the calling thread, with the same checks: for the
 * vault's many small note files, a promise and a thread-pool hop per step
 * cost several times the read itself. With `typeChecked` the caller has just
 * seen a regular file at `path` (its own `stat`), so the first look is
 * skipped; the open descriptor is still checked. With `into`, a file that
 * fits is read into that buffer (the bytes returned are a view of it, valid
 * until the buffer is used again). With `noFollow`, a link there is not
 * followed (`ELOOP`): the caller saw a file that was not one.
 */
export function readRegularFileSync(
  path: string,
  options: { typeChecked?: boolean; into?: Buffer; noFollow?: boolean; maxBytes?: number } = {},
): { bytes: Buffer; stats: Stats } {
  if (!options.typeChecked) {
    const before = statSync(path)
    if (!before.isFile()) throw new NotRegularFileError(path, fileKind(before))
  }
  const { descriptor, stats } = openRegularFileSync(path, options)
  try {
    if (options.maxBytes !== undefined && stats.size > options.maxBytes)
      throw new FileTooLargeError(path, stats.size)
    // A size of 0 may still have content (files the kernel makes up): read to the end.
    if (stats.size === 0) return { bytes: readFileSync(descriptor), stats }
    return { bytes: readKnownSize(descriptor, stats.size, options.into), stats }
  } finally {
    closeSync(descriptor)
  }
}

/**
 * Open a file for reading on the calling thread, only if the descriptor is
 * a regular file (checked with `fstat`; a FIFO or device opens non-blocking
 * and is closed again). With `noFollow`, a link at `path` is not followed
 * (`ELOOP`). The caller closes the descriptor.
 */
export function openRegularFileSync(
  path: string,
  options: { noFollow?: boolean } = {},
): { descriptor: number; stats: Stats } {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK
  const descriptor = openSync(path, options.noFollow ? flags | constants.O_NOFOLLOW : flags)
  try {
    const stats = fstatSync(descriptor)
    if (!stats.isFile()) throw new NotRegularFileError(path, fileKind(stats))
    return { descriptor, stats }
  } catch (error) {
    closeSync(descriptor)
    throw error
  }
}

/** The whole content of an open regular file, read from its start (whatever its position). */
export function readFromStart(descriptor: number): Buffer {
  const chunks: Buffer[] = []
  let position = 0
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(fstatSync(descriptor).size - position, 0) + 4096)
    const read = readSync(descriptor, chunk, 0, chunk.length, position)
    if (read === 0) break
    chunks.push(chunk.subarray(0, read))
    position += read
  }
  return Buffer.concat(chunks)
}

/** Up to `size` bytes from the descriptor (fewer if the file shrank), as `readFileSync` reads them. */
function readKnownSize(descriptor: number, size: number, into: Buffer | undefined): Buffer {
  const buffer = into && into.length >= size ? into : Buffer.allocUnsafe(size)
  let length = 0
  while (length < size) {
    const read = readSync(descriptor, buffer, length, size - length, null)
    if (read === 0) break
    length += read
  }
  return buffer.subarray(0, length)
}

/** A regular file's text, as UTF-8 (see `readRegularFile`): what a FIFO or device at `path` can never hang. */
export async function readRegularText(
  path: string,
  options: { maxBytes?: number } = {},
): Promise<string> {
  return (await readRegularFile(path, options)).bytes.toString('utf8')
}

/** `readRegularText` on the calling thread. */
export function readRegularTextSync(path: string): string {
  return readRegularFileSync(path).bytes.toString('utf8')
}

/** Why a file could not be read, for a message: what it is instead of a file, else the system's code. */
export function unreadableReason(error: unknown): string {
  if (error instanceof NotRegularFileError) return `it is ${error.kind}`
  if (error instanceof FileTooLargeError)
    return `it is ${(error.size / 1024 / 1024).toFixed(1)} MiB, too large to read`
  return (error as NodeJS.ErrnoException).code ?? String(error)
}
