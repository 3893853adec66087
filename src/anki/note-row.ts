/**
 * The `notes` row: Anki's encoding of one note (fields joined by 0x1f, tags
 * as `' a b '`, the sort field and checksum computed the way Anki does).
 */
import { hash } from 'node:crypto'

/** Anki's field separator in `notes.flds`. */
export const FIELD_SEPARATOR = '\x1f'

const imageSource = /<img[^>]*?src=["']?([^"' >]+)[^>]*>/gi
const comment = /<!--[\s\S]*?-->/g
const styleOrScript = /<(style|script)[^>]*>[\s\S]*?<\/\1>/gi
const tag = /<[\s\S]*?>/g
const entity = /&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi
const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

/**
 * Anki's `strip_html_preserving_media_filenames`: an image becomes its file
 * name, comments, scripts, styles and tags go, entities are decoded.
 */
export function stripHtmlPreservingMedia(html: string): string {
  // Each pattern needs a `<` (a comment `<!--`, an entity `&`): text without one skips its pass.
  let text = html
  if (text.includes('<')) {
    text = text.replace(imageSource, ' $1 ')
    if (text.includes('<!--')) text = text.replace(comment, '')
    text = text.replace(styleOrScript, '').replace(tag, '')
  }
  if (text.includes('&')) text = text.replace(entity, decodeEntity)
  return text.trim()
}

function decodeEntity(whole: string, name: string): string {
  if (name[0] === '#') {
    const code =
      name[1] === 'x' || name[1] === 'X'
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  }
  return namedEntities[name.toLowerCase()] ?? whole
}

/** Anki's `field_checksum`: the first 4 bytes of sha1(stripped field 0), big-endian. */
export function fieldChecksum(firstField: string): number {
  return strippedChecksum(stripHtmlPreservingMedia(firstField))
}

function strippedChecksum(stripped: string): number {
  // Hex, not a Buffer: a one-shot hash into a new Buffer costs two to three times as much here.
  return Number.parseInt(hash('sha1', stripped, 'hex').slice(0, 8), 16)
}

/** Tags in Anki's stored form: `' a b '`, or `''` for none. */
export function formatTags(tags: readonly string[]): string {
  return tags.length === 0 ? '' : ` ${tags.join(' ')} `
}

/** What the writer needs to store one note. */
export interface NoteRowInput {
  id: number
  guid: string
  notetypeId: number
  /** Modification time, seconds. */
  mod: number
  tags: readonly string[]
  /** Field HTML in the notetype's field order. */
  fields: readonly string[]
}

/** The `notes` row values, in column order. */
export function noteRow(note: NoteRowInput): Array<string | number> {
  const sortField = stripHtmlPreservingMedia(note.fields[0] ?? '')
  return [
    note.id, // id
    note.guid, // guid
    note.notetypeId, // mid
    note.mod, // mod (seconds)
    -1, // usn
    formatTags(note.tags), // tags
    note.fields.join(FIELD_SEPARATOR), // flds
    sortField, // sfld (sort field is field 0)
    strippedChecksum(sortField), // csum
    0, // flags
    '', // data
  ]
}
