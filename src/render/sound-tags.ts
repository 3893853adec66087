/**
 * `[sound:NAME]` in a field is Anki's: its player opens NAME as given. A
 * name that is no media file name would reach outside the deck: a path
 * (`/etc/…`, `..\…`, a Windows share `\\host\…` that leaks the learner's
 * login hash), a URL (`https://…`, which the player fetches), or a word
 * starting with `-` (an option to the player). Such a tag is written with
 * `&#91;` for its `[`, so the card shows it as text and no player sees it.
 */

import { closablePart } from '../text/closable-part.js'
import { normalizeAnkiFilename } from './media-name.js'
import { decodeReferences } from './media-references.js'

/** Anki's pattern: from `[sound:` (any case, as Anki 2.1.15 reads it) to the next `]`. */
const soundTag = /\[sound:([^\]]+)\]/gi
const soundOpener = /\[sound:/i

/** Whether `text` may hold a sound tag (Markdown or HTML): all a field needs for `guardSoundTags` to look. */
export function mayHoldSoundTag(text: string): boolean {
  return soundOpener.test(text)
}

/** The sound tags of `html` (a field's final HTML), each with the name it gives (character references decoded). */
export function soundTagsIn(html: string): Array<{ tag: string; name: string }> {
  if (!mayHoldSoundTag(html)) return []
  return [...closablePart(html).matchAll(soundTag)].map(([tag, written = '']) => ({
    tag,
    name: decodeReferences(written),
  }))
}

/** `html` (a field's final HTML) with every sound tag that names no media file disarmed; `refused` lists those names. */
export function guardSoundTags(html: string): { html: string; refused: string[] } {
  if (!mayHoldSoundTag(html)) return { html, refused: [] }
  const refused: string[] = []
  const head = closablePart(html)
  const guarded = head.replace(soundTag, (tag, written: string) => {
    if (isMediaName(decodeReferences(written))) return tag
    refused.push(written)
    return `&#91;${tag.slice(1)}`
  })
  return { html: guarded + html.slice(head.length), refused }
}

/** A name Anki's importer would keep as it is (so a media file's), and no player option. */
function isMediaName(name: string): boolean {
  return (
    !name.startsWith('-') && name !== '.' && name !== '..' && normalizeAnkiFilename(name) === name
  )
}
