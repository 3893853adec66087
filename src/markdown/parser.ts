/**
 * How decklab reads a field's Markdown, once for every face of a card:
 * markdown-it with CommonMark + GFM (tables, strikethrough, task lists,
 * autolinks), raw HTML, single newlines as line breaks, and decklab's
 * Obsidian rules (math, `==mark==`, wikilinks, embeds, callouts,
 * `%%comments%%` and `^block-ids` left out). The Anki renderer
 * (src/render/markdown.ts) adds its HTML output rules to such a parser; the
 * quiz's terminal renderer (src/terminal/markdown.ts) walks its tokens. So the
 * quiz shows what the card shows: both read the field with the same rules.
 */
import { createRequire } from 'node:module'
import type MarkdownIt from 'markdown-it'
import { blockIdPlugin } from './block-id.js'
import { calloutPlugin } from './callout.js'
import { markPlugin } from './mark.js'
import { mathRules } from './math.js'
import { stripObsidianComments } from './obsidian-comments.js'
import { taskListPlugin } from './task-list.js'
import { wikilinkRules } from './wikilink.js'
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
 * `import` entry, and it is the same code. Loaded on the first parser made.
 */
let MarkdownItBuild: typeof MarkdownIt | undefined

/** A markdown-it configured to read fields as decklab does, with no output rule of its own. */
export function createMarkdownParser(): MarkdownIt {
  MarkdownItBuild ??= createRequire(import.meta.url)(
    'markdown-it/dist/markdown-it.js',
  ) as typeof MarkdownIt
  const markdown = new MarkdownItBuild('default', {
    html: true,
    linkify: true,
    // Obsidian (and the plugin's `simpleLineBreaks`) shows a single newline as a line break.
    breaks: true,
    typographer: false,
  })
  // Autolinks need a scheme (`https://`, `mailto:`) or `www.`; bare `notes.md` or `main.py` must stay text.
  markdown.linkify.set({ fuzzyLink: false })
  skipTextWithoutLinks(markdown)
  skipNormalizingPlainText(markdown)
  // Obsidian comments are no part of what a note shows (`obsidian-comments.ts`).
  markdown.core.ruler.after('normalize', 'obsidian_comments', (state) => {
    state.src = stripObsidianComments(state.src)
  })
  markdown
    .use(mathRules)
    .use(markPlugin)
    .use(wikilinkRules)
    .use(taskListPlugin)
    .use(calloutPlugin)
    .use(blockIdPlugin)
    .use(wwwAutolinkPlugin)
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
