/**
 * The preview page in a real browser: Debian's chromium, headless, driven by
 * playwright-core (never a downloaded browser). Skipped when it is absent.
 * Screenshots go to the test's temp folder; set DECKLAB_SCREENSHOT_DIR to keep
 * copies to look at.
 */
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { writePreview } from '../../src/commands/preview/write-preview.js'
import { cardOrds } from '../../src/model/cards.js'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'
import { renderNote } from '../../src/render/render-note.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'

const fixtureVault = fileURLToPath(new URL('./fixtures/vault', import.meta.url))
const courseNotes = join(packageRoot(), 'notes')
const hasCourse = existsSync(courseNotes)

let context: BrowserContext
let scratch: string

/** Write the preview of `paths` (relative to `cwd`) into a fresh folder; returns the page URL and the notes. */
async function preview(cwd: string, paths: string[]): Promise<{ url: string; notes: Note[] }> {
  const output = await mkdtemp(join(scratch, 'site-'))
  await writePreview({ cwd, paths, output }, { loadVault, renderNote })
  const vault = await loadVault({ cwd, paths })
  return { url: pathToFileURL(join(output, 'index.html')).href, notes: vault.notes }
}

/** Open a page and record everything that would show a broken page. */
async function open(url: string, colorScheme: 'light' | 'dark' = 'light') {
  const page = await context.newPage()
  onTestFinished(() => page.close())
  await page.emulateMedia({ colorScheme })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`))
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`)
  })
  await page.goto(url, { waitUntil: 'load' })
  return { page, problems }
}

function visibleCards(page: Page): Promise<number> {
  return page.locator('.dp-card:not([hidden])').count()
}

function cardCount(notes: readonly Note[], keep: (note: Note) => boolean = () => true): number {
  return notes.filter(keep).reduce((sum, note) => sum + cardOrds(note).length, 0)
}

const under = (name: string, wanted: string) => name === wanted || name.startsWith(`${wanted}::`)

/** Save a screenshot in the scratch folder (and in DECKLAB_SCREENSHOT_DIR when set, to look at). */
async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  const path = join(scratch, name)
  await page.screenshot({ path, ...options })
  expect((await stat(path)).size).toBeGreaterThan(10_000)
  const keep = process.env.DECKLAB_SCREENSHOT_DIR
  if (keep) {
    await mkdir(keep, { recursive: true })
    await copyFile(path, join(keep, name))
  }
}

describe.skipIf(!hasChromium)(
  `the preview page in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed; apt-get install chromium)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-preview-browser-'))
      context = await launchChromium(join(scratch, 'profile'), {
        viewport: { width: 1280, height: 900 },
      })
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it.skipIf(!hasCourse)(
      'shows every card of notes/ once; search, deck and tag filters narrow it',
      async () => {
        const { url, notes } = await preview(packageRoot(), ['notes'])
        const { page, problems } = await open(url)
        const total = cardCount(notes)
        expect(total).toBeGreaterThan(0)
        const cards = page.locator('[data-guid][data-ord]')
        expect(await cards.count()).toBe(total)
        const keys = await cards.evaluateAll((elements) =>
          elements.map(
            (element) => `${element.getAttribute('data-guid')}/${element.getAttribute('data-ord')}`,
          ),
        )
        expect(new Set(keys).size).toBe(total)
        expect(await visibleCards(page)).toBe(total)

        // Search by a source file: exactly that file's cards remain.
        const file = notes[0]?.source.file as string
        await page.fill('#dp-search', file)
        expect(await visibleCards(page)).toBe(cardCount(notes, (note) => note.source.file === file))
        expect(await visibleCards(page)).toBeLessThanOrEqual(total)
        await page.fill('#dp-search', 'zzqx-no-card-says-this')
        expect(await visibleCards(page)).toBe(0)
        await expect.poll(() => page.locator('#dp-empty').isVisible()).toBe(true)
        await page.click('#dp-clear')
        expect(await visibleCards(page)).toBe(total)

        // Deck filter: the deck of the last note (a subdeck), then its root (all its subdecks).
        const deck = notes.at(-1)?.deck as string
        await page.selectOption('#dp-deck-filter', deck)
        expect(await visibleCards(page)).toBe(cardCount(notes, (note) => under(note.deck, deck)))
        const root = deck.split('::')[0] as string
        await page.selectOption('#dp-deck-filter', root)
        expect(await visibleCards(page)).toBe(cardCount(notes, (note) => under(note.deck, root)))
        await page.selectOption('#dp-deck-filter', '')

        // Tag filter: the least used tag, so the list visibly narrows.
        const uses = new Map<string, number>()
        for (const note of notes)
          for (const tag of note.tags) uses.set(tag, (uses.get(tag) ?? 0) + 1)
        const tag = [...uses].sort((a, b) => a[1] - b[1])[0]?.[0]
        if (tag) {
          await page.selectOption('#dp-tag-filter', tag)
          const expected = cardCount(notes, (note) => note.tags.some((each) => under(each, tag)))
          expect(await visibleCards(page)).toBe(expected)
          expect(expected).toBeLessThan(total)
          await page.selectOption('#dp-tag-filter', '')
        }

        // A cloze card: the gap on the front, the text on the back.
        const cloze = page.locator('.dp-card', { has: page.locator('.dp-front .cloze') }).first()
        if ((await cloze.count()) > 0) {
          const front = await cloze.locator('.dp-front .cloze').first().textContent()
          const back = await cloze.locator('.dp-back .cloze').first().textContent()
          expect(front).toMatch(/^\[.*\]$/)
          expect(back).not.toMatch(/^\[.*\]$/)
        }

        await page.fill('#dp-search', '')
        await screenshot(page, 'notes-light.png')
        expect(problems).toEqual([])
      },
    )

    // Anki's MathJax loads mhchem (ts/mathjax/index.ts lists it), so `\ce{H2SO4}` is a formula
    // there; the preview's KaTeX had no mhchem and drew `\ce` in red before the plain letters.
    it('typesets chemistry (\\ce, \\pu) as Anki does', async () => {
      const vault = await mkdtemp(join(scratch, 'chemistry-'))
      await writeFile(
        join(vault, 'acids.md'),
        'START\nBasic\nSulfuric acid?\nBack: $\\ce{H2SO4}$ and $\\ce{2H2 + O2 -> 2H2O}$, $\\pu{123 kJ/mol}$\nEND\n',
      )
      const { url } = await preview(vault, ['.'])
      const { page, problems } = await open(url)
      const back = page.locator('.dp-card .dp-back .card')
      expect(await back.locator('.katex').count()).toBe(3)
      const drawn = await back.locator('.katex-html').allTextContents()
      expect(drawn.join(' ')).not.toMatch(/\\(ce|pu)/)
      // The arrow is drawn as an arrow (an SVG), not as the letters `->`.
      expect(drawn[1]).not.toContain('>')
      expect(problems).toEqual([])
    })

    it('renders the fixture vault as Anki would: clozes, type-in, media, code, no ID yet', async () => {
      const { url, notes } = await preview(fixtureVault, ['.'])
      const { page, problems } = await open(url)
      expect(await page.locator('[data-guid][data-ord]').count()).toBe(cardCount(notes))

      const cloze2 = page.locator('.dp-card', { hasText: 'Cloze 2' })
      expect(await cloze2.locator('.dp-front .cloze').textContent()).toBe('[socket type]')
      expect(await cloze2.locator('.dp-back .cloze').textContent()).toBe('datagram')
      expect(await cloze2.locator('.dp-front').textContent()).toContain('A stream socket')
      expect(await cloze2.getAttribute('data-ord')).toBe('1')
      expect(await cloze2.getAttribute('data-provisional')).toBe('true')
      expect(await cloze2.locator('.dp-noid').isVisible()).toBe(true)

      // The image was copied and loads from disk.
      const image = cloze2.locator('.dp-back img')
      expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBe(
        160,
      )

      const typeIn = page.locator('.dp-card', { hasText: 'stale socket file' })
      expect(await typeIn.locator('.dp-front input#typeans').count()).toBe(1)
      expect(await typeIn.locator('.dp-back code#typeans').textContent()).toContain('ECONNREFUSED')
      expect(await typeIn.locator('.dp-lab').textContent()).toContain(
        'npx decklab lab run stale-socket',
      )
      // Where that command runs, on the card's back as in Anki and on the chip.
      expect(await typeIn.locator('.dp-back .decklab-lab').textContent()).toContain(
        'run in a clone of the decklab repository this deck was built with, after npm install there',
      )
      expect(await typeIn.locator('.dp-lab').getAttribute('title')).toBe(
        'Runs in a clone of the decklab repository this deck was built with, after npm install there',
      )

      expect(await page.locator('.dp-back .hljs-keyword').count()).toBeGreaterThan(0)
      // Math typeset from the local KaTeX copy; the TeX source is gone from the card.
      const math = page.locator('.dp-card', { hasText: 'sun_path, and what' })
      expect(await math.locator('.dp-front .katex').count()).toBe(1)
      expect(await math.locator('.dp-front .card').textContent()).not.toContain('\\(')
      const reversed = page.locator('.dp-card[data-ord="1"]', { hasText: 'SOCK_SEQPACKET' })
      expect(await reversed.locator('.dp-front').textContent()).toContain(
        'keeps message boundaries',
      )

      // A tag chip filters by its tag.
      await page.locator('.dp-tag[data-tag="errors"]').first().click()
      expect(await visibleCards(page)).toBe(
        cardCount(notes, (note) => note.tags.includes('errors')),
      )
      expect(problems).toEqual([])
    })

    it("a field borrowing the page's classes passes for no card, badge or tag chip", async () => {
      const vault = await mkdtemp(join(scratch, 'classes-'))
      await writeFile(
        join(vault, 'spoof.md'),
        [
          'START',
          'Basic',
          '<div class="dp-card"><span class="dp-badge dp-badge-confirmed">confirmed</span> <span class="dp-tag" data-tag="zzz">zzz</span></div>',
          'Back: <div class="decklab-lab"><span class="decklab-lab-title">Lab</span></div>',
          'END',
          '',
          'START',
          'Basic',
          'A plain card',
          'Back: b',
          'END',
          '',
        ].join('\n'),
      )
      const { url, notes } = await preview(vault, ['.'])
      const { page, problems } = await open(url)
      expect(await page.locator('.dp-card').count()).toBe(cardCount(notes))
      expect(await page.locator('.dp-badge').count()).toBe(0)
      expect(await page.locator('.dp-tag').count()).toBe(0)
      expect(await page.locator('.decklab-lab, .decklab-lab-title').count()).toBe(0)
      // The page's own count and search still see two cards, and the text is kept.
      await expect.poll(() => page.locator('#dp-count').textContent()).toMatch(/^2 cards/)
      await page.fill('#dp-search', 'confirmed')
      expect(await visibleCards(page)).toBe(1)
      expect(problems).toEqual([])
    })

    it('follows a dark system theme with Anki night-mode classes on the cards', async () => {
      const { url } = await preview(
        hasCourse ? packageRoot() : fixtureVault,
        hasCourse ? ['notes'] : ['.'],
      )
      const { page, problems } = await open(url, 'dark')
      const face = page.locator('.dp-face > .card').first()
      expect(await face.getAttribute('class')).toMatch(/\bnightMode\b/)
      const background = await face.evaluate((element) => getComputedStyle(element).backgroundColor)
      expect(background).toBe('rgb(31, 33, 38)')
      await page.emulateMedia({ colorScheme: 'light' })
      await expect.poll(() => face.getAttribute('class')).not.toMatch(/nightMode/)
      await page.emulateMedia({ colorScheme: 'dark' })
      await screenshot(page, 'preview-dark.png')
      expect(problems).toEqual([])
    })
  },
)
