/**
 * The private directory a lab (or `lab serve`) works in: a fresh 0700
 * directory whose path leaves room for the socket names made inside it
 * within sun_path. Linux holds 107 bytes of path (108 with the NUL), and
 * Node silently truncates a longer one, so a long TMPDIR would bind sockets
 * on cut-off names (or make Go refuse them): then the directory goes in a
 * short system folder instead, as it does when TMPDIR's file system holds
 * no socket files (exFAT or FAT on a USB stick: each lab failed with EIO or
 * EPERM from its first bind, as an ERROR of the lab). A TMPDIR where no
 * directory can be made is an environment error (exit 2), never a lab's failure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DecklabError } from '../errors.js'
import { errorMessage } from '../text/error-message.js'

/** The longest socket path the kernel takes (sun_path is 108 bytes with its NUL). */
export const maxSocketPathBytes = 107

/**
 * Bytes a lab may add to its directory's path for a socket, slash included.
 * The longest the labs and their peers make is `/nobody-home.sock` (17).
 */
export const labSocketRoom = 24

/** Short system folders a lab directory goes in when TMPDIR is too long, in order. */
export const shortFolders: readonly string[] = ['/tmp', '/dev/shm']

const prefix = 'dl-'
/** `dl-` and the six characters mkdtemp adds, after a slash. */
const directoryNameBytes = 1 + prefix.length + 6

/** No lab directory could be made: TMPDIR is unusable (exit 2, code `lab-directory`). */
export class LabDirectoryError extends DecklabError {
  constructor(message: string, options?: { cause?: unknown } | undefined) {
    super('lab-directory', message, options)
    this.name = 'LabDirectoryError'
  }
}

/** A made lab directory, and why it is not under TMPDIR when it is not. */
export interface LabDirectory {
  path: string
  /** Set when TMPDIR was too long and a short folder was used instead. */
  note?: string | undefined
}

/** Whether a directory made in `base` leaves `room` bytes for socket names. */
export function fitsSocketPaths(base: string, room: number): boolean {
  return Buffer.byteLength(base) + directoryNameBytes + room <= maxSocketPathBytes
}

/** The temp folder as the user set it: `TMPDIR=…` when that variable is set. */
function describeBase(base: string): string {
  return process.env.TMPDIR ? `TMPDIR (${process.env.TMPDIR})` : `the temp folder ${base}`
}

/**
 * Make a fresh 0700 lab directory where `room` more bytes of socket name
 * still fit in sun_path: in TMPDIR when its path is short enough, else in
 * the first short system folder that takes one. Throws `LabDirectoryError`
 * when TMPDIR (short enough) cannot take a directory, or none can.
 */
export async function makeLabDirectory(
  room = labSocketRoom,
  /** Told the directory's path the moment it exists (the run's janitor), before anything else runs. */
  claim: (path: string) => void = () => {},
): Promise<LabDirectory> {
  // A relative TMPDIR is taken from where decklab runs: children start in the lab directory.
  const base = resolve(tmpdir())
  let why = `${describeBase(base)} is ${Buffer.byteLength(base)} bytes, too long for the labs' socket paths (sun_path holds ${maxSocketPathBytes} bytes)`
  let advice = 'set TMPDIR to a shorter writable directory'
  if (fitsSocketPaths(base, room)) {
    let path: string
    try {
      // Made synchronously and claimed at once: a SIGKILL between the two leaves nothing.
      path = mkdtempSync(join(base, prefix))
      claim(path)
    } catch (error) {
      throw new LabDirectoryError(
        `cannot make a lab directory in ${describeBase(base)}: ${errorMessage(error)}; set TMPDIR to a writable directory`,
        { cause: error },
      )
    }
    const refusal = await socketRefusal(path, base)
    if (refusal === undefined) return { path }
    rmSync(path, { recursive: true, force: true })
    why = `${describeBase(base)} is on a file system that holds no socket files (its bind failed with ${refusal})`
    advice = 'set TMPDIR to a writable directory on a file system that holds socket files'
  }
  const refusals: string[] = []
  for (const folder of shortFolders) {
    if (!fitsSocketPaths(folder, room) || folder === base) continue
    try {
      const path = mkdtempSync(join(folder, prefix))
      claim(path)
      return { path, note: `${why}: the lab directory is in ${folder} instead` }
    } catch (error) {
      refusals.push(`${folder}: ${errorMessage(error)}`)
    }
  }
  throw new LabDirectoryError(
    `${why}, and no short folder could take a lab directory instead (${refusals.join('; ')}); ${advice}`,
  )
}

/** Per TMPDIR: undefined when its file system holds socket files, else the bind's error code. */
const socketProbes = new Map<string, string | undefined>()

/**
 * Whether a socket file can be bound in `directory` (a fresh lab directory
 * in `base`): probed once per TMPDIR a process uses, so `verify` pays for one
 * bind, not one per lab. What a refused bind leaves (exfat-fuse makes an
 * empty regular file) goes with the directory.
 */
async function socketRefusal(directory: string, base: string): Promise<string | undefined> {
  if (socketProbes.has(base)) return socketProbes.get(base)
  const refusal = await new Promise<string | undefined>((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    // Node's close unlinks the socket file it bound.
    server.listen(join(directory, 'probe.sock'), () => server.close(() => resolve(undefined)))
  })
  socketProbes.set(base, refusal)
  return refusal
}
