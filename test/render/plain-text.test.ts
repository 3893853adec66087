import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createMarkdown } from '../../src/render/markdown.js'
import { plainFieldHtml } from '../../src/render/plain-text.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeNote } from './temp-vault.js'

const markdown = createMarkdown()

/** What markdown-it makes of `text`, the single paragraph unwrapped as the renderer does. */
function markdownItHtml(text: string): string {
  const environment = { media: new Map(), problems: [] }
  const tokens = markdown.parse(text, environment)
  const html = markdown.renderer.render(tokens, markdown.options, environment).trim()
  const single = tokens.length === 3 && tokens[0]?.type === 'paragraph_open'
  return single && html.startsWith('<p>') && html.endsWith('</p>') ? html.slice(3, -4) : html
}

// The plain characters; every other ASCII character, and the constructs they make.
const plainPart = fc.constantFrom(
  ...['a', 'Z', 'q', '7', ' ', ',', '.', '?', "'", '(', ')', ';', '-', ':', '{', '}'],
  ...['{{c1::', '}}', '::'],
)
const otherPart = fc.constantFrom(
  ...'!"#$%&*+/<=>@[\\]^_`|~\t\n'.split(''),
  ...['*x*', '_x_', '**x**', '`x`', '~~x~~', '==x==', '$x$', '$$', '[[x]]', '![[x.png]]'],
  ...['[x](y)', '<b>', '&amp;', 'http://x.org', 'a@b.org', '{{c1::x}}', '\\*', '[sound:x]'],
  'www.',
  'WWW.x.org',
  ...['http:', 'HTTPS:x', 'ftp:y', 'mailto:a', 'mailto:b.c'],
  '  ',
  '1.',
  '1)',
  'é',
)
const fieldText = fc
  .array(fc.oneof({ weight: 5, arbitrary: plainPart }, { weight: 1, arbitrary: otherPart }), {
    minLength: 1,
    maxLength: 24,
  })
  .map((parts) => parts.join(''))

describe('plain fields', () => {
  it('render as markdown-it renders them', () => {
    fc.assert(
      fc.property(fieldText, (text) => {
        const plain = plainFieldHtml(text)
        if (plain !== undefined) expect(plain).toBe(markdownItHtml(text))
      }),
      { numRuns: 5000 },
    )
  })

  it('render as markdown-it renders them, from plain characters only', () => {
    const plainText = fc
      .array(plainPart, { minLength: 1, maxLength: 24 })
      .map((parts) => `W${parts.join('')}`)
    let plainCount = 0
    fc.assert(
      fc.property(plainText, (text) => {
        const plain = plainFieldHtml(text)
        if (plain !== undefined) plainCount += 1
        if (plain !== undefined) expect(plain).toBe(markdownItHtml(text))
      }),
      { numRuns: 2000 },
    )
    // Most such fields end in a plain character: the shortcut was taken, not skipped.
    expect(plainCount).toBeGreaterThan(1000)
  })

  it('are one line of words starting with a letter', () => {
    expect(plainFieldHtml('What does bind(2) do to a socket path?')).toBe(
      'What does bind(2) do to a socket path?',
    )
    expect(plainFieldHtml('The {{c1::bind}} of a {{c2::socket::hint}}.')).toBe(
      'The {{c1::bind}} of a {{c2::socket::hint}}.',
    )
    const notPlain = [
      '- item',
      '1. item',
      'a\nb',
      'a  ',
      '# h',
      'see www.x.org',
      'see http:x',
      ' a',
    ]
    for (const text of notPlain) {
      expect(plainFieldHtml(text)).toBeUndefined()
    }
  })

  it('come out of the renderer unchanged', () => {
    const note = makeNote({ Front: "It's a socket, isn't it?", Back: 'Yes (a stream one).' })
    expect(renderNote(note).fields).toEqual({
      Front: "It's a socket, isn't it?",
      Back: 'Yes (a stream one).',
    })
  })
})
