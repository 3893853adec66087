/**
 * Inline styles in headless Chromium: a field's HTML, sanitized, paints
 * nothing outside its box and nothing over Anki's fixed elements. The page
 * mimics a card: text above the field, text below it, and a fixed element
 * over the field (Anki 2.1.15 puts its flag and mark icons, fixed, before
 * the card). For each payload, the page is shot around the field's box and
 * compared with the same page where the field holds an empty box of the
 * same size: any pixel that differs outside the box was painted by the
 * field. And the fixed element must still be the topmost at its centre.
 * The same payloads unsanitized do differ, so the comparison sees escapes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sanitizeHtml } from '../../src/render/sanitize.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'
import { escapingStyles } from '../support/style-payloads.js'

let context: BrowserContext
let scratch: string
let page: Page

const viewport = { width: 800, height: 1000 }

/** A card: the field's box between two lines of text, and a fixed icon over the field. */
function cardHtml(field: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; font: 20px sans-serif; background: #fff; color: #000; }
#qa { width: 600px; margin: 0 100px; }
#before, #after { height: 300px; background: #eee; }
/* Padding keeps a child's margins inside (no collapsing through), and no float is contained. */
#field { padding: 1px 0; }
#flag { position: fixed; top: 320px; left: 110px; width: 20px; height: 20px; background: #00f; }
</style></head><body><div id="flag"></div><div id="qa"><div id="before">above</div><div id="field">${field}</div><div id="after">below</div></div></body></html>`
}

/** The field's Markdown-free HTML: one block with the style, several lines of text, an image-free table. */
function fieldHtml(style: string): string {
  return `<div style="${style.replaceAll('"', '&quot;')}">Escape <b>text</b> with words<br>line two<br>line three</div>`
}

type Box = { x: number; y: number; width: number; height: number }

/**
 * Ink a browser draws a few pixels past a box by design (a glyph's overhang,
 * a wavy underline below the last line) is no escape: the regions keep this far from the box.
 */
const slack = 12

/** The four regions around `box`, `slack` away from it, inside the viewport. */
function around(box: Box): Box[] {
  const top = box.y - slack
  const left = box.x - slack
  const right = box.x + box.width + slack
  const bottom = box.y + box.height + slack
  return [
    { x: 0, y: 0, width: viewport.width, height: top },
    { x: 0, y: bottom, width: viewport.width, height: viewport.height - bottom },
    { x: 0, y: top, width: left, height: bottom - top },
    { x: right, y: top, width: viewport.width - right, height: bottom - top },
  ].filter((region) => region.width >= 1 && region.height >= 1)
}

/** Where the field painted outside its box, and whether the fixed icon is still on top. */
async function escapes(field: string): Promise<string[]> {
  await page.setContent(cardHtml(field))
  const box = await page.locator('#field').boundingBox()
  if (box === null) throw new Error('no field box')
  const shots = []
  for (const region of around(box)) shots.push(await page.screenshot({ clip: region }))
  const onTop = await page.evaluate(() => document.elementFromPoint(120, 330)?.id)
  const found: string[] = []
  if (onTop !== 'flag') found.push(`over the fixed icon (${onTop ?? 'nothing'} on top)`)
  // The same page with an empty box of the field's size.
  await page.setContent(cardHtml(`<div style="height: ${box.height - 2}px"></div>`))
  const emptyBox = await page.locator('#field').boundingBox()
  expect(emptyBox).toEqual(box)
  for (const [index, region] of around(box).entries()) {
    const shot = await page.screenshot({ clip: region })
    if (!shot.equals(shots[index]!)) found.push(`painted in ${JSON.stringify(region)}`)
  }
  return found
}

describe.skipIf(!hasChromium)(
  `inline styles in a card, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-style-'))
      context = await launchChromium(join(scratch, 'profile'), { viewport })
      page = await context.newPage()
      // Nothing here loads anything; a request would be a test bug.
      await page.route('**/*', (route) => route.abort())
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('sees each payload leave the field when nothing sanitizes it', async () => {
      expect(await escapes(fieldHtml('color: red'))).toEqual([])
      const stayed: string[] = []
      for (const style of escapingStyles) {
        if ((await escapes(fieldHtml(style))).length === 0) stayed.push(style)
      }
      expect(stayed).toEqual([])
    }, 60_000)

    it('keeps each payload inside the field once sanitized', async () => {
      const escaped: string[] = []
      for (const style of escapingStyles) {
        const sanitized = sanitizeHtml(fieldHtml(style)).html
        const found = await escapes(sanitized)
        if (found.length > 0) escaped.push(`${style} → ${sanitized}: ${found.join(', ')}`)
      }
      expect(escaped).toEqual([])
    }, 60_000)

    it('keeps ordinary styling, which stays inside the field', async () => {
      for (const style of [
        'color: red; background-color: #ffc; font-weight: bold',
        'font-size: 2em; line-height: 1.2',
        'margin: 1em 2em; padding: 0.5em; border: 3px solid #333; border-radius: 6px',
        'text-decoration: underline wavy red; letter-spacing: 0.2em; text-indent: 2em',
        'width: 50%; min-height: 4em; text-align: center',
      ]) {
        const sanitized = sanitizeHtml(fieldHtml(style))
        expect(sanitized.removed, style).toEqual([])
        expect(await escapes(sanitized.html), style).toEqual([])
      }
    }, 60_000)
  },
)
