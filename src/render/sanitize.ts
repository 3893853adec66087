/**
 * Card HTML through an allowlist: the field's HTML is parsed as a browser
 * parses it (parse5, turned into a hast tree by `hast-util-from-parse5`), everything the allowlist in
 * `sanitize-schema.ts` does not name is dropped by `hast-util-sanitize`,
 * inline styles lose what could load or escape (`sanitize-style.ts`), an
 * image from another host becomes its alt text (`remote-image.ts`), and the
 * tree is written back so that Anki's cloze and sound expansions can't reach
 * into a tag (`sanitize-serialize.ts`). Parsing and serializing are linear in
 * the input, so hostile markup costs no more than plain text of its size: a
 * field nesting too deep for that is written as text (`bounded-parse.ts`).
 */
import type { Element, Nodes, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { sanitize } from 'hast-util-sanitize'
import { defaultTreeAdapter } from 'parse5'
import { find, html as htmlSchema } from 'property-information'
import { parseFragmentLinear } from '../text/parse-fragment.js'
import {
  boundedAdapter,
  DeepMarkupError,
  deepMarkupText,
  maximumOpenElements,
} from './bounded-parse.js'
import { isScriptedDocumentLink } from './document-links.js'
import { isRefusedObsidianLink } from './link-schemes.js'
import { isRemoteImage, shortenUrl } from './remote-image.js'
import { limitDepth, maximumDepth } from './sanitize-depth.js'
import { cardSchema } from './sanitize-schema.js'
import { protectMarkers, restoreMarkers, serializeNodes } from './sanitize-serialize.js'
import { filterStyle } from './sanitize-style.js'

/** The cleaned HTML and one description per kind of thing removed (for the warning). */
export interface SanitizeResult {
  html: string
  removed: string[]
  /** The src of each image not loaded because it is on another host, in order. */
  remoteImages: string[]
}

const allowedTags = new Set(cardSchema.tagNames ?? [])
const droppedWithContent = new Set(cardSchema.strip ?? [])
const urlProperties = cardSchema.protocols ?? {}

/**
 * Parse a field's HTML fragment as a browser does, with literal marker
 * characters protected; `deep` is true when nesting had to be flattened.
 */
function parse(html: string): { tree: Root; deep: boolean; unclosedComment: boolean } {
  let unclosedComment = false
  const fragment = parseFragmentLinear(protectMarkers(html), {
    treeAdapter: boundedAdapter(defaultTreeAdapter),
    // `<!--` without `-->` runs to the end: everything after it leaves the card.
    onParseError: (error) => {
      if (error.code === 'eof-in-comment') unclosedComment = true
    },
  })
  const deep = limitDepth(fragment)
  const tree = fromParse5(fragment) as Root
  // Attribute values are checked (URL schemes) and written as they are decoded: no sentinels there.
  visitElements(tree, (node) => {
    for (const [key, value] of Object.entries(node.properties)) {
      if (typeof value === 'string') node.properties[key] = restoreMarkers(value)
      else if (Array.isArray(value))
        node.properties[key] = value.map((item) =>
          typeof item === 'string' ? restoreMarkers(item) : item,
        )
    }
  })
  return { tree, deep, unclosedComment }
}

function visitElements(node: Nodes, visit: (element: Element) => void): void {
  if (node.type !== 'root' && node.type !== 'element') return
  for (const child of node.children) {
    if (child.type === 'element') {
      visit(child)
      visitElements(child, visit)
    }
  }
}

/**
 * Keep an element's safe style declarations, collecting what was dropped; a
 * `class` left with none of its names (all decklab's own) goes too.
 */
function cleanStyles(tree: Root): Set<string> {
  const dropped = new Set<string>()
  visitElements(tree, (node) => {
    const names = node.properties.className
    if (Array.isArray(names) && names.length === 0) delete node.properties.className
    const style = node.properties.style
    if (typeof style !== 'string') return
    const filtered = filterStyle(style, node.tagName)
    if (!filtered.dropped) return
    dropped.add(`unsafe CSS in \`style\` on \`<${node.tagName}>\``)
    if (filtered.style === '') delete node.properties.style
    else node.properties.style = filtered.style
  })
  return dropped
}

/**
 * Drop each link's `href` to an Obsidian action other than `open` (`link-schemes.ts`)
 * or to a document beside the card that runs script (`document-links.ts`).
 */
function refuseLinks(tree: Root, removed: Set<string>): void {
  visitElements(tree, (node) => {
    const href = node.properties.href
    if (node.tagName !== 'a' || typeof href !== 'string') return
    if (!isRefusedObsidianLink(href) && !isScriptedDocumentLink(href)) return
    removed.add(`URL \`${shortenUrl(href)}\` in \`href\` on \`<a>\``)
    delete node.properties.href
  })
}

/** Replace each `<img>` whose src is on another host by its alt text, collecting the src. */
function dropRemoteImages(node: Root | Element, found: string[]): void {
  const children: Array<Root['children'][number]> = []
  for (const child of node.children) {
    if (child.type !== 'element') {
      children.push(child)
      continue
    }
    const source = child.properties.src
    if (child.tagName === 'img' && typeof source === 'string' && isRemoteImage(source)) {
      found.push(source)
      const alt = child.properties.alt
      if (typeof alt === 'string' && alt !== '') children.push({ type: 'text', value: alt })
      continue
    }
    dropRemoteImages(child, found)
    children.push(child)
  }
  node.children = children as Element['children']
}

/** Describe what the allowlist drops from `tree`, asking the sanitizer about each element alone. */
function describeRemoved(tree: Root, removed: Set<string>): void {
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      const tag = restoreMarkers(child.tagName)
      if (!allowedTags.has(child.tagName)) {
        removed.add(
          droppedWithContent.has(child.tagName) ? `\`<${tag}>\` element` : `\`<${tag}>\` tag`,
        )
        if (droppedWithContent.has(child.tagName)) continue
      } else {
        const alone = sanitize({ ...child, children: [] }, cardSchema)
        const kept = alone.type === 'element' ? alone.properties : {}
        for (const [key, value] of Object.entries(child.properties)) {
          const name = restoreMarkers(find(htmlSchema, key).attribute)
          if (!(key in kept))
            removed.add(
              key in urlProperties
                ? `URL \`${shortenUrl(String(value))}\` in \`${name}\` on \`<${tag}>\``
                : `\`${name}\` attribute on \`<${tag}>\``,
            )
          else if (String(kept[key]) !== String(value))
            removed.add(`value of \`${name}\` on \`<${tag}>\``)
        }
      }
      visit(child)
    }
  }
  visit(tree)
}

/** Keep only allowlisted elements, attributes, URLs and styles of an HTML fragment. */
export function sanitizeHtml(html: string): SanitizeResult {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(html)
  } catch (error) {
    if (!(error instanceof DeepMarkupError)) throw error
    const removed = `markup nested deeper than ${maximumOpenElements} elements (the whole field is written as its text, without markup)`
    return { html: deepMarkupText(html), removed: [removed], remoteImages: [] }
  }
  const { tree, deep, unclosedComment } = parsed
  const clean = sanitize(tree, cardSchema) as Root
  const remoteImages: string[] = []
  // `<image` parses as an `<img>`.
  if (/<im(?:g|age)/i.test(html)) dropRemoteImages(clean, remoteImages)
  const removed = cleanStyles(clean)
  refuseLinks(clean, removed)
  if (unclosedComment) removed.add('`<!--` without `-->` (the rest of the field after it)')
  if (deep) removed.add(`markup nested deeper than ${maximumDepth} elements (its text is kept)`)
  const output = serializeNodes(clean.children)
  if (serializeNodes(tree.children) !== output) describeRemoved(tree, removed)
  return { html: output, removed: [...removed], remoteImages }
}
