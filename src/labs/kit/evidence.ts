/**
 * Evidence helpers for labs: the raw facts (kernel tables, file modes, errno
 * names) that a check records next to its verdict.
 */
import { lstat, readFile } from 'node:fs/promises'

/** One row of `/proc/net/unix`: the whole line (trimmed) and its columns. */
export interface UnixSocketRow {
  line: string
  /** Flags (column 4), hex: `00010000` (__SO_ACCEPTCON) for a listener. */
  flags: string
  /** Inode (column 7). */
  inode: string
  /** Address (column 8): a path, `@name` for an abstract name, or `''` when unnamed. */
  address: string
}

/** Every row of the kernel's table of Unix sockets (`/proc/net/unix`, header left out). */
export async function procNetUnixRows(): Promise<UnixSocketRow[]> {
  const table = await readFile('/proc/net/unix', 'utf8')
  return table.split('\n').slice(1).map(unixSocketRow)
}

// Num RefCount Protocol Flags Type St Inode, then one space and the address as
// the kernel writes it (unix_seq_show): a path may hold spaces, even at its ends.
const unixSocketLine = /^\s*\S+\s+\S+\s+\S+\s+(\S+)\s+\S+\s+\S+\s+(\S+)(?: (.*))?$/

/** One line of `/proc/net/unix` (after its header). */
export function unixSocketRow(line: string): UnixSocketRow {
  const match = unixSocketLine.exec(line)
  return {
    line: line.trim(),
    flags: match?.[1] ?? '',
    inode: match?.[2] ?? '',
    address: match?.[3] ?? '',
  }
}

/**
 * Lines of `/proc/net/unix` that mention `pathOrName`: a socket path, or an
 * abstract name written as `@name` (Node 20 pads abstract names with NULs,
 * which the kernel table shows as trailing `@`s, so a prefix match is used).
 */
export async function procNetUnixLines(pathOrName: string): Promise<string[]> {
  return (await procNetUnixRows())
    .filter(
      ({ address }) =>
        address !== '' &&
        (address === pathOrName || (pathOrName.startsWith('@') && address.startsWith(pathOrName))),
    )
    .map((row) => row.line)
}

/** `procNetUnixLines`, each labelled as evidence (`/proc/net/unix: …`). */
export async function procNetUnixEvidence(pathOrName: string): Promise<string[]> {
  return (await procNetUnixLines(pathOrName)).map((line) => `/proc/net/unix: ${line}`)
}

// File type bits of st_mode and their `ls -l` letters (pairs, not an object:
// numeric object keys written in octal get rewritten by the formatter).
const typeLetters: ReadonlyArray<readonly [number, string]> = [
  [0o140000, 's'],
  [0o120000, 'l'],
  [0o100000, '-'],
  [0o060000, 'b'],
  [0o040000, 'd'],
  [0o020000, 'c'],
  [0o010000, 'p'],
]

/** The `ls -l` style mode of a path, e.g. `srwxr-xr-x` for a socket file (lstat, not followed). */
export async function fileModeString(path: string): Promise<string> {
  return modeString((await lstat(path)).mode)
}

/** Format a numeric `st_mode` like `ls -l` does. */
export function modeString(mode: number): string {
  const type = typeLetters.find(([bits]) => (mode & 0o170000) === bits)?.[1] ?? '?'
  const bits = ['r', 'w', 'x']
  let text = type
  for (let shift = 6; shift >= 0; shift -= 3) {
    for (let index = 0; index < 3; index += 1) {
      text += mode & (1 << (shift + 2 - index)) ? bits[index] : '-'
    }
  }
  return text
}

/**
 * The errno name of an error (`ECONNREFUSED`), from Node's `code` or, for
 * addons that report only a message (node-unix-socket), from the strerror
 * text; `undefined` when none can be found.
 */
export function errnoName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return code
  const message = (error as { message?: unknown }).message
  if (typeof message !== 'string') return undefined
  const named = message.match(/\b(E[A-Z][A-Z0-9]+)\b/)
  if (named?.[1]) return named[1]
  for (const [text, name] of strerrorNames) {
    if (message.toLowerCase().includes(text)) return name
  }
  return undefined
}

// glibc strerror texts, for errors that carry only a message.
const strerrorNames: ReadonlyArray<readonly [string, string]> = [
  ['no such file or directory', 'ENOENT'],
  ['connection refused', 'ECONNREFUSED'],
  ['address already in use', 'EADDRINUSE'],
  ['permission denied', 'EACCES'],
  ['operation not permitted', 'EPERM'],
  ['protocol wrong type for socket', 'EPROTOTYPE'],
  ['transport endpoint is not connected', 'ENOTCONN'],
  ['message too long', 'EMSGSIZE'],
  ['resource temporarily unavailable', 'EAGAIN'],
  ['broken pipe', 'EPIPE'],
  ['invalid argument', 'EINVAL'],
  ['bad file descriptor', 'EBADF'],
  ['socket operation on non-socket', 'ENOTSOCK'],
  ['connection reset by peer', 'ECONNRESET'],
  ['destination address required', 'EDESTADDRREQ'],
  // A bind on a file system that holds no socket files (exfat-fuse: "I/O error").
  ['input/output error', 'EIO'],
  ['i/o error', 'EIO'],
  ['operation not supported', 'EOPNOTSUPP'],
  ['function not implemented', 'ENOSYS'],
]
