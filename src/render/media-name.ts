/**
 * Anki-safe media file names: names that Anki's importer keeps exactly as
 * written (`normalize_filename` in rslib/src/media/files.rs is a fixed point
 * on them), so field references never need rewriting.
 */
import { createHash } from 'node:crypto'
import { truncateUtf8 } from '../text/truncate-utf8.js'

/** Anki removes these and control characters from media names. */
const ankiDisallowed = /[[\]<>:"/?*^\\|\u0000-\u001f\u007f-\u009f]/gu
const windowsDeviceName = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\.|$)/i
const maximumBytes = 120

/**
 * What Anki's `normalize_filename` makes of a name: NFC, disallowed and
 * control characters removed, Windows device names suffixed with `_`, a
 * trailing dot or space suffixed with `_`, cut to 120 bytes keeping the
 * extension.
 */
export function normalizeAnkiFilename(name: string): string {
  let result = name.normalize('NFC').replace(ankiDisallowed, '')
  result = result.replace(windowsDeviceName, '$1_$2')
  if (/[\s.]$/u.test(result)) result = `${result}_`
  return truncateBytes(result, maximumBytes)
}

function truncateBytes(name: string, limit: number): string {
  if (Buffer.byteLength(name) <= limit) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? name.slice(dot) : ''
  const stem = dot > 0 ? name.slice(0, dot) : name
  return truncateUtf8(stem, limit - Buffer.byteLength(extension)) + extension
}

/**
 * The name the renderer gives a media file while it renders: its basename
 * made safe (see `safeMediaName`) plus a short hash of its vault-relative
 * path, so two different files of one vault never share it. The fields
 * hold it only until the build has read the file: the package names it by
 * its content (`packageMediaName`).
 */
export function mediaName(vaultRelativePath: string): string {
  const slash = vaultRelativePath.lastIndexOf('/')
  const hash = createHash('sha256').update(vaultRelativePath).digest('hex').slice(0, 8)
  return safeMediaName(vaultRelativePath.slice(slash + 1), hash)
}

/** Hex digits of the content's SHA-256 a package name keeps (64 bits). */
const contentHashDigits = 16

/**
 * The name a media file has in the package and in Anki: its basename made
 * safe plus the first 16 hex digits of the SHA-256 of its bytes. A changed
 * file gets a new name, which every Anki imports afresh (Anki 2.1.15 keeps
 * the first file of a name and renames a clashing one once, then reuses
 * that), and the same bytes get the same name wherever they are, so
 * unchanged media keeps its name and the package stays byte-identical.
 */
export function packageMediaName(fileName: string, contentHash: string): string {
  return safeMediaName(fileName, contentHash.slice(0, contentHashDigits))
}

/**
 * `fileName` reduced to letters, digits, `.`, `_` and `-`, with `-key`
 * before its lower-cased extension: a name Anki keeps exactly as written.
 */
function safeMediaName(fileName: string, key: string): string {
  const dot = fileName.lastIndexOf('.')
  const rawStem = dot > 0 ? fileName.slice(0, dot) : fileName
  const rawExtension = dot > 0 ? fileName.slice(dot + 1) : ''
  const extension = safePart(rawExtension.toLowerCase()).slice(0, 10)
  // A leading `_` would make Anki treat the file as a static asset; a leading dot hides it.
  let stem = truncateUtf8(safePart(rawStem).replace(/^[._-]+|_+$/g, ''), 60)
  if (stem === '') stem = 'media'
  return extension === '' ? `${stem}-${key}` : `${stem}-${key}.${extension}`
}

function safePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/_+/g, '_')
}
