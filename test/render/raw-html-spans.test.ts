import { describe, expect, it } from 'vitest'
import { createMarkdown } from '../../src/render/markdown.js'
import { inRawHtml, takeRawHtml } from '../../src/render/raw-html-spans.js'
import type { RenderEnvironment } from '../../src/render/render-environment.js'

const markdown = createMarkdown()

/** The field's rendered HTML without marks, and the raw HTML the marks enclosed. */
function render(text: string): { html: string; raw: string[] } {
  const environment: RenderEnvironment = {
    origin: { absolutePath: '/vault/card.md', vaultRoot: '/vault' },
    obsidianVault: undefined,
    shortBlockIds: [],
    cloze: false,
    uses: [],
    media: new Map(),
    problems: [],
  }
  const marked = markdown.render(text, environment)
  const { html, rawHtml } = takeRawHtml(marked)
  expect(html).toBe(marked.replaceAll('\0', ''))
  return { html, raw: rawHtml.map(([start, end]) => html.slice(start, end)) }
}

describe('raw HTML spans', () => {
  it('cover the raw HTML of blocks and inline tags, and nothing Markdown wrote', () => {
    const { html, raw } = render(
      'a <b title="x">*b*</b> ![](i.png)\n\n   <div>\n<!-- c -->\n</div>\n\n<!-- d -->',
    )
    expect(raw).toEqual(['<b title="x">', '</b>', '<div>\n<!-- c -->\n</div>', '<!-- d -->'])
    expect(html).toContain('<em>b</em></b> <img src="i.png" alt=""></p>\n   <div>')
  })

  it('leave white space around raw HTML outside, so trimming the field is unchanged', () => {
    const { html, raw } = render('  <span>x</span>  \n')
    expect(html.trim()).toBe('<p><span>x</span></p>')
    expect(raw).toEqual(['<span>', '</span>'])
  })

  it('are empty for a field without raw HTML', () => {
    expect(takeRawHtml('<p>a &lt;b&gt;</p>')).toEqual({ html: '<p>a &lt;b&gt;</p>', rawHtml: [] })
  })

  it('answer whether an offset is inside', () => {
    const spans = [
      [2, 4],
      [6, 7],
    ] as const
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((offset) => inRawHtml(spans, offset))).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
      true,
      false,
    ])
    expect(inRawHtml([], 0)).toBe(false)
  })
})
