/**
 * Which fields of a note type show no space at their edges on any card: the
 * spaces the Obsidian_to_Anki plugin leaves where "Add Obsidian Tags" took
 * out a `#tag` (`What is ATP? ` for `What is ATP? #bio`). A browser lays
 * out no space at the start or end of a line, nor beside another space, so
 * a field whose every use in the templates stands at a card's edge, beside
 * whitespace, a `<br>` or a block's tag shows none of them (the stock
 * types: `{{Front}}`, `{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}`,
 * `{{cloze:Text}}<br>`). One beside text (`{{Front}}?`), in an inline
 * element (`<b>{{Front}}</b>`), through a filter other than `cloze:` (a
 * `type:` answer compares the text), or where a style or element may keep
 * spaces (`white-space`, `<pre>`) shows them: the note is rewritten there.
 * Pure: the templates and styling come from AnkiConnect (`modelTemplates`,
 * `modelStyling`).
 */

/** A card template as AnkiConnect's `modelTemplates` gives it. */
export interface CardTemplate {
  Front: string
  Back: string
}

// A template's tag (`{{Front}}`, `{{cloze:Text}}`, `{{#Add Reverse}}`), whole; `{{{Front}}}` too.
const templateTag = /\{\{\{?([^{}]*)\}?\}\}/g
// What may stand beside a field without showing its edge spaces: whitespace, or a line
// break's or a block's tag, whose line starts or ends there.
const blockTagName = 'br|hr|div|p|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|table|tr|td|th|center'
const blockTagBefore = new RegExp(`<\\/?(?:${blockTagName})(?=[\\s/>])[^<>]*>$`, 'i')
const blockTagAfter = new RegExp(`^<\\/?(?:${blockTagName})(?=[\\s/>])[^<>]*>`, 'i')
const keepsSpaces = /white-space|<(?:pre|textarea|xmp|listing|plaintext)(?=[\s/>])/i

/**
 * The fields of `fields` whose edge spaces no card of these templates shows
 * with this styling (`css`).
 */
export function fieldsHidingEdgeSpaces(
  fields: readonly string[],
  templates: Readonly<Record<string, CardTemplate>>,
  css: string,
): Set<string> {
  const hiding = new Set<string>()
  const sides = Object.values(templates)
  if (keepsSpaces.test(css) || sides.some((t) => keepsSpaces.test(t.Front + t.Back))) return hiding
  for (const field of fields) {
    const hidden = sides.every(
      (template) =>
        // The question's edges are the answer's where `{{FrontSide}}` stands.
        usesHide(template.Front, field, usesHide(template.Back, 'FrontSide', true)) &&
        usesHide(template.Back, field, true),
    )
    if (hidden) hiding.add(field)
  }
  return hiding
}

/**
 * Whether every use of `field` in `template` shows no space at its edges;
 * `edgesHide`: whether the template's own start and end do (the card's).
 */
function usesHide(template: string, field: string, edgesHide: boolean): boolean {
  for (const tag of template.matchAll(templateTag)) {
    const inner = (tag[1] as string).trim()
    if (/^[#^/!]/.test(inner)) continue
    const parts = inner.split(':')
    if ((parts.at(-1) as string).trim() !== field) continue
    const filters = parts.slice(0, -1).map((filter) => filter.trim())
    if (tag[0].startsWith('{{{') || filters.some((filter) => filter !== 'cloze')) return false
    const at = tag.index as number
    const before = template.slice(0, at)
    const after = template.slice(at + tag[0].length)
    if (!sideHides(before, 'before', edgesHide) || !sideHides(after, 'after', edgesHide)) {
      return false
    }
  }
  return true
}

// A section's opening (`{{#A}}`, `{{^A}}`) or closing (`{{/A}}`) tag at the end or start of a text.
const openingBefore = /\{\{\s*[#^][^{}]*\}\}$/
const closingAfter = /^\{\{\s*\/[^{}]*\}\}/

/**
 * Whether the template's text on one side of a field's tag shows none of its
 * edge spaces. A section's tag that the field stands in (`{{#Add
 * Reverse}}{{Back}}{{/Add Reverse}}`) shows nothing and is passed over; one
 * of a section beside the field, which may be left out, is taken as text.
 */
function sideHides(text: string, side: 'before' | 'after', edgesHide: boolean): boolean {
  let rest = text
  const section = side === 'before' ? openingBefore : closingAfter
  for (let found = rest.match(section); found; found = rest.match(section)) {
    rest = side === 'before' ? rest.slice(0, found.index) : rest.slice(found[0].length)
  }
  if (rest === '') return edgesHide
  const next = side === 'before' ? rest.at(-1) : rest[0]
  if (next !== undefined && /[ \t\n\r\f]/.test(next)) return true
  return (side === 'before' ? blockTagBefore : blockTagAfter).test(rest)
}
