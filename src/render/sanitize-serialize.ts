/**
 * Sanitized HTML back to a string, for Anki, which reads the field a second
 * time as plain text before the browser sees it: `{{cN::…}}` clozes (and
 * their `::` hints) are expanded per card, and `[sound:…]` becomes a player.
 * Those expansions must never reach inside a tag, so attribute values carry
 * `{`, `}`, `[`, `]` and `::` as character references (and `<`, `>`, quotes,
 * so that no expansion can open a tag from an attribute either).
 *
 * In text the characters that Anki reads are written back exactly as the
 * author wrote them: a literal `{{c1::` stays a cloze, a `&#123;&#123;c1::`
 * stays text. The parser can't tell them apart after decoding, so the
 * literal ones travel through it as sentinels (`protectMarkers`).
 */
import type { Element, Nodes, Properties } from 'hast'
import { find, html as htmlSchema } from 'property-information'

/** Literal marker characters → their sentinel (Unicode noncharacters, never text). */
const sentinels: Record<string, string> = {
  '{': '\uFDD0',
  '}': '\uFDD1',
  ':': '\uFDD2',
  '[': '\uFDD3',
}
const literals: Record<string, string> = Object.fromEntries(
  Object.entries(sentinels).map(([character, sentinel]) => [sentinel, character]),
)

/** Replace literal `{`, `}`, `:` and `[` with sentinels before parsing (any sentinel already there becomes U+FFFD). */
export function protectMarkers(html: string): string {
  return html.replace(/[\uFDD0-\uFDD3]/g, '\uFFFD').replace(/[{}:[]/g, (c) => sentinels[c] ?? c)
}

/** The sentinels of a parsed string back to the literal characters. */
export function restoreMarkers(value: string): string {
  return value.replace(/[\uFDD0-\uFDD3]/g, (c) => literals[c] ?? c)
}

const textEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Decoded from a character reference in the source: keep it one, so it never becomes a marker.
  '{': '&#123;',
  '}': '&#125;',
  ':': '&#58;',
  '[': '&#91;',
}
const attributeEscapes: Record<string, string> = {
  ...textEscapes,
  "'": '&#039;',
  ']': '&#93;',
}

function escapeText(value: string): string {
  return value
    .replace(/[&<>"{}:[]/g, (c) => textEscapes[c] ?? c)
    .replace(/[\uFDD0-\uFDD3]/g, (c) => literals[c] ?? c)
}

/** Attribute values: markers never literal (a single `:` stays, as in `https:`). */
function escapeAttribute(value: string): string {
  return restoreMarkers(value).replace(
    /[&<>"'{}[\]]|:(?=:)|(?<=:):/g,
    (c) => attributeEscapes[c] ?? c,
  )
}

const voidElements = new Set(['area', 'br', 'col', 'hr', 'img', 'input', 'source', 'wbr'])

function attributes(properties: Properties): string {
  let output = ''
  for (const [property, value] of Object.entries(properties)) {
    if (value === null || value === undefined || value === false) continue
    const info = find(htmlSchema, property)
    const name = info.attribute
    if (value === true) {
      output += ` ${name}`
      continue
    }
    const text = Array.isArray(value) ? value.join(info.commaSeparated ? ', ' : ' ') : String(value)
    output += ` ${name}="${escapeAttribute(text)}"`
  }
  return output
}

function element(node: Element): string {
  const open = `<${node.tagName}${attributes(node.properties)}>`
  if (voidElements.has(node.tagName)) return open
  return `${open}${serializeNodes(node.children)}</${node.tagName}>`
}

/** Serialize sanitized nodes (elements and text; comments and doctypes are left out). */
export function serializeNodes(nodes: readonly Nodes[]): string {
  let output = ''
  for (const node of nodes) {
    if (node.type === 'text') output += escapeText(node.value)
    else if (node.type === 'element') output += element(node)
    else if (node.type === 'root') output += serializeNodes(node.children)
  }
  return output
}
