/**
 * Raw HTML `<img src="local.png">`: the file is packaged like a Markdown
 * image and the src renamed. The images are those a browser finds: the
 * field is parsed as the sanitizer parses it (parse5, markers protected),
 * so an `<img` in a comment, in an attribute value or in `<textarea>` or
 * `<style>` is text, `<image>` is an `<img>`, and src is read with its
 * character references decoded. Only the src value changes, found by
 * parse5's source offsets: the rest of the field goes to the sanitizer as
 * written.
 */
import {
  type DefaultTreeAdapterMap,
  defaultTreeAdapter,
  html as htmlSpec,
  type TreeAdapter,
} from 'parse5'
import { escapeHtml } from '../text/escape-html.js'
import { parseFragmentLinear } from '../text/parse-fragment.js'
import { boundedAdapter, DeepMarkupError } from './bounded-parse.js'
import { embeddedMediaKind, isUrlLink, localLinkPath } from './media.js'
import { inRawHtml, type RawHtmlSpans } from './raw-html-spans.js'
import { type RenderEnvironment, useMedia } from './render-environment.js'
import { protectMarkers, restoreMarkers } from './sanitize-serialize.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/**
 * The default tree, with source locations kept for `<img>` elements only:
 * locating every node costs about twice what locating only these does.
 */
const imageLocations: TreeAdapter<DefaultTreeAdapterMap> = {
  ...defaultTreeAdapter,
  setNodeSourceCodeLocation(node, location) {
    if (node.nodeName === 'img') defaultTreeAdapter.setNodeSourceCodeLocation(node, location)
  },
  updateNodeSourceCodeLocation() {},
}

/** Raw HTML without `<img` or `<image` (which parses as one) writes no image: nothing to parse. */
const mayHoldImage = /<im(?:g|age)/i

/**
 * From an attribute's name to the end of its value, by the tokenizer's
 * rules; group 1 is the value as written, quotes included.
 */
const attributeValue = /[^\t\n\f\r />=]+[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r >]*)/y

/** A src written in raw HTML: where its value is and what it says. */
interface ImageSource {
  start: number
  end: number
  /** The value, decoded: what the field keeps when the file is not packaged. */
  value: string
  /** The URL a browser reads from it. */
  source: string
}

/** The field's HTML with the local images of its raw HTML packaged and their src renamed. */
export function packageHtmlImages(
  html: string,
  rawHtml: RawHtmlSpans,
  environment: RenderEnvironment,
): string {
  if (!rawHtml.some(([start, end]) => mayHoldImage.test(html.slice(start, end)))) return html
  let result = ''
  let copied = 0
  for (const { start, end, value, source } of imageSources(html, rawHtml)) {
    const path = localLinkPath(source)
    if (path === '' || isUrlLink(source) || embeddedMediaKind(path) !== 'image') continue
    const name = useMedia(environment, path, 'image', { src: value })
    if (name === undefined) continue
    result += `${html.slice(copied, start)}"${escapeHtml(name)}"`
    copied = end
  }
  return copied === 0 ? html : result + html.slice(copied)
}

/** The src of each HTML `<img>` element whose src the raw HTML wrote, in source order. */
function imageSources(html: string, rawHtml: RawHtmlSpans): ImageSource[] {
  // The sanitizer parses the protected HTML; protecting keeps every offset.
  let fragment: DefaultTreeAdapterMap['documentFragment']
  try {
    fragment = parseFragmentLinear(protectMarkers(html), {
      sourceCodeLocationInfo: true,
      treeAdapter: boundedAdapter(imageLocations),
    })
  } catch (error) {
    // The sanitizer writes such a field as text: it shows no image.
    if (error instanceof DeepMarkupError) return []
    throw error
  }
  const sources: ImageSource[] = []
  // A loop, not recursion: hostile nesting is deep. Template content is inert, never walked.
  const stack: Node[] = [...fragment.childNodes]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('tagName' in node)) continue
    for (const child of node.childNodes) stack.push(child)
    const found = imageSource(html, node, rawHtml)
    if (found !== undefined) sources.push(found)
  }
  // Tree order is not source order where the parser moves elements (out of a table).
  return sources.sort((a, b) => a.start - b.start)
}

function imageSource(
  html: string,
  element: Element,
  rawHtml: RawHtmlSpans,
): ImageSource | undefined {
  if (element.tagName !== 'img' || element.namespaceURI !== htmlSpec.NS.HTML) return undefined
  const attribute = element.sourceCodeLocation?.attrs?.src
  // Only a src the note wrote as HTML: Markdown's images are packaged already.
  if (attribute === undefined || !inRawHtml(rawHtml, attribute.startOffset)) return undefined
  attributeValue.lastIndex = attribute.startOffset
  const written = attributeValue.exec(html)?.[1]
  const protectedValue = element.attrs.find((each) => each.name === 'src')?.value
  if (written === undefined || written === '' || protectedValue === undefined) return undefined
  const end = attributeValue.lastIndex
  const value = restoreMarkers(protectedValue)
  return { start: end - written.length, end, value, source: urlText(value) }
}

/**
 * The text a browser's URL parser reads from an attribute value: leading
 * and trailing spaces and control characters dropped, tabs and newlines
 * removed (`src=" a.png"` loads `a.png`).
 */
function urlText(value: string): string {
  return value.replace(/^[\0-\x20]+|[\0-\x20]+$/g, '').replace(/[\t\n\r]/g, '')
}
