/**
 * The one markdown-it instance behind every field: CommonMark + GFM (tables,
 * strikethrough, task lists, autolinks), raw HTML, single newlines as `<br>`,
 * and decklab's Obsidian rules (math, `==mark==`, wikilinks, embeds).
 */
import { createRequire } from 'node:module'
import type MarkdownIt from 'markdown-it'
import { clozeCodePlugin } from './cloze-code.js'
import { highlightCode } from './highlight.js'
import { imagePlugin } from './image.js'
import { markPlugin } from './mark.js'
import { mathPlugin } from './math.js'
import { rawHtmlPlugin } from './raw-html-spans.js'
import { taskListPlugin } from './task-list.js'
import { wikilinkPlugin } from './wikilink.js'
import { wwwAutolinkPlugin } from './www-autolink.js'

/**
 * Text linkify can find a link in, with fuzzy links off: a scheme it knows
 * (`http:`, `https:`, `ftp:`, `mailto:`, `//`, and `www.` from our plugin)
 * or an `@` (fuzzy e-mail). A superset: linkify checks every hit itself.
 */
const mayHoldLink = /(?:https?|ftp|mailto):|\/\/|www\.|@/i

/**
 * markdown-it's single-file build (its dependencies bundled in): one CommonJS
 * file loads in a fifth of the CPU time of the 50-odd ES modules behind its
 * `import` entry, and it is the same code.
 */
const MarkdownItBuild = createRequire(import.meta.url)(
  'markdown-it/dist/markdown-it.js',
) as typeof MarkdownIt

/** Build a configured markdown-it (one is enough: rendering keeps its state in the environment). */
export function createMarkdown(): MarkdownIt {
  const markdown = new MarkdownItBuild('default', {
    html: true,
    linkify: true,
    // Obsidian (and the plugin's `simpleLineBreaks`) shows a single newline as a line break.
    breaks: true,
    typographer: false,
    highlight: highlightCode,
  })
  // Autolinks need a scheme (`https://`, `mailto:`) or `www.`; bare `notes.md` or `main.py` must stay text.
  markdown.linkify.set({ fuzzyLink: false })
  skipTextWithoutLinks(markdown)
  skipNormalizingPlainText(markdown)
  markdown
    .use(mathPlugin)
    .use(markPlugin)
    .use(wikilinkPlugin)
    .use(imagePlugin)
    .use(rawHtmlPlugin)
    .use(taskListPlugin)
    .use(wwwAutolinkPlugin)
    .use(clozeCodePlugin)
  return markdown
}

/**
 * linkify's own tests run one large Unicode-punctuation RegExp over every
 * inline block and text token (a fifth of markdown-it's time on the bench
 * vault); most text holds no scheme at all, so a plain search answers first.
 */
function skipTextWithoutLinks(markdown: MarkdownIt): void {
  const linkify = markdown.linkify
  const test = linkify.test.bind(linkify)
  // `pretest` may say yes wrongly (then `test` decides), never no wrongly.
  linkify.pretest = (text: string) => mayHoldLink.test(text)
  linkify.test = (text: string) => mayHoldLink.test(text) && test(text)
}

/**
 * markdown-it's first rule copies every source to turn `\r\n` and `\r` into
 * `\n` and NUL into U+FFFD; the same rewrite, made only when the field holds
 * one of them, spares the copy of every other field.
 */
function skipNormalizingPlainText(markdown: MarkdownIt): void {
  markdown.core.ruler.at('normalize', (state) => {
    if (state.src.includes('\r')) state.src = state.src.replace(/\r\n?/g, '\n')
    if (state.src.includes('\0')) state.src = state.src.replace(/\0/g, '\uFFFD')
  })
}
