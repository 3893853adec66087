import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Note } from '../../src/model/note.js'
import { fieldMayNeedHtmlCheck, noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { noteMayHaveRenderProblem } from '../../src/render/load-renderer.js'
import { createNoteRenderer } from '../../src/render/note-renderer.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeNote, makeTempVault, writeFile } from './temp-vault.js'

/** The renderer without the HTML check: it throws on a field that needs the check. */
const renderWithoutCheck = createNoteRenderer(undefined)

/**
 * What the scan promises for a note it passes: rendering without the HTML
 * check gives exactly the full renderer's result, and that has no media and
 * no problem.
 */
function expectPassedNoteIsPlain(note: Note): void {
  const full = renderNote(note)
  expect(renderWithoutCheck(note)).toEqual(full)
  expect(full.media).toEqual([])
  expect(full.diagnostics).toEqual([])
}

/** True when rendering `note` needs the HTML check (the renderer without it throws). */
function needsCheck(note: Note): boolean {
  try {
    renderWithoutCheck(note)
    return false
  } catch {
    return true
  }
}

describe('html check scan', () => {
  // Each case shows one rule of the scan is needed: the field reaches the HTML check
  // (or reports a problem) without any of the scan's other reasons.
  it.each([
    ['raw HTML', '<b>bold</b>', 'Basic'],
    ['an autolink', '<https://example.com/{{c1::x}}>', 'Basic'],
    [
      'image alt text joined from its parts',
      '![{*{*c1:*:*x}}](data:image/png;base64,AA==)',
      'Basic',
    ],
    ['a marker in a link title', '[a](https://example.com "{{c1::x}}")', 'Basic'],
    ['a marker in a link URL', '[a](x::y)', 'Basic'],
    ['a marker in a link definition', '[a]\n\n[a]: https://example.com "{{c1::x}}"', 'Basic'],
    [
      'a marker made of entities',
      '[a](https://example.com "&#123;&#123;c1&#58;&#58;x}}")',
      'Basic',
    ],
    ['a marker made of escapes', '[a](https://example.com "\\{\\{c1\\:\\:x\\}\\}")', 'Basic'],
    ['a marker in a fence language', '```{{c1::py}}\nx\n```', 'Cloze'],
    ['an upper-case sound marker in a fence language', '~~~[SOUND:x]\nx\n~~~', 'Basic'],
    ['a marker in a linkified URL', 'see https://example.com/a::b', 'Basic'],
    ['a marker in a www. link', 'see www.example.com/a::b', 'Basic'],
    ['a marker in a protocol-relative link', '[a](//example.com/a::b)', 'Basic'],
    ['an e-mail address linkified with `mailto:`', 'mail :user@example.com', 'Basic'],
  ])('passes no field with %s', (_, text, noteType) => {
    const fields =
      noteType === 'Cloze' ? { Text: text, 'Back Extra': '' } : { Front: text, Back: '' }
    const note = makeNote(fields, { noteType })
    expect(fieldMayNeedHtmlCheck(text)).toBe(true)
    expect(needsCheck(note)).toBe(true)
  })

  it('passes no field with an image or embed (media and problems)', () => {
    // The last is an image once its Obsidian comment is left out.
    for (const text of ['![[missing.png]]', '![[note]]', '![a](missing.png)', '!%%x%%[a](m.png)']) {
      expect(fieldMayNeedHtmlCheck(text)).toBe(true)
      expect(renderNote(makeNote({ Front: text, Back: '' })).diagnostics).not.toEqual([])
    }
  })

  it('judges a note by all its fields: link definitions are shared between them', () => {
    const note = makeNote({ Front: 'What is a?\n\n[a]: x::y', Back: '[a]' })
    expect(fieldMayNeedHtmlCheck('[a]')).toBe(false)
    expect(noteMayNeedHtmlCheck(note)).toBe(true)
    // The second field links with the first one's definition; its `x::y` URL reaches the check.
    const rendered = renderNote(note)
    expect(rendered.fields.Back).toBe('<a>a</a>')
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
      'unsafe-html-removed',
    ])
    expect(needsCheck(note)).toBe(true)
  })

  it('passes clozes, code and Markdown that cannot put a marker in a tag', () => {
    const fields = {
      Text: 'The {{c1::`std::io`}} crate and {{c2::$x^{2}$::power}}: **bold**, [[note|alias]].',
      'Back Extra': '- a\n- [x] b\n\n```python\nprint(1)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    }
    const note = makeNote(fields, { noteType: 'Cloze' })
    expect(noteMayNeedHtmlCheck(note)).toBe(false)
    expectPassedNoteIsPlain(note)
  })

  // Pieces the renderer's rules react to; joined at random into fields of Basic and Cloze notes.
  const pieces = fc.constantFrom(
    'a',
    'b c',
    ' ',
    '\n',
    '\n\n',
    '{{c1::',
    '{{c2::',
    '}}',
    '::',
    ':',
    '{',
    '}',
    '[sound:',
    '[SOUND:',
    'sound',
    '[',
    ']',
    '(',
    ')',
    ']:',
    '](',
    '"',
    "'",
    '*',
    '_',
    '`',
    '```',
    '~~~',
    '!',
    '[[',
    ']]',
    '|',
    'x.png',
    'https://',
    'http:',
    'www.',
    'example.com',
    '//',
    '/',
    '#',
    '$',
    '==',
    '- ',
    '> ',
    '1. ',
    '---',
    '    ',
    '\t',
    '[ ] ',
    'mailto',
    '%7B',
    '&#123;',
    '&#58;',
    '\\{',
    '\\:',
    '@',
    '!',
    '![',
    'missing.png',
    // Whole constructs, so that links, definitions and fences holding markers are common.
    '[a]',
    '[a]: ',
    '](',
    '](x ',
    ' "',
    'https://example.com/',
    'www.example.com/',
    '```py',
    '~~~',
    // An Obsidian comment's removal joins what is around it.
    '%%',
    '%',
  )
  const text = fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(''))
  // The constructs that carry text into a tag, around random text.
  const construct = fc
    .tuple(
      fc.constantFrom(
        (inside: string) => `[a](${inside} "${inside}")`,
        (inside: string) => `[a]: ${inside} '${inside}'\n\n[a]`,
        (inside: string) => `![${inside}](x.png)`,
        (inside: string) => `![[${inside}]]`,
        (inside: string) => `\`\`\`${inside}\nx\n\`\`\``,
        (inside: string) => `https://example.com/${inside}`,
        (inside: string) => `www.example.com/${inside}`,
        (inside: string) => `${inside}@example.com`,
        (inside: string) => `<${inside}>`,
      ),
      text,
    )
    .map(([wrap, inside]) => wrap(inside))
  const field = fc.array(fc.oneof(text, construct), { maxLength: 6 }).map((parts) => parts.join(''))
  const note = fc.record({
    cloze: fc.boolean(),
    first: field,
    second: field,
  })

  it('keeps its promise for random fields the scan passes', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'x.png'))
    let passed = 0
    let reachedCheck = 0
    fc.assert(
      fc.property(note, ({ cloze, first, second }) => {
        const made = cloze
          ? makeNote({ Text: first, 'Back Extra': second }, { noteType: 'Cloze', vaultRoot: vault })
          : makeNote({ Front: first, Back: second }, { vaultRoot: vault })
        // What `check` renders (`loadProblemRenderer`): a note the scan flags, a Cloze whose
        // deletions may all be in code or math, or one Anki 2.1.15 may import with an empty
        // card (their warnings come from rendering).
        if (noteMayHaveRenderProblem(made)) {
          if (needsCheck(made)) reachedCheck += 1
          return
        }
        passed += 1
        expectPassedNoteIsPlain(made)
      }),
      { numRuns: 5000 },
    )
    // The pieces reach both sides: notes the scan passes, and notes that need the check.
    expect(passed).toBeGreaterThan(100)
    expect(reachedCheck).toBeGreaterThan(30)
  })
})
