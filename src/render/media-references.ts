/**
 * What a field's final HTML shows of its media links: the `src` of each
 * `<img>`, the name in each `[sound:…]` (Anki expands those in the field's
 * text) and, for an embed that stayed text, that text. Read from the HTML
 * the card holds, after sanitizing: a link left in a comment, in
 * `<textarea>` text or in an element the sanitizer removed is not in it.
 *
 * That HTML is never the note's own: markdown-it writes it (a field without
 * raw HTML) or the sanitizer's serializer does. Both write lower-case tags,
 * `"`-quoted attribute values, no `<` or `>` inside values or text, and only
 * the character references below, so patterns read it exactly.
 */

/** How a field's HTML shows a media link. */
export type MediaReference = { src: string } | { sound: string } | { text: string }

/** The media references a field's final HTML holds. */
export interface FieldReferences {
  /** True when the HTML holds `reference`. */
  shows(reference: MediaReference): boolean
}

const imageTag = /<img\s[^>]*>/g
const sourceAttribute = /\ssrc="([^"]*)"/
const tag = /<[^>]*>/g
const characterReference = /&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot));/gi
const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }

/** The references in `html`, a field's final HTML (see the module comment). */
export function fieldReferences(html: string): FieldReferences {
  let sources: Set<string> | undefined
  let sounds: Set<string> | undefined
  let text: string | undefined
  return {
    shows(reference) {
      if ('src' in reference) {
        sources ??= new Set(
          Array.from(html.matchAll(imageTag), ([image]) => sourceAttribute.exec(image)?.[1])
            .filter((value) => value !== undefined)
            .map(decodeReferences),
        )
        return sources.has(reference.src)
      }
      if ('sound' in reference) {
        sounds ??= soundNames(html)
        return sounds.has(reference.sound)
      }
      text ??= decodeReferences(html.replace(tag, ''))
      return text.includes(reference.text)
    },
  }
}

/**
 * The file names of the `[sound:…]` tags Anki finds in `html`: from
 * `[sound:` to the next `]`, at least one character (`\[sound:(.+?)\]` in
 * Anki's `rslib/src/text.rs`). Found by searching, not by that pattern, which
 * would take quadratic time over many `[sound:` without a `]`.
 */
function soundNames(html: string): Set<string> {
  const names = new Set<string>()
  const open = '[sound:'
  for (let start = html.indexOf(open); start !== -1; ) {
    const end = html.indexOf(']', start + open.length + 1)
    if (end === -1) break
    names.add(html.slice(start + open.length, end))
    start = html.indexOf(open, end + 1)
  }
  return names
}

/** `value` (text of the final HTML) with its character references decoded, as Anki reads a name. */
export function decodeReferences(value: string): string {
  return value.replace(characterReference, (reference, decimal, hex, name) => {
    if (name !== undefined) return named[name.toLowerCase()] ?? reference
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex, 16)
    return code <= 0x10ffff ? String.fromCodePoint(code) : reference
  })
}

/**
 * `html` (a field's final HTML) with each media name of `names` it shows (an
 * `<img>`'s `src`, a `[sound:…]`) replaced by the name it maps to, found as
 * `fieldReferences` finds them; anything else, however it reads, stays.
 */
export function renameMediaReferences(html: string, names: ReadonlyMap<string, string>): string {
  const images = html.replace(imageTag, (image) =>
    image.replace(renamedSource, (whole, before: string, value: string) => {
      const name = names.get(decodeReferences(value))
      return name === undefined ? whole : `${before}${name}"`
    }),
  )
  return renameSounds(images, names)
}

const renamedSource = /(\ssrc=")([^"]*)"/

/** `html` with the `[sound:…]` names of `names` replaced (found as `soundNames` finds them). */
function renameSounds(html: string, names: ReadonlyMap<string, string>): string {
  const open = '[sound:'
  let result = ''
  let copied = 0
  for (let start = html.indexOf(open); start !== -1; ) {
    const end = html.indexOf(']', start + open.length + 1)
    if (end === -1) break
    const name = names.get(html.slice(start + open.length, end))
    if (name !== undefined) {
      result += `${html.slice(copied, start + open.length)}${name}`
      copied = end
    }
    start = html.indexOf(open, end + 1)
  }
  return copied === 0 ? html : result + html.slice(copied)
}
