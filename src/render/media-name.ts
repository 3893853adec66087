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
 * The package name for a media file: its basename reduced to letters,
 * digits, `.`, `_` and `-`, plus a short hash of its vault-relative path, so
 * two different files with the same basename never collide and the same file
 * always gets the same name.
 */
export function mediaName(vaultRelativePath: string): string {
  const slash = vaultRelativePath.lastIndexOf('/')
  const basename = vaultRelativePath.slice(slash + 1)
  const dot = basename.lastIndexOf('.')
  const rawStem = dot > 0 ? basename.slice(0, dot) : basename
  const rawExtension = dot > 0 ? basename.slice(dot + 1) : ''
  const extension = safePart(rawExtension.toLowerCase()).slice(0, 10)
  // A leading `_` would make Anki treat the file as a static asset; a leading dot hides it.
  let stem = truncateUtf8(safePart(rawStem).replace(/^[._-]+|_+$/g, ''), 60)
  if (stem === '') stem = 'media'
  const hash = createHash('sha256').update(vaultRelativePath).digest('hex').slice(0, 8)
  return extension === '' ? `${stem}-${hash}` : `${stem}-${hash}.${extension}`
}

function safePart(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '_')
    .replace(/_+/g, '_')
}
