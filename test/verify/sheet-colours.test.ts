import { describe, expect, it } from 'vitest'
import { baseCss } from '../../src/anki/stylesheet.js'
import { renderCss } from '../../src/render/css.js'
import { sheetColours, tokenInks, tokenPapers } from '../../src/verify/hidden-text.js'

/** The day-mode part of a sheet: what comes before its night-mode rules. */
function dayPart(css: string): string {
  return css.slice(0, css.search(/\.nightMode|\.night_mode/))
}

describe("verify's copies of the card stylesheet's day-mode colours", () => {
  it('are the colours the stylesheet gives the card, links, quotes and deletions', () => {
    const card = dayPart(baseCss)
    expect(card).toContain(`--decklab-text: ${sheetColours.text};`)
    expect(card).toContain(`--decklab-background: ${sheetColours.background};`)
    expect(card).toContain(`--decklab-link: ${sheetColours.link};`)
    expect(card).toContain(`--decklab-cloze: ${sheetColours.cloze};`)
    expect(card).toContain(`--decklab-muted: ${sheetColours.muted};`)
    expect(baseCss).toMatch(/\.card a \{ color: var\(--decklab-link\); \}/)
    expect(baseCss).toMatch(/\.card blockquote \{[^}]*color: var\(--decklab-muted\)/)
    expect(baseCss).toMatch(/\.card \.cloze \{[^}]*color: var\(--decklab-cloze\)/)
  })

  it('are the colours the renderer gives <mark> and highlighted code', () => {
    const render = dayPart(renderCss)
    expect(render).toMatch(
      new RegExp(`\\bmark \\{ background: ${sheetColours.markBackground}; color: inherit;`),
    )
    expect(render).toMatch(
      new RegExp(
        `code\\.hljs \\{[^}]*color: ${sheetColours.codeText}; background: ${sheetColours.codeBackground};`,
      ),
    )
  })

  it("are the colours the renderer gives highlight.js's token classes, in its order", () => {
    // Each rule of the day-mode sheet that names a token class, in order: [selector, property, colour].
    const rules = [...dayPart(renderCss).matchAll(/([^{}]+)\{([^{}]*)\}/g)].flatMap(
      ([, selectors = '', body = '']) =>
        [...body.matchAll(/(?:^|;)\s*(color|background): (#[0-9a-f]+)/g)].flatMap(
          ([, property = '', colour = '']) =>
            selectors
              .split(',')
              .map((selector) => selector.trim())
              .filter((selector) => /^\.hljs-[\w.-]+$/.test(selector))
              .map((selector) => [selector.slice(1), property, colour]),
        ),
    )
    const sheet = (property: string) =>
      rules.filter((rule) => rule[1] === property).map(([selector, , colour]) => [selector, colour])
    expect(tokenInks).toEqual(sheet('color'))
    expect(tokenPapers).toEqual(sheet('background'))
  })
})
