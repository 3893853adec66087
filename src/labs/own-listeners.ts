/**
 * Unix sockets listening in decklab's own process, as the kernel lists them
 * (`/proc/self/fd` for the sockets held, `/proc/net/unix` for which listen
 * and on what address), so that a server a lab opened without the kit's
 * `listen` (a raw `net.createServer`, on a path outside its directory or on
 * an abstract name) is found when the lab ends: the kit's handles and the
 * lab directory's listing see neither.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { lstat } from 'node:fs/promises'
import { Server } from 'node:net'
import { isAbsolute, relative } from 'node:path'

/** `SO_ACCEPTCON` in `/proc/net/unix`'s Flags: the socket listens. */
const acceptConnections = 0x10000

/**
 * Inode → address (a path, `@name` for an abstract name) of every listening
 * Unix socket this process holds; empty where /proc cannot be read.
 */
export function ownListeners(): Map<number, string> {
  return listenersOf(['self'])
}

/** The socket inodes the processes hold (their `/proc/<pid>/fd`), those gone or unreadable left out. */
function heldSockets(pids: ReadonlyArray<number | 'self'>): Set<number> {
  const held = new Set<number>()
  for (const pid of pids) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
        if (inode !== undefined) held.add(Number(inode))
      } catch {
        // Closed since the listing.
      }
    }
  }
  return held
}

/** A Unix socket a process holds, as `/proc/net/unix` lists it. */
interface HeldSocket {
  address: string
  listens: boolean
}

/** Inode → address and state of every Unix socket the processes hold; empty where /proc cannot be read. */
function socketsOf(pids: ReadonlyArray<number | 'self'>): Map<number, HeldSocket> {
  const held = heldSockets(pids)
  const sockets = new Map<number, HeldSocket>()
  if (held.size === 0) return sockets
  let table: string
  try {
    table = readFileSync('/proc/net/unix', 'latin1')
  } catch {
    return sockets
  }
  // Num RefCount Protocol Flags Type St Inode [Path]
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const inode = Number(fields[6])
    if (!held.has(inode)) continue
    const listens = (Number.parseInt(fields[3] ?? '0', 16) & acceptConnections) !== 0
    sockets.set(inode, { address: fields.slice(7).join(' '), listens })
  }
  return sockets
}

/** Inode → address of every listening Unix socket the processes hold. */
function listenersOf(pids: ReadonlyArray<number | 'self'>): Map<number, string> {
  const listening = new Map<number, string>()
  for (const [inode, socket] of socketsOf(pids)) {
    if (socket.listens) listening.set(inode, socket.address)
  }
  return listening
}

/**
 * The socket files the lab's processes (`pids`, read before they are
 * stopped) hold outside its directory `dir`, in one reading of /proc: those
 * they listen on, and those bound without listening (a datagram socket's).
 * Absolute paths only (a relative one is the process's own folder's, the lab
 * directory by default); a path in both lists is said as listened on.
 */
export function outsideSocketPaths(
  pids: readonly number[],
  dir: string,
): { listening: string[]; bound: string[] } {
  const listening = new Set<string>()
  const bound = new Set<string>()
  if (pids.length === 0) return { listening: [], bound: [] }
  for (const { address, listens } of socketsOf(pids).values()) {
    // An unbound socket (a client's, a pair's) has no address to leave behind.
    if (!isAbsolute(address) || !relative(dir, address).startsWith('..')) continue
    ;(listens ? listening : bound).add(address)
  }
  for (const path of listening) bound.delete(path)
  return { listening: [...listening].sort(), bound: [...bound].sort() }
}

/**
 * Each of `paths` still a socket file now that the lab's processes are gone,
 * as a leftover line saying `why` it is the lab's: one of them listened on
 * it (`outsideSocketPaths`), or was given its path (`handed-paths.ts`). The
 * runner does not remove a file outside the lab directory: the author must.
 */
export async function socketFilesLeftOutside(
  paths: readonly string[],
  why = 'a lab process listened on it',
): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) {
    const stats = await lstat(path).catch(() => undefined)
    if (stats?.isSocket()) found.push(`socket file ${path} left outside the lab directory (${why})`)
  }
  return found
}

/**
 * The listeners this process holds now that it did not hold `before`, each
 * as a leftover line; each that is a Node `net.Server` is closed (its path
 * unlinked, as `server.close()` does), and its line says so. `paths` are
 * the pathnames they listened on: a socket file there is this line's (the
 * addon's servers, which the runner cannot close), not a second leftover.
 */
export async function strayListeners(
  before: ReadonlyMap<number, string>,
): Promise<{ lines: string[]; paths: string[] }> {
  // A server closed without waiting (a deferred `server.close()`) lets go of its
  // descriptor a turn of the event loop later: only one still held after that is left.
  const strays = [...ownListeners()].filter(([inode]) => !before.has(inode))
  if (strays.length === 0) return { lines: [], paths: [] }
  await new Promise((resolve) => setTimeout(resolve, 20))
  const still = ownListeners()
  const lines: string[] = []
  const paths: string[] = []
  for (const [inode, address] of strays) {
    if (!still.has(inode)) continue
    const closed = await closeServerOn(address)
    lines.push(
      `a server listening on ${shownAddress(address)} (not opened with the kit's listen) still listening when the lab ended${closed ? ' (closed by the runner)' : ''}`,
    )
    if (isAbsolute(address)) paths.push(address)
  }
  return { lines, paths }
}

/** Close the `net.Server` listening on `address` (as /proc/net/unix writes it); true when one was. */
async function closeServerOn(address: string): Promise<boolean> {
  // Node lists a process's handles only through this undocumented call; without it, report only.
  const handles = (process as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? []
  const server = handles.find(
    (handle): handle is Server =>
      handle instanceof Server &&
      handle.listening &&
      sameAddress(String(handle.address()), address),
  )
  if (server === undefined) return false
  // close() stops listening at once (libuv closes the socket and unlinks its path then); its
  // callback waits for every connection the server accepted, which a lab that threw may hold
  // open for good: awaiting it hung the run.
  server.close()
  await new Promise((resolve) => setImmediate(resolve))
  return true
}

/** Node's address against /proc's: NULs written `@`, an abstract name's padding (Node 20 pads) aside. */
function sameAddress(node: string, proc: string): boolean {
  const shown = node.replace(/\0/g, '@')
  return (
    shown === proc ||
    (shown.startsWith('@') && shown.replace(/@+$/, '') === proc.replace(/@+$/, ''))
  )
}

/** An address as a leftover line names it: an abstract name without Node 20's NUL padding. */
function shownAddress(address: string): string {
  if (address === '') return 'an unnamed socket'
  return address.startsWith('@') ? address.replace(/(?<=.)@+$/, '') : address
}
