import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createMarkdown } from '../../src/render/markdown.js'
import { plainFieldHtml } from '../../src/render/plain-text.js'
import { renderNote } from '../../src/render/render-note.js'
import { clozeAnswers, plainText, renderTerminal } from '../../src/terminal/markdown.js'
import { makeNote } from './temp-vault.js'

// The fast path can be turned off, so each renderer's own slow path (markdown-it) is the reference.
const fastPath = vi.hoisted(() => ({ on: true }))
vi.mock('../../src/markdown/plain-field.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/markdown/plain-field.js')>()
  return { isPlainField: (text: string) => fastPath.on && original.isPlainField(text) }
})

const markdown = createMarkdown()

/** What markdown-it makes of `text`, the single paragraph unwrapped as the renderer does. */
function markdownItHtml(text: string): string {
  const environment = { media: new Map(), problems: [] }
  const tokens = markdown.parse(text, environment)
  const html = markdown.renderer.render(tokens, markdown.options, environment).trim()
  const single = tokens.length === 3 && tokens[0]?.type === 'paragraph_open'
  expect(environment.problems).toEqual([])
  return single && html.startsWith('<p>') && html.endsWith('</p>') ? html.slice(3, -4) : html
}

/** What both renderers make of `text` as a Basic note's Front and a Cloze note's Text. */
function bothRenderers(text: string): unknown {
  const basic = renderNote(makeNote({ Front: text, Back: 'b' }))
  const cloze = renderNote(makeNote({ Text: text, 'Back Extra': '' }, { noteType: 'Cloze' }))
  return {
    anki: [basic.fields, basic.diagnostics, basic.media, cloze.fields, cloze.diagnostics],
    terminal: [
      renderTerminal(text, { color: true }),
      renderTerminal(text, { color: false, markers: true }),
      renderTerminal(text, { color: false, width: 12, indent: 2 }),
      renderTerminal([text, 'FROZEN'], { color: false }),
      renderTerminal(text, { color: true, cloze: { number: 1, reveal: false } }),
      renderTerminal(text, { color: false, cloze: { number: 2, reveal: true } }),
      plainText(text),
      clozeAnswers(text, 1),
    ],
  }
}

/**
 * A plain field: the Anki renderer's fast path gives markdown-it's HTML, and
 * both renderers give, with the fast path, what they give without it.
 */
function checkPlain(text: string): boolean {
  const plain = plainFieldHtml(text)
  if (plain === undefined) return false
  expect(plain).toBe(markdownItHtml(text))
  const fast = bothRenderers(text)
  fastPath.on = false
  try {
    expect(bothRenderers(text), JSON.stringify(text)).toEqual(fast)
  } finally {
    fastPath.on = true
  }
  return true
}

// The plain characters, and words of systems-programming decks and links made of them.
const plainPart = fc.constantFrom(
  ...['a', 'Z', 'q', '7', ' ', ',', '.', '?', "'", '(', ')', ';', '-', ':', '{', '}'],
  ...['_', '/', '=', '%', '+', '!'],
  ...['{{c1::', '}}', '::', 'SOCK_STREAM', '/tmp/app.sock', 'O_NONBLOCK', 'x = 1', '100%'],
  // Links made of plain characters.
  ...['//x.org', 'x.org', '://', 'http', 'www', 'mailto'],
)
// Every other ASCII character, and the constructs they (and the plain ones) make.
const otherPart = fc.constantFrom(
  ...'"#$&*<>@[\\]^`|~\t\n'.split(''),
  ...[
    '*x*',
    '_x_',
    '__',
    '**x**',
    '`x`',
    '~~x~~',
    '==x==',
    '==',
    '$x$',
    '$$',
    '[[x]]',
    '![[x.png]]',
  ],
  ...['[x](y)', '![x](y)', '<b>', '</x>', '&amp;', 'http://x.org', 'a@b.org', '{{c1::x}}', '\\*'],
  ...['[sound:x]', '//x.org', '://', 'www.', 'WWW.x.org', 'https:x', 'ftp:y', 'mailto:a'],
  ...['  ', '1.', '1)', '+ ', '- [ ] ', 'é', '_*', '*_', '![x]'],
)
const fieldText = fc
  .array(fc.oneof({ weight: 5, arbitrary: plainPart }, { weight: 1, arbitrary: otherPart }), {
    minLength: 1,
    maxLength: 24,
  })
  .map((parts) => parts.join(''))

describe('plain fields', () => {
  it('render as markdown-it renders them', () => {
    let plainCount = 0
    fc.assert(
      fc.property(fieldText, (text) => {
        if (checkPlain(text)) plainCount += 1
      }),
      { numRuns: 3000 },
    )
    expect(plainCount).toBeGreaterThan(100)
  })

  it('render as markdown-it renders them, from plain characters only', () => {
    const plainText = fc
      .array(plainPart, { minLength: 1, maxLength: 24 })
      .map((parts) => `W${parts.join('')}`)
    let plainCount = 0
    fc.assert(
      fc.property(plainText, (text) => {
        if (checkPlain(text)) plainCount += 1
      }),
      { numRuns: 1500 },
    )
    // Many such fields are plain: the shortcut was taken, not skipped.
    expect(plainCount).toBeGreaterThan(500)
  })

  it('render as markdown-it renders them, with each character in every place of a short field', () => {
    const alphabet = ['a', '1', ' ', '_', '/', '=', '%', '+', '!', '[', '*', '.', '-', '(']
    let texts = ['']
    let plainCount = 0
    for (let length = 1; length <= 4; length++) {
      texts = texts.flatMap((text) => alphabet.map((char) => text + char))
      for (const text of texts) if (checkPlain(text)) plainCount += 1
    }
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

  it('hold identifiers, paths and `=%+!` of systems-programming decks', () => {
    const plain = [
      'SOCK_STREAM',
      'socket(AF_UNIX, SOCK_STREAM, 0) with O_NONBLOCK',
      'getsockopt(fd, SOL_SOCKET, SO_PEERCRED)',
      'a_b_c',
      'Bind to /tmp/app.sock, then connect()/accept()',
      'a/b',
      'x = 1 and y += 2, 100% and 1+1',
      'a!',
      'Done! a!b',
      'a (c) +- a--b a...',
      'The {{c1::SO_PASSCRED}} option',
    ]
    for (const text of plain) {
      expect(checkPlain(text), text).toBe(true)
    }
    const notPlain = [
      '_a',
      'a_',
      'a _b',
      'a_ b',
      'a__b',
      'a_*b',
      'a*_b',
      'a _x_ b',
      'www.x',
      'a www.x',
      'a http://',
      'a //x.org',
      'a//b',
      'a </x>',
      '1+1',
      '+ a',
      '![x]',
      'a ![x]',
      'a ==b==',
      'a==b',
      '(c)',
      '+-',
      '...',
      '/tmp/x',
    ]
    for (const text of notPlain) {
      expect(plainFieldHtml(text), text).toBeUndefined()
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
