/**
 * The one durable file writer: the new bytes go to a temp file beside the
 * target (same folder, so the rename never crosses a file system), which is
 * fsync'd, renamed over the target, and then the folder is fsync'd so the
 * rename itself survives a crash. A reader, or a crash at any moment, sees
 * the old file or the new one, never a mix. Synchronous: the quiz saves an
 * answer before it shows the next card, and the build's few writes gain
 * nothing from waiting in parallel. `writeFileAtomicFrom` awaits its parts
 * between writes, for a file made as it is written (the preview's page).
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { truncateUtf8 } from '../text/truncate-utf8.js'
import { isProcessGone, removeFilesOfDeadWriters } from './dead-writers.js'
import { copyFilePart, type FilePart, isFilePart } from './file-part.js'
import { makeFolder } from './make-folder.js'
import { writeAll } from './write-all.js'

export interface WriteAtomicOptions {
  /** The new file's permission bits, set exactly (not through the umask). Default: as `open` creates it. */
  mode?: number | undefined
  /**
   * The new file's owner and group, set when the new file has other ones
   * (root replacing another user's file keeps it theirs; a user may give
   * its file any group it is in).
   */
  owner?: { uid: number; gid: number } | undefined
  /** The temp file's suffix, so a cleanup can recognise its own leftovers (default `.tmp`). */
  suffix?: string | undefined
  /**
   * Asked once the temp file is on disk, right before the rename (given
   * the temp file's path): false leaves the target as it is (e.g. it
   * changed since it was read).
   */
  beforeRename?: ((temporary: string) => boolean) | undefined
  /**
   * Once the new file is in place, remove the temp files of this same file
   * that a writer killed mid-way (SIGKILL, the OOM killer, a power cut) left
   * beside it: only names of this file's temp form (`.<name>.<pid>-<hex><suffix>`),
   * only regular files, only when that pid runs no more. For a few large
   * files written once a run (a package, its record), not for many notes
   * in one folder: each call lists the folder.
   */
  clearDeadTemps?: boolean | undefined
}

/**
 * Replace (or create) `path` with `data` (text, bytes, or consecutive parts
 * of the bytes, written in turn: bytes, or another file's bytes copied as
 * they are written, `file-part.ts`), creating its folder if needed.
 * Returns false when `beforeRename` refused, true once the new file is in
 * place. On any error (a file part whose file changed too) the temp file is
 * removed and the target is untouched.
 */
export function writeFileAtomic(
  path: string,
  data: Uint8Array | string | ReadonlyArray<Uint8Array | FilePart>,
  options: WriteAtomicOptions = {},
): boolean {
  const { folder, temporary } = temporaryFor(path, options)
  try {
    // Exclusive: a name planted in advance (or a symbolic link) is never written through.
    const descriptor = openSync(temporary, 'wx', options.mode ?? 0o666)
    try {
      if (typeof data === 'string') writeAll(descriptor, Buffer.from(data, 'utf8'))
      else if (data instanceof Uint8Array) writeAll(descriptor, data)
      else {
        for (const part of data) {
          if (isFilePart(part)) copyFilePart(descriptor, part)
          else writeAll(descriptor, part)
        }
      }
      sealTemporary(descriptor, options)
    } finally {
      closeSync(descriptor)
    }
    if (options.beforeRename && !options.beforeRename(temporary)) return false
    renameSync(temporary, path)
  } catch (error) {
    throw namingTheFile(error, path)
  } finally {
    // After a rename the temp name is gone already; otherwise this is the cleanup.
    rmSync(temporary, { force: true })
  }
  afterRename(folder, path, options)
  return true
}

/**
 * `writeFileAtomic` of bytes that come a part at a time, each written as it
 * comes: a file larger than one should hold in memory (the preview's page).
 * The parts may await (to let a signal in); one that throws leaves the
 * target as it was, the temp file removed, and the error goes on.
 */
export async function writeFileAtomicFrom(
  path: string,
  parts: AsyncIterable<Uint8Array>,
  options: WriteAtomicOptions = {},
): Promise<boolean> {
  const { folder, temporary } = temporaryFor(path, options)
  try {
    const descriptor = openSync(temporary, 'wx', options.mode ?? 0o666)
    try {
      for await (const part of parts) writeAll(descriptor, part)
      sealTemporary(descriptor, options)
    } finally {
      closeSync(descriptor)
    }
    if (options.beforeRename && !options.beforeRename(temporary)) return false
    renameSync(temporary, path)
  } catch (error) {
    // A part's own error (an interrupt) goes on as it is; a system call's names the file.
    throw typeof (error as NodeJS.ErrnoException)?.syscall === 'string'
      ? namingTheFile(error, path)
      : error
  } finally {
    rmSync(temporary, { force: true })
  }
  afterRename(folder, path, options)
  return true
}

/** The target's folder, made if missing, and a temp file name beside the target. */
function temporaryFor(path: string, options: WriteAtomicOptions) {
  const folder = dirname(path)
  makeFolder(folder)
  return {
    folder,
    temporary: join(folder, temporaryName(basename(path), options.suffix ?? '.tmp')),
  }
}

/** The written temp file's mode and owner, and its bytes on disk. */
function sealTemporary(descriptor: number, options: WriteAtomicOptions): void {
  if (options.mode !== undefined) fchmodSync(descriptor, options.mode)
  if (options.owner) keepOwner(descriptor, options.owner)
  fsyncSync(descriptor)
}

function afterRename(folder: string, path: string, options: WriteAtomicOptions): void {
  syncFolder(folder)
  if (options.clearDeadTemps) removeDeadTemps(folder, basename(path), options.suffix ?? '.tmp')
}

/** The temp files of `name` in `folder` whose writer is gone (see `clearDeadTemps`). */
function removeDeadTemps(folder: string, name: string, suffix: string): void {
  const writerOf = (candidate: string) => {
    const pid = temporaryWriter(candidate, suffix)
    if (pid === undefined) return undefined
    // The name this pid's temp of `name` has: a long name is cut by the pid's length.
    const own = temporaryName(name, suffix, `${pid}-00000000`)
    const stem = own.slice(0, own.length - '00000000'.length - suffix.length)
    return candidate.startsWith(stem) ? pid : undefined
  }
  removeFilesOfDeadWriters(folder, writerOf, isProcessGone)
}

/**
 * A `write` or `fsync` that fails (a full disk) reports only a descriptor,
 * and its error would reach the user as "ENOSPC from write" without a file:
 * it names the file being replaced, as a failed `open` names its path.
 */
function namingTheFile(error: unknown, path: string): unknown {
  const failure = error as NodeJS.ErrnoException
  if (error instanceof Error && failure.code !== undefined && failure.path === undefined) {
    failure.path = path
  }
  return error
}

function keepOwner(descriptor: number, owner: { uid: number; gid: number }): void {
  const stats = fstatSync(descriptor)
  if (stats.uid !== owner.uid || stats.gid !== owner.gid) {
    fchownSync(descriptor, owner.uid, owner.gid)
  }
}

/** The longest file name most file systems take (ext4, XFS, btrfs, APFS: 255 bytes). */
const maximumNameBytes = 255

/**
 * `.<name>.<pid>-<8 hex><suffix>`: hidden, unique per write, and naming the
 * process that wrote it. A name too long to fit beside the rest is cut and
 * marked with a hash of the whole (`.<start>~<8 hex>.<pid>-…`): a note whose
 * name is within 30 bytes of the limit could otherwise never be written.
 */
function temporaryName(
  name: string,
  suffix: string,
  writer = `${process.pid}-${randomBytes(4).toString('hex')}`,
): string {
  const tail = `.${writer}${suffix}`
  const room = maximumNameBytes - 1 - Buffer.byteLength(tail)
  if (Buffer.byteLength(name) <= room) return `.${name}${tail}`
  const mark = `~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`
  return `.${truncateUtf8(name, room - mark.length)}${mark}${tail}`
}

/**
 * The pid in a temp file name `writeFileAtomic` made with `suffix`, or
 * undefined for any other name (a cleanup removes only its own leftovers).
 */
export function temporaryWriter(name: string, suffix: string): number | undefined {
  if (!name.startsWith('.') || !name.endsWith(suffix)) return undefined
  const match = /^\..+\.(\d+)-[0-9a-f]{8}$/.exec(name.slice(0, name.length - suffix.length))
  return match ? Number(match[1]) : undefined
}

function syncFolder(folder: string): void {
  let descriptor: number | undefined
  try {
    descriptor = openSync(folder, 'r')
    fsyncSync(descriptor)
  } catch {
    // Some file systems refuse fsync on folders; the rename is still atomic.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}
