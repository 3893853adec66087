/**
 * Writing planned IDs into the files: durably (`fs/write-atomic.ts`),
 * through symbolic links to the real file, keeping the file mode and BOM,
 * and refusing a file whose bytes changed since it was read, a read-only
 * file and a hard-linked one.
 */
import { createHash } from 'node:crypto'
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs'
import { lstat, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { openRegularFileSync, readFromStart } from '../fs/regular-file.js'
import { temporaryWriter, writeFileAtomic } from '../fs/write-atomic.js'
import { isDiskFull } from '../fs/write-failure.js'
import { letSignalsIn } from '../interrupt.js'
import { processStart } from '../locks/lock-file.js'
import { pathInside } from '../text/relative-path.js'
import { idMarker } from './insert.js'
import type { FileIdEdit, WritableSource } from './plan.js'

const BOM = '\uFEFF'

/** The bytes a source had when it was read (BOM included). */
export function originalBytes(source: WritableSource): Buffer {
  return Buffer.from((source.bom ? BOM : '') + source.text, 'utf8')
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Outcome of the write-back. */
export interface WriteBackResult {
  written: string[]
  diagnostics: Diagnostic[]
  /** A signal stopped it before the next file: `written` holds the files written before. */
  interrupted?: boolean | undefined
}

/** The `file-changed` error: a note changed between reading it and writing its IDs. */
export function fileChanged(file: string): Diagnostic {
  return createReporter(file).error(
    'file-changed',
    'Unexpected change to the file since it was read, expected it unchanged: no IDs were written to it',
    { hint: 'Run the build again to add the missing IDs.' },
  )
}

/** A note decklab will not (or cannot) write into, with the reason as a diagnostic code and message. */
export interface Refusal {
  code:
    | 'note-read-only'
    | 'note-hard-linked'
    | 'note-not-writable'
    | 'note-folder-not-writable'
    | 'note-outside-vault'
    | 'note-owner-not-kept'
    | 'file-changed'
  message: string
  hint: string
}

/**
 * Apply every edit. A file that changed since it was read is left alone
 * with a `file-changed` error; a read-only or hard-linked one with its own.
 * A signal stops it before the next file (`interrupted`).
 */
export async function applyIdEdits(
  edits: readonly FileIdEdit[],
  signal?: AbortSignal | undefined,
  /** Told each file as soon as it holds its IDs (before the next is written). */
  onWritten: (file: string) => void = () => {},
): Promise<WriteBackResult> {
  const written: string[] = []
  // A note that must not be replaced stops every write, as any other error does.
  const diagnostics = idEditRefusals(edits)
  if (diagnostics.length > 0) return { written, diagnostics }
  for (const edit of edits) {
    // Each file is written synchronously: a signal that came meanwhile is let in here.
    await letSignalsIn()
    if (signal?.aborted) return { written, diagnostics, interrupted: true }
    const bytes = Buffer.from((edit.source.bom ? BOM : '') + edit.text, 'utf8')
    let outcome: 'written' | 'changed' | Refusal
    try {
      outcome = replaceIfUnchanged(
        edit.source.absolutePath,
        bytes,
        digest(originalBytes(edit.source)),
        edit.source.vaultRoot,
      )
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      // A full disk wants room, not permissions.
      const full = isDiskFull(error)
      createReporter(edit.source.file, diagnostics).error(
        'write-failed',
        `Unexpected \`${code}\` writing new IDs into the file, expected ${full ? 'room on its disk' : 'a writable file and folder'}`,
        {
          hint: full
            ? 'Free some space on the disk of the notes and build again: the notes not written keep their text, without IDs.'
            : 'Make the file and its folder writable, or use `--frozen` where notes must not change.',
        },
      )
      continue
    }
    if (outcome === 'written') {
      written.push(edit.source.file)
      onWritten(edit.source.file)
    } else if (outcome === 'changed') diagnostics.push(fileChanged(edit.source.file))
    else diagnostics.push(refusalDiagnostic(edit, outcome))
  }
  return { written, diagnostics }
}

/**
 * The notes among these that decklab will not write into (read-only,
 * hard-linked, outside the vault, another user's) or cannot (the file, or
 * its folder, not writable for this user), as errors, and those that are no
 * longer a regular file (`file-changed`): a build stops on them before any
 * write, and `check` and `build --dry-run` report them as the build would.
 */
export function idEditRefusals(edits: readonly FileIdEdit[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const edit of edits) {
    const ids = edit.insertions.map(idMarker).join(', ')
    diagnostics.push(...sourceRefusals(edit.source, ` The IDs it needs: ${ids}.`))
  }
  return diagnostics
}

/**
 * `idEditRefusals` for notes whose IDs are not known yet (`sync` gets them
 * from Anki after adding the notes): each file decklab could not write them
 * into, checked before anything is added.
 */
export function noteFileRefusals(
  sources: ReadonlyArray<Pick<WritableSource, 'file' | 'absolutePath' | 'vaultRoot'>>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  // Each file once, however many of its notes are given.
  const files = new Map(sources.map((source) => [source.absolutePath, source]))
  for (const source of files.values()) diagnostics.push(...sourceRefusals(source, ''))
  return diagnostics
}

function refusalDiagnostic(edit: FileIdEdit, refused: Refusal): Diagnostic {
  const ids = edit.insertions.map(idMarker).join(', ')
  return refusedDiagnostic(edit.source.file, refused, ` The IDs it needs: ${ids}.`)
}

function refusedDiagnostic(file: string, refused: Refusal, hintEnd: string): Diagnostic {
  return createReporter(file).error(refused.code, refused.message, {
    hint: `${refused.hint}${hintEnd}`,
  })
}

function sourceRefusals(
  source: Pick<WritableSource, 'file' | 'absolutePath' | 'vaultRoot'>,
  hintEnd: string,
): Diagnostic[] {
  let checked: ReturnType<typeof checkNote> | undefined
  try {
    checked = checkNote(source.absolutePath, source.vaultRoot)
  } catch {
    checked = undefined
  }
  if (checked === 'changed') return [fileChanged(source.file)]
  if (!checked || !('code' in checked)) return []
  return [refusedDiagnostic(source.file, checked, hintEnd)]
}

/**
 * The real file behind `path` and its stats, if decklab may replace it:
 * else why not, or `changed` when it is gone or no longer a regular file.
 */
function checkNote(
  path: string,
  vaultRoot: string,
): { real: string; stats: Stats } | Refusal | 'changed' {
  let real: string
  let stats: Stats
  try {
    real = realpathSync.native(path)
    stats = statSync(real)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'changed'
    throw error
  }
  const outside = outsideRefusal(vaultRoot, real)
  if (outside) return outside
  if (!stats.isFile()) return 'changed'
  const refused =
    refusal(stats, real, path) ??
    accessRefusal(real, path) ??
    ownerRefusal(stats, statSync(dirname(real)), real, path)
  return refused ?? { real, stats }
}

/** A note whose real path is outside its vault's real root (a link put there): never written. */
function outsideRefusal(vaultRoot: string, real: string): Refusal | undefined {
  if (pathInside(realpathSync.native(vaultRoot), real) !== undefined) return undefined
  return {
    code: 'note-outside-vault',
    message: `Unexpected note that links outside the vault (to \`${real}\`), expected a file inside the vault root \`${vaultRoot}\`: decklab writes no IDs into it`,
    hint: 'Copy the file into the vault; decklab never writes outside it.',
  }
}

/**
 * Why the new file that replaces the note could not keep its owner and
 * group, or undefined. Root sets both; any other user creates files as
 * itself, and may give them only a group it is in (or the folder's, which
 * a set-group-ID folder gives them).
 */
function ownerRefusal(
  stats: Stats,
  folder: Stats,
  real: string,
  path: string,
): Refusal | undefined {
  const uid = process.geteuid?.()
  if (uid === undefined || uid === 0) return undefined
  const where = throughLink(real, path)
  const hint = "Run decklab as the note's owner to let it add the IDs, or add them by hand."
  if (stats.uid !== uid) {
    return {
      code: 'note-owner-not-kept',
      message: `Unexpected note owned by another user${where} (uid ${stats.uid}), expected one this user (uid ${uid}) owns: the IDs go into a new file that replaces the note and would be this user's, so decklab writes no IDs into it`,
      hint,
    }
  }
  const groups = [process.getegid?.(), ...(process.getgroups?.() ?? [])]
  const inherited = (folder.mode & 0o2000) !== 0 && folder.gid === stats.gid
  if (groups.includes(stats.gid) || inherited) return undefined
  return {
    code: 'note-owner-not-kept',
    message: `Unexpected note of a group this user is not in${where} (gid ${stats.gid}), expected one of its groups: the IDs go into a new file that replaces the note and could not keep that group, so decklab writes no IDs into it`,
    hint,
  }
}

/**
 * What the system would refuse this user: writing the file, or making the
 * temp file beside it that is renamed over it. (Root passes, unless the file
 * system is read-only; the mode check stands in for a read-only note.)
 */
function accessRefusal(real: string, path: string): Refusal | undefined {
  const fileDenied = deniedAccess(real, constants.W_OK)
  if (fileDenied === 'EROFS') {
    // No user may write there: "this user may not write" sent root looking at modes.
    return {
      code: 'note-not-writable',
      message: `Unexpected note on a read-only file system${throughLink(real, path)} (\`EROFS\`), expected a writable file: decklab writes no IDs into it`,
      hint: 'Remount that file system read-write, or build a copy of the vault on a writable disk, to let decklab add the IDs; or add them by hand.',
    }
  }
  if (fileDenied !== undefined) {
    const where = throughLink(real, path)
    return {
      code: 'note-not-writable',
      message: `Unexpected note this user may not write${where} (\`${fileDenied}\`), expected a writable file: decklab writes no IDs into it`,
      hint: 'Make it writable for this user to let decklab add the IDs, or add them by hand.',
    }
  }
  const folder = dirname(real)
  const folderDenied = deniedAccess(folder, constants.W_OK | constants.X_OK)
  if (folderDenied === undefined) return undefined
  const where = real === path ? '' : ` (\`${folder}\`, through a link to \`${real}\`)`
  return {
    code: 'note-folder-not-writable',
    message: `Unexpected note in a folder this user may not create files in${where} (\`${folderDenied}\`), expected a writable folder: the IDs go into a temp file beside the note that then replaces it, so decklab writes no IDs into it`,
    hint: 'Make the folder writable for this user to let decklab add the IDs, or add them by hand.',
  }
}

/** The error code when this user may not access `path` in `mode`, else undefined. */
function deniedAccess(path: string, mode: number): string | undefined {
  try {
    accessSync(path, mode)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error)
  }
}

function readOnlyRefusal(mode: number, real: string, path: string): Refusal | undefined {
  if ((mode & 0o222) !== 0) return undefined
  const where = throughLink(real, path)
  return {
    code: 'note-read-only',
    message: `Unexpected read-only note${where} (mode ${(mode & 0o777).toString(8)}), expected a writable file: decklab writes no IDs into it`,
    hint: 'Make it writable to let decklab add the IDs, or add them by hand.',
  }
}

/** Where a refusal says the note is, when `path` reached it through a link: `` (through a link to `real`)``. */
function throughLink(real: string, path: string): string {
  return real === path ? '' : ` (through a link to \`${real}\`)`
}

/** Why decklab must not replace this regular file (its mode or its links), or undefined. */
function refusal(stats: Stats, real: string, path: string): Refusal | undefined {
  const readOnly = readOnlyRefusal(stats.mode, real, path)
  if (readOnly) return readOnly
  const where = throughLink(real, path)
  if (stats.nlink > 1) {
    return {
      code: 'note-hard-linked',
      message: `Unexpected hard-linked note${where} (${stats.nlink} links), expected one link: replacing it would split the links, so decklab writes no IDs into it`,
      hint: 'Use a symbolic link (decklab writes through it) or add the IDs by hand.',
    }
  }
  return undefined
}

/**
 * Write `bytes` durably over the real file (`path` resolved through symbolic
 * links, which stay as they are, and inside `vaultRoot`) with its mode,
 * owner and group, but only if it still hashes to `expectedDigest` right
 * before the rename. A read-only file, one with other hard links, one
 * outside the vault and one whose owner the new file could not keep are
 * refused (`checkNote`).
 *
 * Right before the rename, the note is opened once more (without following a
 * link, never blocking on a FIFO) and that very file is checked: the same
 * inode, still a regular file with one link, its mode and owner as they were,
 * its bytes as read. After the rename that file, still open, is read again:
 * an edit (or a chmod) that reached it in between is put back over the note,
 * without the IDs, as `changed` or the refusal it now calls for. What remains
 * is a rename: an editor writing into the old file after that, or linking it
 * meanwhile, is not seen (no rename is conditional on content without a lock
 * the editor honours).
 */
export function replaceIfUnchanged(
  path: string,
  bytes: Uint8Array,
  expectedDigest: string,
  vaultRoot: string,
): 'written' | 'changed' | Refusal {
  const checked = checkNote(path, vaultRoot)
  if (checked === 'changed' || 'code' in checked) return checked
  const { real, stats } = checked
  const options = {
    mode: stats.mode & 0o7777,
    owner: { uid: stats.uid, gid: stats.gid },
    suffix: tempSuffix,
  }
  let held: number | undefined
  let late: 'changed' | Refusal = 'changed'
  try {
    const written = writeFileAtomic(real, bytes, {
      ...options,
      beforeRename: () => {
        const look = lastLook(real, path, stats, expectedDigest)
        if (typeof look === 'number') held = look
        else late = look
        return typeof look === 'number'
      },
    })
    if (!written || held === undefined) return late
    return putBackIfTouched(real, path, held, stats, expectedDigest, digest(bytes))
  } finally {
    if (held !== undefined) closeSync(held)
  }
}

/**
 * The note at `real`, opened for the check right before the rename: its
 * descriptor, if it is the file `before` describes, with the expected bytes
 * (its folder still where it was); else `changed` or the refusal it calls for.
 */
function lastLook(
  real: string,
  path: string,
  before: Stats,
  expectedDigest: string,
): number | 'changed' | Refusal {
  let opened: { descriptor: number; stats: Stats }
  try {
    // A folder on the way swapped for a link would lead the rename elsewhere.
    if (realpathSync.native(dirname(real)) !== dirname(real)) return 'changed'
    opened = openRegularFileSync(real, { noFollow: true })
  } catch {
    // Gone, a link now, or no longer a regular file (opened without blocking).
    return 'changed'
  }
  const { descriptor, stats } = opened
  let keep = false
  try {
    if (stats.dev !== before.dev || stats.ino !== before.ino) return 'changed'
    const refused = refusal(stats, real, path)
    if (refused) return refused
    if (stats.mode !== before.mode || stats.uid !== before.uid || stats.gid !== before.gid) {
      return 'changed'
    }
    if (digest(readFromStart(descriptor)) !== expectedDigest) return 'changed'
    keep = true
    return descriptor
  } finally {
    if (!keep) closeSync(descriptor)
  }
}

/**
 * After the rename: the replaced file (still open as `held`) read again. If
 * its bytes, mode or owner changed after the last look, that change would be
 * lost: the replaced file is written back over the note (only while the note
 * still holds the bytes just written), and the outcome is `changed`, or the
 * refusal the file now calls for (made read-only).
 */
function putBackIfTouched(
  real: string,
  path: string,
  held: number,
  before: Stats,
  expectedDigest: string,
  writtenDigest: string,
): 'written' | 'changed' | Refusal {
  const now = fstatSync(held)
  const bytes = readFromStart(held)
  const touched =
    digest(bytes) !== expectedDigest ||
    now.mode !== before.mode ||
    now.uid !== before.uid ||
    now.gid !== before.gid
  if (!touched) return 'written'
  const restored = writeFileAtomic(real, bytes, {
    mode: now.mode & 0o7777,
    owner: { uid: now.uid, gid: now.gid },
    suffix: tempSuffix,
    beforeRename: () => holds(real, writtenDigest),
  })
  if (!restored) {
    return {
      code: 'file-changed',
      message:
        'Unexpected changes to the file while its IDs were written, expected it unchanged: one made right before the IDs went in reached only the file they replaced, and the file changed again before it could be put back',
      hint: 'Check the note for the lost change, then run the build again.',
    }
  }
  return readOnlyRefusal(now.mode, real, path) ?? 'changed'
}

/** Whether the regular file at `real` (not a link) holds bytes with this digest. */
function holds(real: string, expectedDigest: string): boolean {
  try {
    const { descriptor } = openRegularFileSync(real, { noFollow: true })
    try {
      return digest(readFromStart(descriptor)) === expectedDigest
    } finally {
      closeSync(descriptor)
    }
  } catch {
    return false
  }
}

/** The suffix of write-back temp files: `.<name>.<pid>-<hex>.decklab-tmp`. */
export const tempSuffix = '.decklab-tmp'

/**
 * Remove write-back temp files in `directories` that a killed decklab left:
 * only names of that exact form, only regular files owned by this user, and
 * only when the process that made them is gone. Returns the paths removed.
 */
export async function removeStaleTemps(directories: Iterable<string>): Promise<string[]> {
  const removed: string[] = []
  for (const directory of new Set(directories)) {
    let names: string[]
    try {
      names = await readdir(directory)
    } catch {
      continue
    }
    for (const name of names) {
      const pid = temporaryWriter(name, tempSuffix)
      if (pid === undefined || pid === process.pid || processStart(pid) !== undefined) continue
      const path = join(directory, name)
      const stats = await lstat(path).catch(() => undefined)
      if (!stats?.isFile() || stats.uid !== process.getuid?.()) continue
      await rm(path, { force: true })
      removed.push(path)
    }
  }
  return removed
}
