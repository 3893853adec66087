import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ankiCardHtml, ankiCardHtmlMissing } from '../support/anki-card-html.js'
import { chromiumPath, hasChromium, launchChromium } from '../support/chromium.js'
import { runDecklab } from '../support/decklab.js'
import { payloads, writePayloadVault } from '../support/payloads.js'

const ankiMissing = ankiCardHtmlMissing

let context: BrowserContext
let scratch: string
let vault: string
let server: Server
/** `http://127.0.0.1:port`: serves `scratch` as Anki's media server serves the collection. */
let origin: string

/** A static server over `scratch` on loopback: the card documents and nothing else. */
async function serveScratch(): Promise<void> {
  server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', origin).pathname.slice(1))
    readFile(join(scratch, name.replace(/[/\\]/g, '')))
      .then((body) => response.writeHead(200, { 'content-type': 'text/html' }).end(body))
      .catch(() => response.writeHead(404).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** What a page did that a safe card never does. */
interface Evidence {
  dialogs: string[]
  requests: string[]
  navigations: string[]
  ran: unknown
  violations: string[]
  /** Requests the Content-Security-Policy stopped before they left. */
  blocked: string[]
}

/** A page with every listener attached; `load` reports what one document did. */
async function probe(): Promise<{ page: Page; load: (url: string) => Promise<Evidence> }> {
  const page = await context.newPage()
  let evidence = emptyEvidence()
  let target = ''
  page.on('dialog', (dialog) => {
    evidence.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  // A request the page's policy blocks never reaches the route; one that would go out does.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') evidence.blocked.push(request.url())
  })
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url() !== target) evidence.navigations.push(frame.url())
  })
  await page.route('**/*', (route) => {
    const requested = route.request().url()
    // Only local files (no host) and the loopback server are not remote.
    if (requested.startsWith('file:///') || requested.startsWith(`${origin}/`))
      return route.continue()
    evidence.requests.push(requested)
    return route.abort()
  })
  // Runs before any card HTML: records CSP violations.
  await page.addInitScript(() => {
    const record = window as unknown as { __violations: string[] }
    record.__violations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      record.__violations.push(`${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  const load = async (url: string): Promise<Evidence> => {
    evidence = emptyEvidence()
    target = url
    await page.goto(url, { waitUntil: 'load' })
    // Late events: an image's onerror, a zero-second refresh.
    await page.waitForTimeout(150)
    if (evidence.navigations.length === 0) {
      evidence.ran = await page.evaluate(
        () => (window as unknown as { __ran?: unknown }).__ran ?? null,
      )
      evidence.violations = await page.evaluate(
        () => (window as unknown as { __violations: string[] }).__violations,
      )
    }
    return evidence
  }
  return { page, load }
}

function emptyEvidence(): Evidence {
  return { dialogs: [], requests: [], navigations: [], ran: null, violations: [], blocked: [] }
}

/** Elements or handler attributes in the card that could run or load something (Anki's play button aside). */
function dangerousElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#qa *')].flatMap((element) => {
      const found: string[] = []
      if (/^(iframe|object|embed|base|meta|link|script|frame|svg|math)$/i.test(element.tagName))
        found.push(element.tagName)
      if (!element.classList.contains('replay-button')) {
        for (const attribute of element.getAttributeNames())
          if (/^on/i.test(attribute)) found.push(`${element.tagName} ${attribute}`)
      }
      return found
    }),
  )
}

function expectNothingRan(evidence: Evidence, where: string): void {
  expect(evidence.dialogs, `dialogs in ${where}`).toEqual([])
  expect(evidence.requests, `remote requests from ${where}`).toEqual([])
  expect(evidence.navigations, `navigations of ${where}`).toEqual([])
  expect(evidence.ran, `script flag in ${where}`).toBeNull()
}

/** The listeners work: the same payloads, unsanitized, do trip them. */
async function expectListenersCatch(html: string): Promise<Evidence> {
  const name = `raw-${Math.random().toString(36).slice(2)}.html`
  await writeFile(join(scratch, name), `<!doctype html><meta charset="utf-8"><body>${html}</body>`)
  const { page, load } = await probe()
  const evidence = await load(`${origin}/${name}`)
  await page.close()
  return evidence
}

describe.skipIf(!hasChromium)(
  `payloads in cards, in Chromium${hasChromium ? '' : ` (skipped: ${chromiumPath} is not installed; apt-get install chromium)`}`,
  () => {
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'decklab-payloads-'))
      vault = join(scratch, 'vault')
      await writePayloadVault(join(vault, 'notes'))
      context = await launchChromium(join(scratch, 'profile'))
      await serveScratch()
    })

    afterAll(async () => {
      await context?.close()
      await new Promise((resolve) => server?.close(resolve))
      if (scratch) await rm(scratch, { recursive: true, force: true })
    })

    it('the listeners see an unsanitized payload run and fetch', async () => {
      const evidence = await expectListenersCatch(
        `${payloads.find((p) => p.name === 'plain-onerror')?.html}<img src="https://evil.example/probe.png">`,
      )
      expect(evidence.dialogs).toEqual(['plain-onerror'])
      expect(evidence.requests).toEqual(['https://evil.example/probe.png'])
    })

    it('the listeners see each remote image payload fetch when nothing sanitizes it', async () => {
      for (const payload of payloads.filter((p) => p.name.startsWith('remote-') && !p.markdown)) {
        const evidence = await expectListenersCatch(payload.html)
        expect(evidence.requests.length, payload.name).toBeGreaterThan(0)
        for (const request of evidence.requests) expect(request).toMatch(/^http:\/\/|^https:\/\//)
      }
    })

    it.skipIf(ankiMissing !== undefined)(
      `(a) no card runs or fetches anything as Anki 2.1.15 renders it${ankiMissing ? ` (skipped: ${ankiMissing})` : ''}`,
      async () => {
        const build = runDecklab(['build', 'notes', '-o', 'payloads.apkg'], { cwd: vault })
        expect(build.code, build.stderr).toBe(0)
        expect(build.stderr).toContain('unsafe-html-removed')
        const cards = ankiCardHtml(join(scratch, 'collection.anki2'), join(vault, 'payloads.apkg'))
        // Every payload's note was imported (its Back or Back Extra names it).
        const answers = cards.map((card) => card.answer).join('\n')
        for (const payload of payloads) expect(answers).toContain(payload.name)
        const { page, load } = await probe()
        for (const [index, card] of cards.entries()) {
          for (const side of ['question', 'answer'] as const) {
            // Anki's reviewer turns each [sound:…] into its play button, as modern Anki writes it.
            const html = card[side].replace(
              /\[sound:[^\]]*\]/g,
              `<a class="replay-button soundLink" href=# onclick="pycmd('play:q:0'); return false;"><svg class="playImage" viewBox="0 0 64 64" version="1.1"><circle cx="32" cy="32" r="29"/><path d="M56.502,32.301l-37.502,20.101l0.329,-40.804l37.173,20.703Z"/></svg></a>`,
            )
            const name = `card-${index}-${side}.html`
            await writeFile(
              join(scratch, name),
              `<!doctype html><html><head><meta charset="utf-8"></head><body class="card"><div id="qa">${html}</div></body></html>`,
            )
            const where = `Anki's ${side} of card ${index} (ord ${card.ord})`
            expectNothingRan(await load(`${origin}/${name}`), where)
            expect(await dangerousElements(page), `elements in ${where}`).toEqual([])
          }
        }
        await page.close()
        // Anki expanded the clozes that survived (the one in an attribute name is gone).
        const joined = cards.map((card) => card.question).join('\n')
        expect(joined).toContain('<span class=cloze>[...]</span>')
      },
      // About 45 documents, each loaded and watched for late events.
      180_000,
    )

    it('(b) no card runs or fetches anything in the preview page, whose CSP blocks the rest', async () => {
      // A remote image is not in the card at all (remote-image); the page's policy would block it.
      await writeFile(
        join(vault, 'notes', 'remote.md'),
        'START\nBasic\nRemote ![r](https://evil.example/remote-image.png)\nBack: b\nEND\n',
      )
      const result = runDecklab(['preview', 'notes', '-o', 'site'], { cwd: vault })
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toContain('remote-image')
      const index = join(vault, 'site', 'index.html')
      const html = await readFile(index, 'utf8')
      expect(html).toContain('http-equiv="Content-Security-Policy"')
      expect(html).not.toContain('src="https://evil.example/remote-image.png"')
      const { page, load } = await probe()
      const evidence = await load(pathToFileURL(index).href)
      expectNothingRan(evidence, 'the preview page')
      expect(evidence.blocked).toEqual([])
      // The policy still stops an image the page would load.
      await page.evaluate(() => {
        const image = document.createElement('img')
        image.src = 'https://evil.example/csp-probe.png'
        document.body.append(image)
      })
      await expect.poll(() => evidence.blocked).toContain('https://evil.example/csp-probe.png')
      expect(evidence.requests).toEqual([])
      // Every payload's card is on the page, and the page's own script ran (it counts cards).
      expect(await page.locator('.dp-card').count()).toBeGreaterThanOrEqual(payloads.length)
      await expect.poll(() => page.locator('#dp-count').textContent()).toMatch(/\d+ cards/)
      await page.close()
    })
  },
)
