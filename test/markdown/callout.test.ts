// Obsidian callouts (`> [!type] Title`): a titled box on the card and a bold
// title in the quiz, where a plain quote showed `[!type]` as text.
import { describe, expect, it } from 'vitest'
import { renderNote } from '../../src/render/render-note.js'
import { plainText, renderTerminal } from '../../src/terminal/markdown.js'
import { makeNote } from '../render/temp-vault.js'

const card = (markdown: string) =>
  Object.values(renderNote(makeNote({ Front: markdown, Back: 'b' })).fields)[0]

describe('Obsidian callouts', () => {
  it('are quotes of class callout with a title paragraph, the title read as Markdown', () => {
    expect(card('> [!warning] Stale **sockets**\n> connect() fails')).toBe(
      '<blockquote class="callout callout-warning">\n<p class="callout-title">Stale <strong>sockets</strong></p>\n<p>connect() fails</p>\n</blockquote>',
    )
  })

  it("take the type's name as title when none is given, and show a folded callout whole", () => {
    expect(card('> [!TIP]\n> body')).toBe(
      '<blockquote class="callout callout-tip">\n<p class="callout-title">Tip</p>\n<p>body</p>\n</blockquote>',
    )
    expect(card('Q\n\n> [!faq]- Why?\n> because\n>\n> more')).toBe(
      '<p>Q</p>\n<blockquote class="callout callout-faq">\n<p class="callout-title">Why?</p>\n<p>because</p>\n<p>more</p>\n</blockquote>',
    )
  })

  // `---` or `===` under the title line made it a setext heading (`<h2>[!note] Title</h2>`) in a plain
  // quote: Obsidian takes a callout's first line as its title whatever follows it.
  it('take their first line as the title when a setext underline follows it', () => {
    expect(card('> [!note] Title\n> ---\n> body')).toBe(
      '<blockquote class="callout callout-note">\n<p class="callout-title">Title</p>\n<hr>\n<p>body</p>\n</blockquote>',
    )
    expect(card('> [!tip]\n> ===')).toBe(
      '<blockquote class="callout callout-tip">\n<p class="callout-title">Tip</p>\n<p>===</p>\n</blockquote>',
    )
    expect(card('> [!info] Title\n> Section\n> ---')).toBe(
      '<blockquote class="callout callout-info">\n<p class="callout-title">Title</p>\n<h2>Section</h2>\n</blockquote>',
    )
    expect(renderTerminal('> [!note] Title\n> ---\n> body', { color: false })).toBe(
      '│ Title\n│ ──────\n│ body',
    )
  })

  it('leave other quotes, and [!type] elsewhere, as they were', () => {
    expect(card('> plain quote')).toBe('<blockquote>\n<p>plain quote</p>\n</blockquote>')
    expect(card('> see [!note] later')).toBe(
      '<blockquote>\n<p>see [!note] later</p>\n</blockquote>',
    )
    expect(card('> [!not a type] x')).toBe('<blockquote>\n<p>[!not a type] x</p>\n</blockquote>')
  })

  it('show their title in bold in the quiz, and in a typed answer as Anki reads the card', () => {
    expect(renderTerminal('> [!tip]\n> body', { color: true })).toBe(
      '\x1b[2m│\x1b[22m \x1b[1mTip\x1b[22m\n\x1b[2m│\x1b[22m body',
    )
    expect(renderTerminal('> [!warning] Stale\n> body', { color: false })).toBe('│ Stale\n│ body')
    expect(plainText('> [!tip] T\n> ECONNREFUSED')).toBe('T ECONNREFUSED')
  })
})
