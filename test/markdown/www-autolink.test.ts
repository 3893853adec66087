// GFM's `www.` autolinks: what linkify finds, and in time proportional to the text.
import { createRequire } from 'node:module'
import fc from 'fast-check'
import type MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { wwwAutolinkPlugin } from '../../src/markdown/www-autolink.js'
import { bestCpuMs } from '../support/cpu-cost.js'

const MarkdownItBuild = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt

function parser(install: (markdown: MarkdownIt) => void): MarkdownIt {
  const markdown = new MarkdownItBuild('default', { linkify: true })
  markdown.linkify.set({ fuzzyLink: false })
  install(markdown)
  return markdown
}

/** The plugin as it was, reading each `www.` to its link's end: the reference. */
function plainPlugin(markdown: MarkdownIt): void {
  markdown.linkify.add('www.', {
    validate: (text: string, position: number) => {
      const match = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:[/?#][^\s<>]*)?/i.exec(
        text.slice(position),
      )
      return match === null ? 0 : match[0].replace(/[.,;:!?)\]}*_~'"]+$/, '').length
    },
    normalize: (match) => {
      match.url = `http://${match.url}`
    },
  })
}

describe('www. autolinks', () => {
  it('link what the plain reading links', () => {
    const ours = parser(wwwAutolinkPlugin)
    const reference = parser(plainPlugin)
    const pieces = ['www.', 'WWW.', 'a', '.', '/', '-', '_', '@', ' ', 'x', ',', ')', '?']
    const text = fc
      .array(fc.constantFrom(...pieces), { maxLength: 30 })
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(text, (source) => {
        expect(ours.render(source)).toBe(reference.render(source))
      }),
      { numRuns: 3000 },
    )
    for (const source of [
      'www.a.www.b',
      'www.a/b.).',
      'see www.a.b.',
      'a@www.b/www.c',
      'www.a/www.b.www.c.',
      'www.www.-a.www.b',
    ])
      expect(ours.render(source), source).toBe(reference.render(source))
  })

  it('cost time proportional to a run of `www.`', () => {
    // linkify-it validates every `www.` of a text, each read to the end: 25,000 took seconds.
    const markdown = parser(wwwAutolinkPlugin)
    // So was the trailing punctuation cut from each mark of a long run in a path.
    for (const text of [
      (count: number) => `Q ${'www.'.repeat(count)}`,
      (count: number) => `Q www.a/${'.'.repeat(count)}a`,
    ]) {
      // 8× the input: linear about 8× the time, quadratic 64×.
      const small = bestCpuMs(() => markdown.render(text(5_000)))
      const large = bestCpuMs(() => markdown.render(text(40_000)))
      expect(large / Math.max(small, 1)).toBeLessThan(30)
    }
  })
})
