/**
 * Callouts on a card, in Chromium: the notetype stylesheet gives each type
 * its colour (a type rule weaker than the box's own would leave every
 * callout blue), in light and in night mode.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderCss, renderNote } from '../../src/render/render-note.js'
import { makeNote } from '../render/temp-vault.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'

let context: BrowserContext
let scratch: string
let page: Page

/** The card's HTML for a field, in Anki's `.card` body, night mode or not. */
function cardHtml(markdown: string, night: boolean): string {
  const field = Object.values(renderNote(makeNote({ Front: markdown, Back: 'b' })).fields)[0]
  const classes = night ? 'card nightMode night_mode' : 'card'
  return `<!doctype html><html><head><meta charset="utf-8"><style>${renderCss}</style></head><body class="${classes}">${field}</body></html>`
}

/** The computed left border colour and title colour of each callout on the page. */
async function calloutColours(): Promise<Array<{ border: string; title: string }>> {
  return page.$$eval('blockquote.callout', (quotes) =>
    quotes.map((quote) => ({
      border: getComputedStyle(quote).borderLeftColor,
      title: getComputedStyle(quote.querySelector('.callout-title') as Element).color,
    })),
  )
}

describe.skipIf(!hasChromium)(
  `callouts in a card, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-callout-'))
      context = await launchChromium(join(scratch, 'profile'))
      page = await context.newPage()
      await page.route('**/*', (route) => route.abort())
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('colours each type as Obsidian does, the title as the border, in both modes', async () => {
      const field = ['note', 'warning', 'tip', 'bug', 'unknown']
        .map((type) => `> [!${type}]\n> body`)
        .join('\n\n')
      for (const night of [false, true]) {
        await page.setContent(cardHtml(field, night))
        const colours = await calloutColours()
        expect(colours.map((colour) => colour.border)).toEqual([
          'rgb(8, 109, 221)',
          'rgb(236, 117, 0)',
          'rgb(0, 191, 188)',
          'rgb(233, 49, 71)',
          'rgb(8, 109, 221)',
        ])
        for (const colour of colours) expect(colour.title).toBe(colour.border)
      }
    })
  },
)
