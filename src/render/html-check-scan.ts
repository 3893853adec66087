/**
 * Which notes can need the HTML check, found from their Markdown alone
 * without loading the renderer. The renderer checks a field's HTML when the
 * Markdown holds a `<` (raw HTML, autolinks) or the HTML has a cloze or sound
 * marker (`{{`, `}}`, `::`, `[sound:`) inside a tag; media and every render
 * problem come from raw HTML, `![…]` images and `![[…]]` embeds, that
 * check, or the math check (a refused macro is a `\` and letters, which the
 * HTML holds only where the Markdown holds a `\` or a character reference:
 * decklab's own `\(`, `\)`, `\[`, `\]` never meet a letter, a tag or a
 * cloze marker). So a note the scan passes renders to the same HTML without the check,
 * packages no media and reports nothing: the build then skips loading the
 * sanitizer, and `decklab check` skips rendering the note.
 *
 * Why a field without these characters cannot put a marker inside a tag:
 * - Without `<`, every tag comes from markdown-it or decklab's rules, with
 *   attribute values escaped, so a marker in a tag is in an attribute value.
 * - The values that carry the note's text are a link's URL and title
 *   (`](`, a `]:` definition, or a linkified `http:`, `https:`, `ftp:`,
 *   `mailto:`, `//` or `www.`), an image's `alt` and `src` (`![`) and a
 *   fence's language class (```` ``` ```` or `~~~`).
 * - Link URLs, titles and fence words are the field's text as written (a title
 *   may span lines, keeping its line breaks) once `&` entities, `\` escapes
 *   and an e-mail's added `mailto:` (`@`) are ruled out: a marker in them is a
 *   marker in the field (the fence word is lower-cased, hence the case-blind
 *   marker test). An image's `alt` joins the text of its parts, so `![`
 *   alone counts.
 * Link definitions are shared by the note's fields, so the unit is the note.
 * A link whose URL has a scheme the sanitizer refuses (`smb:`, a linkified
 * `ftp:`) needs the check too: markdown-it's own check lets it through.
 * So does a field (with its `FROZEN` value) whose clozes may join a
 * template or sound tag on some card (`cloze-joins.ts`): that is a problem
 * the renderer reports, though it needs no sanitizer.
 */
import { blockIdAtLineEnd } from '../markdown/block-id.js'
import { fieldWithAdditions, type Note } from '../model/note.js'
import { mayJoinAcrossClozes } from './cloze-joins.js'
import { mayLinkScriptedDocument } from './document-links.js'
import { mayLinkOtherScheme } from './link-schemes.js'
import { mayHoldSoundTag } from './sound-tags.js'

/**
 * Raw HTML or an autolink, an image or embed, what can turn into a marker when
 * decoded, and an Obsidian comment, whose removal joins the text around it
 * (`!%%…%%[x](y.png)` is an image).
 */
const alwaysChecked = /[<&\\@]|!\[|%%/
const marker = /\{\{|\}\}|::|\[sound:/i
/** A link reference definition: a field of nothing else renders to nothing (see `note-renderer.ts`). */
const linkDefinition = /\]:/
/** A link, a link definition, a fence (with its language class) or text linkify looks at. */
const carriesTextIntoTag = /\]\(|\]:|```|~~~|(?:https?|ftp|mailto):|\/\/|www\./i

/** False only when rendering the field cannot need the HTML check (see the module comment). */
export function fieldMayNeedHtmlCheck(text: string): boolean {
  return (
    alwaysChecked.test(text) ||
    (marker.test(text) && carriesTextIntoTag.test(text)) ||
    // A sound tag may name no media file (`sound-tags.ts`): the renderer decides, and may warn.
    mayHoldSoundTag(text) ||
    mayLinkOtherScheme(text) ||
    // A link to an `.svg` beside the card runs its script at a click (`document-links.ts`).
    mayLinkScriptedDocument(text) ||
    // Rendering may leave nothing of it: an empty first field is a problem.
    linkDefinition.test(text) ||
    // A block identifier left out may be text, which is warned of (`markdown/block-id.ts`).
    blockIdAtLineEnd.test(text)
  )
}

/**
 * False only when rendering the note cannot need the HTML check, package
 * media or report a problem. A field's `FROZEN` value is Markdown like the
 * field; decklab's own HTML (the file link) goes through the check.
 */
export function noteMayNeedHtmlCheck(note: Pick<Note, 'fields' | 'additions'>): boolean {
  if (Object.values(note.fields).some(fieldMayNeedHtmlCheck)) return true
  // Cloze expansion may join a tag across the field and its FROZEN value (`cloze-joins.ts`).
  for (const name in note.fields) {
    if (mayJoinAcrossClozes(fieldWithAdditions(note, name))) return true
  }
  if (note.additions === undefined) return false
  return Object.values(note.additions).some((additions) =>
    additions.some((addition) =>
      'html' in addition ? true : fieldMayNeedHtmlCheck(addition.markdown),
    ),
  )
}
