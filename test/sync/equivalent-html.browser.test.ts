/**
 * The spellings sync takes as one (src/sync/equivalent-html.ts) in headless
 * Chromium: a card holding the plugin's (showdown's) spelling of a field and
 * one holding decklab's are shot, and must be the same pixels, on a card
 * styled as Anki's stock Basic (centred, where a space left at a line's
 * start would move the line) and on a left-aligned one. Spellings kept apart
 * because a style or `<pre>` shows their whitespace, or a `<` opens a tag,
 * are shot too, and must differ: the comparison sees what does show.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { equivalentFieldHtml } from '../../src/sync/equivalent-html.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'

let context: BrowserContext
let scratch: string
let page: Page

/** The back of a stock Basic card (`{{FrontSide}}`, `<hr id=answer>`, `{{Back}}`) under `css`. */
function cardHtml(front: string, css: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body class="card"><div id="qa">${front}\n\n<hr id=answer>\n\nanswer</div></body></html>`
}

// Anki's stock Basic styling, and the same left-aligned.
const stockCss =
  '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }'
const leftCss = stockCss.replace('center', 'left')

/** Whether the two fields' cards are the same pixels under both stylings. */
async function shownAlike(a: string, b: string): Promise<boolean> {
  for (const css of [stockCss, leftCss]) {
    await page.setContent(cardHtml(a, css))
    const first = await page.screenshot()
    await page.setContent(cardHtml(b, css))
    if (!first.equals(await page.screenshot())) return false
  }
  return true
}

// The plugin's spelling (showdown 2.1, as Obsidian_to_Anki stores it) and decklab's, of one Markdown.
const alike: ReadonlyArray<readonly [string, string]> = [
  // `> first line` / `> *second* line`
  [
    '<blockquote>\n  <p>first line<br />\n  <em>second</em> line</p>\n</blockquote>',
    '<blockquote>\n<p>first line<br>\n<em>second</em> line</p>\n</blockquote>',
  ],
  // `> a` / `>> b` / `>> c`
  [
    '<blockquote>\n  <p>a</p>\n  <blockquote>\n    <p>b<br />\n    c</p>\n  </blockquote>\n</blockquote>',
    '<blockquote>\n<p>a</p>\n<blockquote>\n<p>b<br>\nc</p>\n</blockquote>\n</blockquote>',
  ],
  // `> 1. a` / `>    b`
  [
    '<blockquote>\n  <ol>\n  <li>a<br />\n  b</li>\n  </ol>\n</blockquote>',
    '<blockquote>\n<ol>\n<li>a<br>\nb</li>\n</ol>\n</blockquote>',
  ],
  // `> | a | b |` / `> |---|---|` / `> | 1 | 2 |`
  [
    '<blockquote>\n  <table>\n  <thead>\n  <tr>\n  <th>a</th>\n  <th>b</th>\n  </tr>\n  </thead>\n  <tbody>\n  <tr>\n  <td>1</td>\n  <td>2</td>\n  </tr>\n  </tbody>\n  </table>\n</blockquote>',
    '<blockquote>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n</blockquote>',
  ],
  ['One<br />\nTwo', 'One<br>\nTwo'],
  ['<h1 id="headers">Headers</h1>\n<p>text</p>', '<h1>Headers</h1>\n<p>text</p>'],
  ['He said "hi" \\(f\'(x)\\)', 'He said &quot;hi&quot; \\(f&#039;(x)\\)'],
  ['a < b, c > d and x <= 6, y >= 2', 'a &lt; b, c &gt; d and x &lt;= 6, y &gt;= 2'],
  [
    '<a href="http://x.org/?a=1&b=2">http://x.org/?a=1&b=2</a>',
    '<a href="http://x.org/?a=1&amp;b=2">http://x.org/?a=1&amp;b=2</a>',
  ],
]

// Spellings kept apart that show otherwise: an indent in `<pre>`, and in a field whose style
// keeps whitespace; a `<` that opens a tag (`<n;`, which hides the text up to its `>`).
const apart: ReadonlyArray<readonly [string, string]> = [
  ['for i<n; i++ > done', 'for i&lt;n; i++ &gt; done'],
  ['<pre>first line<br />\n  second line</pre>', '<pre>first line<br>\nsecond line</pre>'],
  [
    '<p style="white-space: pre-wrap">first line<br />\n  second line</p>',
    '<p style="white-space: pre-wrap">first line<br>\nsecond line</p>',
  ],
]

describe.skipIf(!hasChromium)(
  `one spelling of a field, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-spelling-'))
      context = await launchChromium(join(scratch, 'profile'), {
        viewport: { width: 600, height: 500 },
      })
      page = await context.newPage()
      // Nothing here loads anything; a request would be a test bug.
      await page.route('**/*', (route) => route.abort())
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('shows the spellings sync takes as one alike', async () => {
      const differing: string[] = []
      for (const [plugin, decklab] of alike) {
        expect(equivalentFieldHtml(plugin, decklab), plugin).toBe(true)
        if (!(await shownAlike(plugin, decklab))) differing.push(plugin)
      }
      expect(differing).toEqual([])
    }, 60_000)

    it('shows the spellings it keeps apart otherwise', async () => {
      for (const [plugin, decklab] of apart) {
        expect(equivalentFieldHtml(plugin, decklab), plugin).toBe(false)
        expect(await shownAlike(plugin, decklab), plugin).toBe(false)
      }
    }, 60_000)
  },
)
