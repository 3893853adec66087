/**
 * A fingerprint of the code that turns notes into a package: the decklab
 * version plus a hash of the renderer, writer and build pipeline modules,
 * so a changed renderer or stylesheet invalidates the "nothing changed"
 * shortcut.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IdentifiedNote } from '../model/identity.js'
import { packageVersion } from '../package-info.js'

let cached: string | undefined

/** The source folders whose code decides a package (a test checks each exists). */
export const fingerprintedAreas = [
  'anki',
  'rebuild',
  'media',
  'commands/build',
  'render',
  'notes',
  'model',
] as const

/** Stable for one installed version of decklab. */
export function toolFingerprint(): string {
  if (cached) return cached
  const hash = createHash('sha256').update(packageVersion())
  const sourceRoot = dirname(dirname(fileURLToPath(import.meta.url)))
  for (const area of fingerprintedAreas) {
    let names: string[] = []
    try {
      names = readdirSync(join(sourceRoot, area)).sort()
    } catch {
      continue
    }
    for (const name of names) {
      if (!/\.(js|ts)$/.test(name)) continue
      hash.update(name).update(readFileSync(join(sourceRoot, area, name)))
    }
  }
  cached = hash.digest('hex')
  return cached
}

/**
 * A hash of everything that decides the package, before rendering: the
 * code's fingerprint, the stylesheet and each note as written. (Media files
 * are checked separately, by size and mtime.)
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
    for (const name in note.fields) {
      add(name)
      add(note.fields[name]!)
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
    add(note.source.absolutePath)
    add(note.source.vaultRoot)
    if (chunk.length > 1 << 16) {
      hash.update(chunk)
      chunk = ''
    }
  }
  return hash.update(chunk).digest('hex')
}
