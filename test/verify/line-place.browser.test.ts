/**
 * Where Chromium (Debian's, via playwright-core) draws an answer on a line
 * that cannot break, on decklab's card (its stylesheet, as the package ships
 * it): the payloads `decklab verify` reads as off screen
 * (test/support/line-payloads.ts) are drawn with a letter 4000 px or more
 * right of the card, and those it reads as shown with every letter short
 * of that; an answer it reads as past a box that clips it (`overflow:
 * hidden`) starts at or past the box's right edge, and one it reads as
 * shown ends inside it. Text in a `text-transform` is read as Chromium
 * draws it (its innerText).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notetypeCss } from '../../src/commands/build/notetype-css.js'
import { sanitizeHtml } from '../../src/render/sanitize.js'
import { shownText } from '../../src/verify/answer-side.js'
import {
  colourAndAlpha,
  colourNames,
  contrast,
  legacyColour,
  type Rgb,
  systemColourNames,
} from '../../src/verify/css-colour.js'
import { offScreenPx, unreadColour } from '../../src/verify/hidden-text.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'
import {
  firstLinePushed,
  fontColours,
  hueColours,
  insideTheClip,
  labColours,
  offTheLine,
  onTheLine,
  pastTheClip,
  sheetColoured,
  smallCapitals,
} from '../support/line-payloads.js'

let context: BrowserContext
let scratch: string
let page: Page

const viewport = { width: 1280, height: 800 }

/** The channels (and alpha) Chromium computes for `color: value` on `#ink`; fails the test when it refuses the value. */
async function computedColour(value: string): Promise<number[]> {
  const computed = await page.evaluate((value) => {
    const ink = document.getElementById('ink') as HTMLElement
    ink.style.color = ''
    ink.style.color = value
    return ink.style.color === '' ? '' : getComputedStyle(ink).color
  }, value)
  const numbers = /^rgba?\(([^)]*)\)$/.exec(computed)?.[1]?.split(/,\s*/).map(Number)
  expect(numbers, `${value} → ${computed}`).toBeDefined()
  return numbers ?? []
}

/** How far right of the card each letter of ENOENT starts, and where the nearest box that clips it (`overflow-x: hidden` or `clip`) ends. */
async function letterOffsets(field: string): Promise<number[]> {
  return (await placeLetters(field)).letters
}

async function placeLetters(field: string): Promise<{ letters: number[]; clip: number }> {
  const html = sanitizeHtml(field).html
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${notetypeCss}</style></head><body><div class="card">${html}</div></body></html>`,
  )
  return page.evaluate(() => {
    const card = document.querySelector('.card') as HTMLElement
    const left = card.getBoundingClientRect().left
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node as Text
      const at = text.data.indexOf('ENOENT')
      if (at < 0) continue
      const letters = [...'ENOENT'].map((_, index) => {
        const range = document.createRange()
        range.setStart(text, at + index)
        range.setEnd(text, at + index + 1)
        return range.getBoundingClientRect().left - left
      })
      let clip = Number.POSITIVE_INFINITY
      for (let box = text.parentElement; box !== null && box !== card; box = box.parentElement) {
        const style = getComputedStyle(box)
        if (!/^(?:hidden|clip)$/.test(style.overflowX)) continue
        const edge = box.getBoundingClientRect().right - Number.parseFloat(style.borderRightWidth)
        clip = Math.min(clip, edge - left)
      }
      return { letters, clip }
    }
    return { letters: [], clip: Number.POSITIVE_INFINITY }
  })
}

describe.skipIf(!hasChromium)(
  `an answer on a line that cannot break, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-line-'))
      context = await launchChromium(join(scratch, 'profile'), { viewport })
      page = await context.newPage()
      await page.route('**/*', (route) => route.abort())
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('draws a letter off screen where verify reads the answer as not shown', async () => {
      for (const field of offTheLine) {
        const offsets = await letterOffsets(field)
        expect(offsets, field).toHaveLength(6)
        expect(Math.max(...offsets), field).toBeGreaterThanOrEqual(offScreenPx)
        expect(shownText(sanitizeHtml(field).html), field).not.toContain('ENOENT')
      }
    })

    it('draws every letter short of 4000 px where verify reads the answer as shown', async () => {
      for (const field of onTheLine) {
        const offsets = await letterOffsets(field)
        expect(offsets, field).toHaveLength(6)
        expect(Math.max(...offsets), field).toBeLessThan(offScreenPx)
        expect(shownText(sanitizeHtml(field).html), field).toContain('ENOENT')
      }
    })

    it('draws only the first line of a wrapping answer where an indent or inline margin pushes it', async () => {
      for (const [field, reading] of firstLinePushed) {
        const offsets = await letterOffsets(field)
        expect(offsets, field).toHaveLength(6)
        if (reading.includes('ENOENT'))
          expect(Math.max(...offsets), field).toBeLessThan(offScreenPx)
        else expect(Math.max(...offsets), field).toBeGreaterThanOrEqual(offScreenPx)
        expect(shownText(sanitizeHtml(field).html), field).toBe(reading)
      }
    })

    it('draws nothing of an answer past a box that clips it, and all of one inside it', async () => {
      for (const field of pastTheClip) {
        const { letters, clip } = await placeLetters(field)
        expect(letters, field).toHaveLength(6)
        expect(Math.min(...letters), field).toBeGreaterThanOrEqual(clip)
        expect(shownText(sanitizeHtml(field).html), field).not.toContain('ENOENT')
      }
      for (const field of insideTheClip) {
        const { letters, clip } = await placeLetters(field)
        expect(letters, field).toHaveLength(6)
        expect(Math.max(...letters), field).toBeLessThan(clip)
        expect(shownText(sanitizeHtml(field).html), field).toContain('ENOENT')
      }
    })

    // Chromium computes a colour spelled with a hue, or named, as rgb(): verify reads the same channels.
    it('reads hsl(), hsla(), hwb() and every named colour as Chromium computes them', async () => {
      await page.setContent('<span id="ink">ENOENT</span>')
      expect(colourNames).toHaveLength(148)
      for (const colour of [...hueColours, ...colourNames]) {
        const numbers = await computedColour(colour)
        const read = colourAndAlpha(colour)
        expect(read, colour).toBeDefined()
        const [red, green, blue, alpha = 1] = numbers
        expect(read?.rgb.map(Math.round), colour).toEqual([red, green, blue])
        expect(read?.alpha, colour).toBeCloseTo(alpha, 2)
      }
    })

    // A system colour is the platform's: verify reads each as this Chromium draws it with no `color-scheme` (day mode).
    it('reads the system colours and `initial` as Chromium computes them', async () => {
      await page.setContent('<span id="ink">ENOENT</span>')
      expect(systemColourNames.length).toBeGreaterThan(40)
      for (const colour of [...systemColourNames, 'initial']) {
        const numbers = await computedColour(colour)
        const read = colourAndAlpha(colour === 'initial' ? 'canvastext' : colour)
        const [red, green, blue, alpha = 1] = numbers
        expect(read?.rgb, colour).toEqual([red, green, blue])
        expect(read?.alpha, colour).toBeCloseTo(alpha, 2)
      }
    })

    // Small capitals are capitals' shapes: Chromium draws them as wide as the capitals at 70 %.
    it('reads small capitals as the capitals Chromium draws', async () => {
      const width = async (field: string) => {
        await page.setContent(
          `<style>${notetypeCss}</style><div class="card"><div id="line" style="display: inline-block">${sanitizeHtml(field).html}</div></div>`,
        )
        return page.evaluate(
          () => (document.getElementById('line') as HTMLElement).getBoundingClientRect().width,
        )
      }
      for (const [field, drawnAs] of smallCapitals) {
        expect(await width(field), field).toBeCloseTo(await width(drawnAs), 1)
        expect(shownText(sanitizeHtml(field).html), field).toBe(
          shownText(sanitizeHtml(drawnAs).html),
        )
      }
    })

    // Chromium keeps lab() and oklch() as they are written: a canvas shows the red, green and blue it draws.
    it('reads lab(), lch(), oklab() and oklch() as Chromium draws them', async () => {
      for (const colour of labColours) {
        const drawn = await page.evaluate((value) => {
          const canvas = document.createElement('canvas')
          const context = canvas.getContext('2d') as CanvasRenderingContext2D
          context.fillStyle = value
          context.fillRect(0, 0, 1, 1)
          return [...context.getImageData(0, 0, 1, 1).data]
        }, colour)
        const read = colourAndAlpha(colour)
        expect(read, colour).toBeDefined()
        read?.rgb.forEach((channel, index) => {
          expect(
            Math.abs(channel - (drawn[index] ?? 0)),
            `${colour}: ${drawn}`,
          ).toBeLessThanOrEqual(2)
        })
      }
    })

    // HTML reads `<font color>` by its legacy rules: `ffffff` is white, `rgb(255, 255, 255)` is not.
    it('reads <font color> as Chromium does', async () => {
      for (const colour of fontColours) {
        await page.setContent('<font id="ink">ENOENT</font>')
        const computed = await page.evaluate((value) => {
          const ink = document.getElementById('ink') as HTMLElement
          ink.setAttribute('color', value)
          return getComputedStyle(ink).color
        }, colour)
        const numbers = /^rgb\(([^)]*)\)$/.exec(computed)?.[1]?.split(/,\s*/).map(Number)
        expect(legacyColour(colour), `${colour} → ${computed}`).toEqual(numbers)
      }
    })

    // decklab's stylesheet colours a link and a quote: white or transparent text around them does not hide them.
    it('draws a link and a quote in the colour decklab gives them, as verify reads them', async () => {
      for (const field of sheetColoured) {
        const html = sanitizeHtml(field).html
        await page.setContent(`<style>${notetypeCss}</style><div class="card">${html}</div>`)
        // The text's colour, and the nearest background behind it that is painted.
        const [ink, paper] = await page.evaluate(() => {
          const card = document.querySelector('.card') as HTMLElement
          const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            if (!node.textContent?.includes('ENOENT')) continue
            let box = node.parentElement as HTMLElement
            while (box !== card && getComputedStyle(box).backgroundColor === 'rgba(0, 0, 0, 0)')
              box = box.parentElement as HTMLElement
            const color = getComputedStyle(node.parentElement as HTMLElement).color
            return [color, getComputedStyle(box).backgroundColor]
          }
          return ['', '']
        })
        const [rgb, under] = [ink, paper].map((colour) => colourAndAlpha(colour)?.rgb as Rgb)
        expect(contrast(rgb as Rgb, under as Rgb), `${field}: ${ink} on ${paper}`).toBeGreaterThan(
          3,
        )
        expect(shownText(html), field).toBe('ENOENT')
      }
    })

    // `background: currentcolor` paints the text's own colour: verify reads it as the text's colour.
    it('paints currentcolor behind text in the text colour, as verify reads it', async () => {
      const field = '<span id="ink" style="color: red; background: currentcolor">ENOENT</span>'
      await page.setContent(field)
      const [ink, paper] = await page.evaluate(() => {
        const style = getComputedStyle(document.getElementById('ink') as HTMLElement)
        return [style.color, style.backgroundColor]
      })
      expect(paper).toBe(ink)
      expect(shownText(sanitizeHtml(field).html)).toBe('')
    })

    // Colours the sanitizer keeps and verify cannot read: Chromium draws them (white text on the
    // card's white hides the answer; the same text on a black background shows it), so verify
    // cannot tell, and compares no answer in one (`unreadColour`).
    it('draws colours verify cannot read, which it names instead of judging', async () => {
      const unread: Array<[string, string, string]> = [
        ['color: rgb(from white r g b)', 'color(srgb 1 1 1)', 'rgba(0, 0, 0, 0)'],
        ['background: color(srgb 1 1 1)', 'rgb(31, 35, 40)', 'color(srgb 1 1 1)'],
        ['background: color(srgb 0 0 0); color: white', 'rgb(255, 255, 255)', 'color(srgb 0 0 0)'],
        [
          'background-color: color-mix(in srgb, white, white)',
          'rgb(31, 35, 40)',
          'color(srgb 1 1 1)',
        ],
        [
          'background: light-dark(white, black); color: white',
          'rgb(255, 255, 255)',
          'rgb(255, 255, 255)',
        ],
        ['background: var(--x, white); color: white', 'rgb(255, 255, 255)', 'rgb(255, 255, 255)'],
      ]
      for (const [style, ink, paper] of unread) {
        const html = sanitizeHtml(`<span style="${style}">ENOENT</span>`).html
        expect(html, style).toContain(style.split(';')[0])
        await page.setContent(`<style>${notetypeCss}</style><div class="card">${html}</div>`)
        const drawn = await page.evaluate(() => {
          const style = getComputedStyle(document.querySelector('.card span') as HTMLElement)
          return [style.color, style.backgroundColor]
        })
        expect(drawn, style).toEqual([ink, paper])
        expect(unreadColour(html), style).toBe(style.split(';')[0])
      }
    })

    // Chromium's innerText is the text as drawn, in the case text-transform gives it.
    it('reads text-transform as Chromium draws it', async () => {
      for (const field of [
        '<span style="text-transform: uppercase">enoent &amp; epipe</span>',
        '<p style="text-transform: lowercase">ENOENT <b>EPIPE</b></p>',
        '<span style="text-transform: capitalize">the socket file</span>',
      ]) {
        const html = sanitizeHtml(field).html
        await page.setContent(`<style>${notetypeCss}</style><div class="card">${html}</div>`)
        const drawn = await page.evaluate(
          // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (its case) is what is compared
          () => (document.querySelector('.card') as HTMLElement).innerText,
        )
        expect(shownText(html), field).toBe(drawn.trim())
      }
    })
  },
)
