/**
 * The output folder `decklab preview` owns. Its manifest lists the names the
 * tool wrote there, so a re-run removes stale media and never touches other
 * files. The manifest is saved before the files it names: a run that stops
 * part way (a full disk) leaves a folder the next run recognises as its own,
 * rather than a half-written one it must refuse.
 */

import { lstatSync, readFileSync, type Stats, unlinkSync } from 'node:fs'
import { lstat, readdir, rm, rmdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DecklabError } from '../../errors.js'
import { isProcessGone } from '../../fs/dead-writers.js'
import { type HeldFolder, holdFolder, holdSubfolder } from '../../fs/held-folder.js'
import { makeFolder } from '../../fs/make-folder.js'
import { fileKind, readRegularFileSync, readRegularText } from '../../fs/regular-file.js'
import { temporaryWriter, writeFileAtomic, writeFileAtomicFrom } from '../../fs/write-atomic.js'
import { outputWriteError, writeFailureReason } from '../../fs/write-failure.js'
import { type LockAttempt, LockPathTakenError, tryLock } from '../../locks/lock-file.js'
import { holderName, waitForLock } from '../../locks/wait-for-lock.js'
import { defaultLockWaitMs } from '../../locks/wait-notice.js'
import { mathAssetFiles, mathFolder } from '../../preview/math-assets.js'
import { pathInMessage } from '../../terminal/safe-text.js'
import { programName } from '../../text/program-name.js'
import { foldersOf, isOutputName } from './output-names.js'

/** Lists what a run wrote (or set out to write). */
export const manifestName = '.decklab-preview.json'

/**
 * Held while a run writes into the folder (see `lockPreviewFolder`). Neither
 * it nor its temp files (`<lock>.<pid>-<hex>.new`) are ever in the manifest.
 */
export const lockName = '.decklab-preview.lock'

export interface PreviewFolder {
  /** The absolute path. */
  directory: string
  /** The path as messages show it. */
  shown: string
  /** Names an earlier run wrote, from its manifest. */
  previous: readonly string[]
  /** Names this run has begun to write: a failed write may have left part of them. */
  attempted: Set<string>
  /** Whether this run's manifest is saved (before it, the folder holds nothing of this run). */
  claimed: boolean
}

/** Refuse a folder that holds files decklab preview did not write; otherwise what it wrote before. */
export async function openPreviewFolder(directory: string, shown: string): Promise<PreviewFolder> {
  const folder = (previous: string[]): PreviewFolder => ({
    directory,
    shown,
    previous,
    attempted: new Set(),
    claimed: false,
  })
  let names: string[]
  try {
    names = await readdir(directory)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return folder([])
    throw new DecklabError(
      'output-not-writable',
      `Unexpected output \`${pathInMessage(shown)}\`: ${writeFailureReason(error)}, expected a folder`,
      { cause: error },
    )
  }
  // A folder holding only another run's lock is one that run has just made, and so is one
  // holding also the temp file of a manifest a run killed before saving it left (kill -9).
  const leftovers = names.filter(isDeadManifestTemp)
  if (names.every((name) => name.startsWith(lockName) || leftovers.includes(name))) {
    for (const name of leftovers) await rm(join(directory, name), { force: true })
    return folder([])
  }
  try {
    const manifest = JSON.parse(await readRegularText(join(directory, manifestName))) as {
      files?: unknown
    }
    if (Array.isArray(manifest.files)) return folder(manifest.files.filter(isOutputName))
  } catch {
    // no manifest: not ours
  }
  throw new DecklabError(
    'output-not-ours',
    `Unexpected files in \`${pathInMessage(shown)}\`, expected an empty folder or one \`${programName()} preview\` wrote; choose another folder with \`-o\``,
  )
}

/** A temp file of the manifest whose writer is gone (`..decklab-preview.json.<pid>-<hex>.tmp`). */
function isDeadManifestTemp(name: string): boolean {
  if (!name.startsWith(`.${manifestName}.`)) return false
  const pid = temporaryWriter(name, '.tmp')
  return pid !== undefined && pid !== process.pid && isProcessGone(pid)
}

/**
 * Make the folder and take its lock, waiting (up to a minute, saying so through
 * `onWait`) while another `decklab preview` writes there: two runs into one
 * folder (parallel CI jobs) each read the manifest before the other saved its
 * own, so one refused the other's files as not its own and then saved a
 * manifest without them, and every later run refused the folder. Open the
 * folder again once the lock is held: another run may have written meanwhile.
 */
export async function lockPreviewFolder(
  directory: string,
  shown: string,
  options: { signal?: AbortSignal | undefined; onWait?: ((holder: string) => void) | undefined },
): Promise<() => void> {
  const path = join(directory, lockName)
  const take = (): LockAttempt => {
    try {
      makeFolder(directory)
      return tryLock(path, 'decklab preview')
    } catch (error) {
      if (error instanceof LockPathTakenError) {
        throw new DecklabError(
          'output-not-ours',
          `Unexpected \`${pathInMessage(join(shown, lockName))}\`: it is ${error.kind}, expected decklab's lock file there; nothing was written`,
        )
      }
      throw outputWriteError(shown, error)
    }
  }
  const taken = await waitForLock(take, Date.now() + defaultLockWaitMs, options)
  if ('release' in taken) return taken.release
  throw new DecklabError(
    'output-locked',
    `Unexpected lock \`${pathInMessage(join(shown, lockName))}\`: ${holderName(taken.holder)} is writing a preview there, expected it to finish; run again when it has, or choose another folder with \`-o\``,
  )
}

/**
 * Run one write into the folder; a file system refusing it (no permission, a
 * read-only or full disk) becomes an error naming the file (`output-not-writable`
 * or `system-error`), never a crash.
 */
export async function writeInto(
  folder: PreviewFolder,
  name: string,
  write: (path: string) => Promise<unknown> | unknown,
): Promise<void> {
  folder.attempted.add(name)
  const path = join(folder.directory, name)
  try {
    await write(path)
  } catch (error) {
    throw writeFailure(folder, name, error)
  }
}

/**
 * Write a file into the folder by rename (`writeFileAtomic`, or
 * `writeFileAtomicFrom` for parts that come one at a time): a link standing
 * at `name` is replaced, never written through, and so are the folders on
 * the way (see `placeInFolder`). The file goes into the folder held open
 * there, so a folder swapped for a link after the checks cannot divert it.
 */
export async function writeFileInto(
  folder: PreviewFolder,
  name: string,
  data: Uint8Array | string | AsyncIterable<Uint8Array>,
): Promise<void> {
  const parent = placeInFolder(folder, name)
  const path = parent.entry(basename(name))
  try {
    await writeInto(folder, name, () =>
      typeof data === 'string' || data instanceof Uint8Array
        ? writeFileAtomic(path, data)
        : writeFileAtomicFrom(path, data),
    )
  } finally {
    parent.close()
  }
}

/**
 * The folder `name` goes in, held open, once each folder on its way is a
 * real folder there: one missing is made; a link where this tool's folder
 * was (`katex` replaced by a link to elsewhere) is replaced by a new folder;
 * a link or file it never wrote is refused, naming it. A file already at
 * `name` must be one an earlier run wrote. Each folder is opened from the
 * one held before it, never through a link, so what is held lies inside the
 * output folder whatever is swapped in meanwhile (see `fs/held-folder.ts`).
 */
function placeInFolder(folder: PreviewFolder, name: string): HeldFolder {
  let current: HeldFolder
  try {
    current = holdFolder(folder.directory)
  } catch (error) {
    throw writeFailure(folder, '', error)
  }
  try {
    for (const inner of foldersOf(name)) {
      const parent = current
      current = holdInner(folder, parent, inner)
      parent.close()
    }
    // A file there that no earlier run listed is the user's, even under a name this tool uses.
    const stats = lstatSync(current.entry(basename(name)), { throwIfNoEntry: false })
    if (stats !== undefined && !recorded(folder, name)) {
      throw new DecklabError(
        'output-not-ours',
        `Unexpected \`${pathInMessage(join(folder.shown, name))}\`: ${kindOf(stats)} \`${programName()} preview\` did not write, expected nothing by that name; nothing was written over it`,
      )
    }
    return current
  } catch (error) {
    current.close()
    throw writeFailure(folder, name, error)
  }
}

/** Hold the folder `inner` (made when missing) in its held parent; see `placeInFolder`. */
function holdInner(folder: PreviewFolder, parent: HeldFolder, inner: string): HeldFolder {
  const path = parent.entry(basename(inner))
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false })
    if (stats?.isSymbolicLink() && recorded(folder, inner)) unlinkSync(path)
    else if (stats !== undefined && !stats.isDirectory()) {
      throw refuseFolder(folder, inner, kindOf(stats))
    }
    // A link put there since the look above is not followed: refused as a write failure.
    return holdSubfolder(parent, basename(inner), { create: true })
  } catch (error) {
    throw writeFailure(folder, inner, error)
  }
}

/**
 * The folder `name` lies in, held open, when each folder on its way is a
 * real folder (not a link); undefined when one is missing or is not: a path
 * through a link may lead anywhere, so nothing is removed or read through one.
 */
function holdExisting(folder: PreviewFolder, name: string): HeldFolder | undefined {
  let current: HeldFolder
  try {
    current = holdFolder(folder.directory)
  } catch {
    return undefined
  }
  for (const inner of foldersOf(name)) {
    const parent = current
    try {
      current = holdSubfolder(parent, basename(inner))
    } catch {
      return undefined
    } finally {
      parent.close()
    }
  }
  return current
}

/** Whether an earlier run wrote `inner` or something in it (an old manifest: the folder around it). */
function recorded(folder: PreviewFolder, inner: string): boolean {
  return folder.previous.some(
    (name) => name.startsWith(`${inner}/`) || name === inner || inner.startsWith(`${name}/`),
  )
}

function kindOf(stats: Stats): string {
  return stats.isSymbolicLink() ? 'a symbolic link' : fileKind(stats)
}

function refuseFolder(folder: PreviewFolder, inner: string, kind: string): DecklabError {
  return new DecklabError(
    'output-not-ours',
    `Unexpected \`${pathInMessage(join(folder.shown, inner))}\`: ${kind}, expected a folder \`${programName()} preview\` wrote; nothing was written through it`,
  )
}

/** Make the folder and save a manifest naming every file this run may write, before writing any. */
export async function claimNames(folder: PreviewFolder, names: Iterable<string>): Promise<void> {
  try {
    makeFolder(folder.directory)
  } catch (error) {
    throw writeFailure(folder, '', error)
  }
  const claimed = new Set([manifestName, ...folder.previous, ...names])
  await writeInto(folder, manifestName, (path) => writeManifest(path, claimed))
  folder.claimed = true
}

/**
 * After a complete run: remove the files earlier runs wrote and this one did
 * not, then their folders if that left them empty, and list only `written`.
 */
export async function settleFolder(
  folder: PreviewFolder,
  written: Iterable<string>,
): Promise<void> {
  const keep = new Set([manifestName, ...written])
  const removed: string[] = []
  for (const name of folder.previous) {
    if (keep.has(name)) continue
    const names = name === mathFolder ? oldMathFiles(folder, keep) : [name]
    for (const file of names) if (await removeFile(folder, file)) removed.push(file)
  }
  await removeEmptyFolders(folder, removed)
  await writeInto(folder, manifestName, (path) => writeManifest(path, keep))
}

/** Remove a file (or link) this tool wrote; never a folder, nor anything through a link. */
async function removeFile(folder: PreviewFolder, name: string): Promise<boolean> {
  const parent = holdExisting(folder, name)
  if (parent === undefined) return false
  let removed = false
  try {
    await writeInto(folder, name, async () => {
      const path = parent.entry(basename(name))
      const stats = await lstat(path).catch(() => undefined)
      if (stats === undefined || stats.isDirectory()) return
      await rm(path, { force: true })
      removed = true
    })
  } finally {
    parent.close()
  }
  return removed
}

/**
 * An earlier version listed the math folder by its name alone: of what is in
 * it, only the KaTeX files this version would write, byte for byte, are
 * provably its own. Anything else there (a file the user added, one an older
 * KaTeX wrote) stays.
 */
function oldMathFiles(folder: PreviewFolder, keep: ReadonlySet<string>): string[] {
  return mathAssetFiles()
    .filter(({ name, source }) => !keep.has(name) && sameBytes(folder, name, source))
    .map(({ name }) => name)
}

function sameBytes(folder: PreviewFolder, name: string, source: string): boolean {
  const parent = holdExisting(folder, name)
  if (parent === undefined) return false
  try {
    const { bytes } = readRegularFileSync(parent.entry(basename(name)), { noFollow: true })
    return bytes.equals(readFileSync(source))
  } catch {
    return false
  } finally {
    parent.close()
  }
}

/** Remove the folders the removed files were in, deepest first, each only if empty now. */
async function removeEmptyFolders(
  folder: PreviewFolder,
  removed: readonly string[],
): Promise<void> {
  const folders = [...new Set(removed.flatMap(foldersOf))]
  folders.sort((a, b) => b.split('/').length - a.split('/').length)
  for (const name of folders) {
    const parent = holdExisting(folder, name)
    if (parent === undefined) continue
    try {
      await writeInto(folder, name, () =>
        rmdir(parent.entry(basename(name))).catch((error: NodeJS.ErrnoException) => {
          // Still holding files (the user's, say), or not a folder: it stays.
          if (!['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR'].includes(error.code ?? '')) throw error
        }),
      )
    } finally {
      parent.close()
    }
  }
}

/**
 * After a failed run: narrow the manifest to what is really there (earlier
 * files and those this run began), so a later run never removes a file by a
 * name this run only meant to write. Best effort: when even this cannot be
 * saved, the claimed manifest stays: it names only files this tool set out to write.
 */
export function abandonFolder(folder: PreviewFolder): void {
  if (!folder.claimed) return
  try {
    writeManifest(
      join(folder.directory, manifestName),
      new Set([manifestName, ...folder.previous, ...folder.attempted]),
    )
  } catch {
    // The failure already reported says why the disk refused.
  }
}

function writeManifest(path: string, names: ReadonlySet<string>): void {
  writeFileAtomic(path, `${JSON.stringify({ files: [...names].sort() }, null, 2)}\n`, {
    clearDeadTemps: true,
  })
}

/** An `outputWriteError` for an error the system gave (a system call failed); anything else is a bug and stays as it is. */
function writeFailure(folder: PreviewFolder, name: string, error: unknown): unknown {
  if (typeof (error as NodeJS.ErrnoException | undefined)?.syscall !== 'string') return error
  const shown = name === '' ? folder.shown : join(folder.shown, name)
  return outputWriteError(shown, error)
}
