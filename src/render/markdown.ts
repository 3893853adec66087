/**
 * The one markdown-it instance behind every field's HTML: the shared parser
 * (src/markdown/parser.ts: CommonMark + GFM, raw HTML, single newlines as
 * `<br>`, decklab's Obsidian rules) with the Anki renderer's output rules
 * (MathJax delimiters, wikilinks, packaged media, raw-HTML marks, code
 * highlighting, cloze-safe code).
 */
import type MarkdownIt from 'markdown-it'
import { createMarkdownParser } from '../markdown/parser.js'
import { clozeCodePlugin } from './cloze-code.js'
import { highlightCode } from './highlight.js'
import { imagePlugin } from './image.js'
import { mathPlugin } from './math.js'
import { rawHtmlPlugin } from './raw-html-spans.js'
import { wikilinkPlugin } from './wikilink.js'

/** Build a configured markdown-it (one is enough: rendering keeps its state in the environment). */
export function createMarkdown(): MarkdownIt {
  const markdown = createMarkdownParser()
  markdown.set({ highlight: highlightCode })
  markdown
    .use(mathPlugin)
    .use(wikilinkPlugin)
    .use(imagePlugin)
    .use(rawHtmlPlugin)
    .use(clozeCodePlugin)
  return markdown
}
