/** Choosing the output file: the default from the notes' decks, and checking `-o`. */

import { constants, type Stats } from 'node:fs'
import { access, lstat, open, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import {
  centralDirectorySpan,
  endRecordSize,
  isDecklabDirectory,
} from '../../anki/package-signature.js'
import { DecklabError, UsageError } from '../../errors.js'
import { isNoSuchFile } from '../../fs/no-such-file.js'
import { type RecordHome, recordFolder } from '../../rebuild/build-state.js'
import { pathInMessage } from '../../terminal/safe-text.js'
import { relativeTo } from '../../text/relative-path.js'

/**
 * `dist/<root deck>.apkg` when every note shares one root deck, otherwise
 * `dist/deck.apkg` (one file holds all the decks; `-o` names it). A partial
 * build (part of a vault) gets `dist/<root deck>.partial.apkg`, so it never
 * replaces the full deck's package.
 */
export function defaultOutputPath(
  cwd: string,
  decks: Iterable<string>,
  partial = false,
  folder = join(cwd, 'dist'),
): string {
  const roots = new Set<string>()
  for (const deck of decks) roots.add(deck.split('::')[0] ?? deck)
  const [only] = roots
  const name = roots.size === 1 && only !== undefined ? fileNameFor(only) : 'deck'
  return join(folder, `${name}${partial ? '.partial' : ''}.apkg`)
}

/** A deck name made safe as a file name on every system. */
export function fileNameFor(deck: string): string {
  const cleaned = deck
    .replace(/[/\\:*?"<>|\x00-\x1f\x7f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.-]+|[. ]+$/g, '')
  if (cleaned === '') return 'deck'
  // Room for `.partial.apkg` within a file name's 255 bytes, cut on a character boundary.
  let short = cleaned
  while (Buffer.byteLength(short) > 200) short = short.slice(0, -1)
  return short === cleaned ? cleaned : short.trimEnd()
}

/** Where `-o` points: the package file, or a folder for the default-named package. */
export type OutputTarget = { file: string } | { folder: string }

/**
 * Why `-o` is refused, as its code: `usage` for the name typed (a wrong
 * extension, a path inside the notes, a name too long), which keeps the
 * "see --help" line; for what is there in the world, a code of its own and
 * no such line (exit 2 either way): `output-not-ours`, something decklab did
 * not make stands where the package (or its records) would go and is never
 * replaced; `output-not-writable`, the folder it goes in cannot be made or
 * written in.
 */
type Refusal = 'usage' | 'output-not-ours' | 'output-not-writable'

function refuse(refusal: Refusal, shown: string, what: string, expected: string): DecklabError {
  const message = `Unexpected output \`${pathInMessage(shown)}\`: ${what}, expected ${expected}; nothing was written`
  return refusal === 'usage' ? new UsageError(message) : new DecklabError(refusal, message)
}

/** The real path of `path`, or of its nearest existing ancestor plus the rest, for paths not made yet. */
async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : join(await realPathOf(parent), basename(path))
  }
}

/**
 * Check `-o`: a folder (`-o dir/`, or an existing folder) gets the default
 * name; otherwise it must be an `.apkg` name, outside the notes being
 * built (unless they hold the working directory), and either new or an
 * existing package (never a device, a link or another file).
 */
export async function resolveOutputOption(
  cwd: string,
  output: string,
  scanned: readonly string[],
  home: RecordHome | undefined,
): Promise<OutputTarget> {
  const absolute = resolve(cwd, output)
  const stats = await lstat(absolute).catch(() => undefined)
  const real = await realPathOf(absolute)
  const here = await realPathOf(cwd)
  for (const path of scanned) {
    const notes = await realPathOf(resolve(cwd, path))
    // Notes that hold the working directory (`build .`) would leave no place for a package.
    if (here === notes || here.startsWith(`${notes}${sep}`)) continue
    if (real === notes || real.startsWith(`${notes}${sep}`)) {
      throw refuse(
        'usage',
        output,
        `it is inside the notes being built (\`${pathInMessage(path)}\`)`,
        'a path outside them',
      )
    }
  }
  if (stats?.isSymbolicLink()) {
    throw refuse(
      'output-not-ours',
      output,
      'it is a symbolic link',
      'a package file or folder (name the real path)',
    )
  }
  if (stats?.isDirectory()) return { folder: absolute }
  if (/[/\\]$/.test(output)) {
    if (stats)
      throw refuse('output-not-writable', output, 'it is not a folder', 'a folder for `-o DIR/`')
    await checkWritablePath(cwd, absolute, output)
    return { folder: absolute }
  }
  if (!absolute.toLowerCase().endsWith('.apkg')) {
    throw refuse(
      'usage',
      output,
      'it is not an `.apkg` name',
      'a file name ending in `.apkg`, or a folder',
    )
  }
  await checkPackageTarget(cwd, absolute, home, output)
  return { file: absolute }
}

/**
 * The nearest path above `path` that exists, with its stats, or with the
 * error that keeps it from being looked at (`ELOOP`: a link that loops;
 * `EACCES`: a folder this user may not search); undefined at the root.
 */
async function nearestExisting(
  path: string,
): Promise<{ path: string; stats: Stats } | { path: string; code: string } | undefined> {
  for (let above = dirname(path); ; above = dirname(above)) {
    let stats: Stats | undefined
    try {
      stats = await stat(above)
    } catch (error) {
      if (!isNoSuchFile(error))
        return { path: above, code: (error as NodeJS.ErrnoException).code ?? String(error) }
    }
    if (stats !== undefined) return { path: above, stats }
    if (dirname(above) === above) return undefined
  }
}

/** The most bytes a file or folder name may have on Linux file systems (NAME_MAX). */
const nameMaxBytes = 255

/**
 * Whether something can be made at `path` (a package, or the folder for
 * one), asked before the build writes any ID into the notes: a name no file
 * system takes, a file on the way, or a folder decklab may not write in is
 * refused now.
 */
async function checkWritablePath(cwd: string, path: string, shown: string): Promise<void> {
  const long = path.split(sep).find((name) => Buffer.byteLength(name) > nameMaxBytes)
  if (long !== undefined) {
    throw refuse(
      'usage',
      shown,
      `a name in it is ${Buffer.byteLength(long)} bytes long`,
      `names of at most ${nameMaxBytes} bytes`,
    )
  }
  const above = await nearestExisting(path)
  if (above && 'code' in above) {
    // Else the build would write the notes' IDs and then fail to write the package.
    const folder = pathInMessage(relativeTo(cwd, above.path))
    const what = above.code === 'ELOOP' ? 'is a link that loops' : 'cannot be looked at'
    throw refuse(
      'output-not-writable',
      shown,
      `\`${folder}\` ${what} (\`${above.code}\`)`,
      'a path through folders you can write in',
    )
  }
  if (above && !above.stats.isDirectory()) {
    throw refuse(
      'output-not-writable',
      shown,
      `\`${pathInMessage(relativeTo(cwd, above.path))}\` is not a folder`,
      'a path through folders',
    )
  }
  if (!above) return
  const denied = await access(above.path, constants.W_OK).then(
    () => undefined,
    (error: NodeJS.ErrnoException) => error.code ?? 'EACCES',
  )
  if (denied === undefined) return
  const folder = pathInMessage(relativeTo(cwd, above.path))
  // A read-only mount is no matter of permissions: "may not write" sent the user to chmod.
  if (denied === 'EROFS') {
    throw refuse(
      'output-not-writable',
      shown,
      `\`${folder}\` is on a read-only file system (\`EROFS\`)`,
      'a folder on a writable file system (`-o` names one elsewhere)',
    )
  }
  throw refuse(
    'output-not-writable',
    shown,
    `decklab may not write in \`${folder}\``,
    'a folder you can write in',
  )
}

/**
 * Whether the package can be written at `path` (`checkWritablePath`); then,
 * it may replace only a package decklab built: never a device, a FIFO, a
 * socket, a link, another file, nor another tool's package (a user's Anki
 * export).
 */
export async function checkPackageTarget(
  cwd: string,
  path: string,
  home: RecordHome | undefined,
  shown = relativeTo(cwd, path),
): Promise<void> {
  await checkWritablePath(cwd, path, shown)
  await checkRecordFolder(cwd, path, shown, home)
  const stats = await lstat(path).catch(() => undefined)
  if (!stats) return
  if (stats.isSymbolicLink()) {
    throw refuse(
      'output-not-ours',
      shown,
      'it is a symbolic link',
      'a package file (name the real path)',
    )
  }
  if (!stats.isFile()) {
    throw refuse(
      'output-not-ours',
      shown,
      'it exists and is not a regular file',
      'a new path or an `.apkg` package',
    )
  }
  if (!(await isDecklabPackage(path, stats.size))) {
    throw refuse(
      'output-not-ours',
      shown,
      "it exists and is not a package decklab built (an Anki export or another tool's deck is never written over)",
      'a new path, or a package decklab built there; move the file away to build there',
    )
  }
}

/**
 * The folder beside the package where the build keeps its records: new, or
 * a real folder. A link there (put there by another user in a shared folder,
 * or by mistake) would take the records, written over and moved aside by
 * name, into a folder decklab never made: another file called `index.json`
 * there was replaced.
 */
async function checkRecordFolder(
  cwd: string,
  path: string,
  shown: string,
  home: RecordHome | undefined,
): Promise<void> {
  const folder = recordFolder(dirname(path), home)
  const stats = await lstat(folder).catch(() => undefined)
  if (stats === undefined || stats.isDirectory()) return
  const what = stats.isSymbolicLink() ? 'a symbolic link' : 'not a folder'
  throw refuse(
    'output-not-ours',
    shown,
    `\`${pathInMessage(relativeTo(cwd, folder))}\`, where decklab keeps the records of the packages built there, is ${what}`,
    'a folder decklab made there, or none; move it away to build there',
  )
}

/** Whether the file at `path` (of `size` bytes) is a package decklab wrote (see `package-signature.ts`). */
async function isDecklabPackage(path: string, size: number): Promise<boolean> {
  if (size < endRecordSize) return false
  const handle = await open(path, 'r')
  try {
    const end = Buffer.alloc(endRecordSize)
    await handle.read(end, 0, endRecordSize, size - endRecordSize)
    const span = centralDirectorySpan(end, size)
    if (span === undefined) return false
    const central = Buffer.alloc(span.size)
    await handle.read(central, 0, span.size, span.offset)
    return isDecklabDirectory(central)
  } finally {
    await handle.close()
  }
}
