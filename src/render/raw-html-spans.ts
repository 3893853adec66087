/**
 * Where a field's raw HTML lies in its rendered HTML. Markdown's own tags
 * come from decklab's rules, already checked and packaged; only what the
 * note wrote as HTML needs reading as HTML (`html-media.ts`). The raw-HTML
 * rules mark their output with NUL, which a rendered field never holds
 * otherwise (markdown-it reads NUL in the Markdown as U+FFFD), and
 * `takeRawHtml` removes the marks, keeping where they were.
 */
import type MarkdownIt from 'markdown-it'
import type { RendererRule } from 'markdown-it'

/** Start and end offsets of raw HTML in a field's HTML, in order, never overlapping. */
export type RawHtmlSpans = readonly (readonly [start: number, end: number])[]

const mark = '\0'

/** Wrap the raw-HTML renderers so their output is marked. */
export function rawHtmlPlugin(markdown: MarkdownIt): void {
  for (const rule of ['html_block', 'html_inline'] as const) {
    const original: RendererRule = markdown.renderer.rules[rule]!
    markdown.renderer.rules[rule] = (tokens, index, options, environment, self) =>
      markRawHtml(original(tokens, index, options, environment, self))
  }
}

/**
 * Marks around all but the leading and trailing white space, so the field's
 * `trim()` still trims it (only where a tag or attribute starts matters).
 */
function markRawHtml(html: string): string {
  const start = html.length - html.trimStart().length
  const end = html.trimEnd().length
  if (start >= end) return html
  return `${html.slice(0, start)}${mark}${html.slice(start, end)}${mark}${html.slice(end)}`
}

/** The field's HTML without the marks, and where the raw HTML they marked is in it. */
export function takeRawHtml(marked: string): { html: string; rawHtml: RawHtmlSpans } {
  if (!marked.includes(mark)) return { html: marked, rawHtml: [] }
  // Marks come in pairs, so the odd parts are raw HTML.
  const parts = marked.split(mark)
  const rawHtml: [number, number][] = []
  let length = 0
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 1) rawHtml.push([length, length + part.length])
    length += part.length
  }
  return { html: parts.join(''), rawHtml }
}

/** True when `offset` is inside one of `spans`. */
export function inRawHtml(spans: RawHtmlSpans, offset: number): boolean {
  let low = 0
  let high = spans.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const [start, end] = spans[middle]!
    if (offset < start) high = middle
    else if (offset >= end) low = middle + 1
    else return true
  }
  return false
}
