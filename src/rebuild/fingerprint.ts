/**
 * A fingerprint of the code that turns notes into a package: the decklab
 * version plus a hash of the renderer, writer and build pipeline modules,
 * so a changed renderer or stylesheet invalidates the "nothing changed"
 * shortcut.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../fs/write-atomic.js'
import type { IdentifiedNote } from '../model/identity.js'
import { packageRepositoryUrl, packageVersion } from '../package-info.js'
import {
  codeStamp,
  fingerprintedAreas,
  fingerprintedModules,
  fingerprintFileName,
  fingerprintFileText,
  readRecordedFingerprint,
  recordedSourceFingerprint,
  sourceRoot,
} from './fingerprint-record.js'

let cached: string | undefined

/** Stable for one installed version of decklab. */
export function toolFingerprint(): string {
  // Built code records a fingerprint it had to compute (a plain `tsc` rewrote
  // every module); sources run by tests never write beside themselves.
  cached ??=
    recordedSourceFingerprint() ??
    codeFingerprint(sourceRoot, { record: import.meta.url.endsWith('.js') })
  return cached
}

/**
 * The recorded fingerprint while the modules are as recorded, else the one
 * computed from their bytes (then recorded, with `record`, for the next run).
 */
export function codeFingerprint(root: string, options: { record?: boolean } = {}): string {
  const stamp = codeStamp(root)
  const recorded = readRecordedFingerprint(root, stamp)
  if (recorded) return recorded
  const fingerprint = hashCode(root)
  if (options.record) recordFingerprint(root, fingerprintFileText(stamp, fingerprint))
  return fingerprint
}

/** The decklab version plus the name and bytes of every fingerprinted module. */
export function hashCode(root: string): string {
  // The repository's address is in every lab footer.
  const hash = createHash('sha256')
    .update(packageVersion())
    .update(packageRepositoryUrl() ?? '')
  for (const area of fingerprintedAreas) {
    let names: string[] = []
    try {
      names = fingerprintedModules(join(root, area))
    } catch {
      continue
    }
    for (const name of names) hash.update(name).update(readFileSync(join(root, area, name)))
  }
  return hash.digest('hex')
}

/** The fingerprint file for the modules under `root` (the stamp taken first, so a later edit makes it stale). */
export function codeFingerprintFile(root: string): string {
  const stamp = codeStamp(root)
  return fingerprintFileText(stamp, hashCode(root))
}

/**
 * Save the file, if the folder is writable (an installed copy may not be: it
 * then hashes its modules on every run, as without the file).
 */
function recordFingerprint(root: string, text: string): void {
  try {
    writeFileAtomic(join(root, fingerprintFileName), text)
  } catch {
    // read-only: nothing to save
  }
}

/**
 * A hash of everything that decides the package, before rendering: the
 * code's fingerprint, the stylesheet and each note as written, with where
 * it is (its warnings point there, and a kept package shows them again).
 * (Media files are checked separately, by size and mtime.)
 */
export function notesFingerprint(notes: readonly IdentifiedNote[], css: string): string {
  const hash = createHash('sha256').update(toolFingerprint()).update('\0').update(css)
  // Each value length-prefixed, so no text can be mistaken for a boundary,
  // and fed in chunks: cheaper than a JSON text of each note (its escaping)
  // or an update call per value.
  let chunk = ''
  const add = (value: string | number) => {
    const text = String(value)
    chunk += `${text.length}:${text}`
  }
  for (const note of notes) {
    add(note.id)
    add(note.noteType)
    // A localized Anki's type (`Basique`, read as `Basic`): its names pick the package's notetype.
    if (note.localized !== undefined) {
      chunk += '~'
      add(note.localized.name)
      for (const field of note.localized.fields) add(field)
    }
    for (const name in note.fields) {
      add(name)
      add(note.fields[name]!)
    }
    // `+` starts the fields' additions (`FROZEN` values, file links), kept apart from the Markdown.
    for (const name in note.additions) {
      const additions = note.additions[name]!
      chunk += '+'
      add(name)
      add(additions.length)
      for (const addition of additions) {
        if ('html' in addition) add(`h${addition.html}`)
        else add(`${addition.paragraph ? 'p' : 'm'}${addition.markdown}`)
      }
    }
    // `;` ends a list: a value always starts with its length's digits.
    chunk += ';'
    for (const tag of note.tags) add(tag)
    chunk += ';'
    add(note.deck)
    for (const link of note.labs) {
      add(link.lab)
      add(link.check ?? '')
    }
    chunk += ';'
    // Which vault its wikilinks open (none: plain text).
    add(note.obsidianVault ?? '')
    add(note.source.absolutePath)
    add(note.source.vaultRoot)
    add(note.source.line)
    add(note.source.column)
    add(note.source.end ? `${note.source.end.line}:${note.source.end.column}` : '')
    if (chunk.length > 1 << 16) {
      hash.update(chunk)
      chunk = ''
    }
  }
  return hash.update(chunk).digest('hex')
}
