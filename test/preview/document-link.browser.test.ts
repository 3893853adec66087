import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ankiCardHtml, ankiCardHtmlMissing } from '../support/anki-card-html.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'
import { runDecklab } from '../support/decklab.js'

const ankiMissing = ankiCardHtmlMissing

const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg-ran")</script></svg>\n'
const packaged = `evil-${createHash('sha256').update(svg).digest('hex').slice(0, 16)}.svg`
/** The ways a link names the packaged file: Markdown, raw HTML, a percent escape, a tab. */
const links = [
  `[Markdown](${packaged})`,
  `<a href="${packaged}">raw</a>`,
  `[escaped](${packaged.replace('.svg', '%2Esvg')})`,
  `<a href="${packaged.replace('.svg', '.s&#9;vg')}">tab</a>`,
]

let context: BrowserContext
let scratch: string
let vault: string

/** Click each link of the document at `url`; returns the dialogs that opened. */
async function clickEachLink(url: string, selector: string): Promise<string[]> {
  const dialogs: string[] = []
  const page = await context.newPage()
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.goto(url)
  const count = await page.locator(selector).count()
  expect(count).toBe(links.length)
  for (let index = 0; index < count; index++) {
    await page.goto(url)
    await page.locator(selector).nth(index).click()
    await page.waitForTimeout(300)
  }
  await page.close()
  return dialogs
}

describe.skipIf(!hasChromium)(
  `a link to a packaged SVG, clicked, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-document-link-'))
      vault = join(scratch, 'vault')
      await mkdir(join(vault, 'notes'), { recursive: true })
      await writeFile(join(vault, 'notes', 'evil.svg'), svg)
      await writeFile(
        join(vault, 'notes', 'note.md'),
        `START\nBasic\nA picture ![pic](evil.svg) ${links.join(' ')}\nBack: b\nEND\n`,
      )
      context = await launchChromium(join(scratch, 'profile'))
    })

    afterAll(async () => {
      await context?.close()
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('the SVG runs its script when opened as a page (the payload works)', async () => {
      const file = join(scratch, 'alone.svg')
      await writeFile(file, svg)
      const page = await context.newPage()
      const dialogs: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      await page.goto(pathToFileURL(file).href)
      await expect.poll(() => dialogs).toEqual(['svg-ran'])
      await page.close()
    })

    it('(a) the preview page opens no script at a click, and says why each link went', async () => {
      const result = runDecklab(['preview', 'notes', '-o', 'site'], { cwd: vault })
      expect(result.code, result.stderr).toBe(0)
      const index = pathToFileURL(join(vault, 'site', 'index.html')).href
      expect(await clickEachLink(index, '.dp-front .card a')).toEqual([])
      expect(result.stderr).toContain('unsafe-html-removed')
      expect(result.stderr).toContain(`\`${packaged}\` in \`href\` on \`<a>\``)
    })

    it.skipIf(ankiMissing !== undefined)(
      `(b) no card as Anki renders it opens script at a click${ankiMissing ? ` (skipped: ${ankiMissing})` : ''}`,
      async () => {
        const build = runDecklab(['build', 'notes', '-o', 'deck.apkg'], { cwd: vault })
        expect(build.code, build.stderr).toBe(0)
        const [card] = ankiCardHtml(join(scratch, 'collection.anki2'), join(vault, 'deck.apkg'))
        const media = join(scratch, 'collection.media')
        expect(existsSync(join(media, packaged))).toBe(true)
        await writeFile(
          join(media, 'card.html'),
          `<!doctype html><html><head><meta charset="utf-8"></head><body class="card"><div id="qa">${card!.question}</div></body></html>`,
        )
        // Anki's media server: the collection's media folder, typed by extension.
        const server: Server = createServer((request, response) => {
          const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1))
          const type = name.endsWith('.svg') ? 'image/svg+xml' : 'text/html'
          readFile(join(media, name.replace(/[/\\]/g, '')))
            .then((body) => response.writeHead(200, { 'content-type': type }).end(body))
            .catch(() => response.writeHead(404).end())
        })
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        try {
          const port = (server.address() as AddressInfo).port
          expect(await clickEachLink(`http://127.0.0.1:${port}/card.html`, '#qa a')).toEqual([])
        } finally {
          // Chromium keeps its connections open: close them, or `close` waits for them.
          server.closeAllConnections()
          await new Promise((resolve) => server.close(resolve))
        }
      },
      60_000,
    )
  },
)
