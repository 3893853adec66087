// The quiz grades a typed answer against its own terminal renderer's text of
// the Markdown field (it cannot wait for markdown-it before the first card),
// while Anki compares with the text of the field's HTML in the package. For
// each tricky field, the two must be the same text.
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5'
import { describe, expect, it } from 'vitest'
import type { Note } from '../../src/model/note.js'
import { cardFace } from '../../src/quiz/card-face.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeNote } from '../render/temp-vault.js'

/** Back fields of a typed card, each checked against the package's HTML. */
const backFields: readonly string[] = [
  // Backslash escapes, before and inside emphasis and code.
  '\\_\\_init\\_\\_',
  '\\*not italic\\*',
  '\\`x\\`',
  '*a \\* b*',
  '\\\\',
  '\\&amp; and \\<b>x',
  'a\\_b\\_c and `a\\_b`',
  '`` a`b `` and `\\`',
  '*`code`* and **`x`**',
  // Code spans holding emphasis markers.
  '`a*b*c` and `__x__`',
  '`*` or `_`',
  '= `<b> `&amp; and `  two  ` and ` `',
  // `<` and `>` as text, and real tags.
  'a < b > c',
  'a <3 b',
  '<notatag',
  '0<n && n>9',
  'x<y || y>z',
  'if (a<b && c>d)',
  '<b title="a>b" data-x=1>bold</b> <i a:b_c.d-e>i</i>',
  '<b>x</b> y',
  'a<b>c</b>',
  'H<sub>2</sub>O',
  // Entities.
  '&copy; &amp; &lt;x&gt;',
  'it&#39;s &#42;x&#42;',
  '&nosuchentity; &copy',
  // Emphasis, nested and not.
  '***both***',
  '**bold *it* bold**',
  '*a **b** c*',
  '__dunder__',
  'snake_case_name',
  '_a_ b',
  '**a**b and a**b**',
  '1 * 2 * 3',
  'x*y*z and 2*3 and 4*5',
  'foo__bar__ and naïve_ünï_x',
  '*a_b* and _a*b_',
  '__init__.py and __a *b* c__',
  '***x** y* and *x **y***',
  // Links, marks, lists.
  '[link](https://x.org) and [[Wiki|alias]]',
  '==mark==',
  '~~gone~~ and ~~a~~b',
  'a ~~ b ~~ c and ~a~',
  '- a\n- b',
  'x <!-- c --> y',
  // Pipe tables: cells in order; `\|` is a pipe in a cell.
  '| a | b |\n|---|---|\n| 1 | 2 |',
  'a | b\n--- | :-:\n1 | 2\n3\n\nafter',
  '| **bold** | x*y*z |\n| --- | --- |\n| `x\\|y` | p\\|q |\n| 1 |\n| 1 | 2 | 3 |',
  '| not | a table |\n|---|\n| 1 | 2 |',
]

/** Cloze fields: each deletion's answer is checked against the package's. */
const clozeFields: readonly string[] = [
  'A {{c1::\\_\\_init\\_\\_}} is {{c2::`a*b`::hint}}',
  '{{c1::\\*args}} and {{c1::**kwargs**}}',
  '{{c1::x*y*z}} and {{c2::foo__bar__}}',
  '{{c1::&lt;stdio.h&gt;}} or {{c2::a < b}}',
  '{{c1::0<n && n>9}} when {{c2::if (a<b && c>d)}}',
  '{{c1::~~gone~~}} and {{c2::`~~kept~~`}}',
  // Anki's cloze filter reads the card's HTML: never inside code, and across styles.
  '`{{c1::x}}` and {{c1::y}}',
  '**{{c1::a** b}} and {{c2::*c}} d*',
]

/** The text Anki compares a typed answer with: tags and comments gone, entities decoded. */
function htmlText(html: string): string {
  const parts: string[] = []
  const visit = (node: DefaultTreeAdapterMap['childNode']): void => {
    if (node.nodeName === '#text' && 'value' in node) parts.push(node.value)
    // Anki reads a line break, and a block's edge, as a space.
    if (/^(br|p|div|li|tr|td|th|h[1-6]|blockquote|pre)$/.test(node.nodeName)) parts.push(' ')
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
    if (/^(p|div|li|tr|td|th|h[1-6]|blockquote|pre)$/.test(node.nodeName)) parts.push(' ')
  }
  for (const node of parseFragment(html).childNodes) visit(node)
  return tidy(parts.join(''))
}

const tidy = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The package's cloze answers for deletion `number` in a rendered Text field. */
function packageClozeAnswers(html: string, number: number): string[] {
  const answers: string[] = []
  for (const match of html.matchAll(/\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g)) {
    if (Number(match[1]) === number) answers.push(htmlText(match[2] ?? ''))
  }
  return answers
}

const typedNote = (back: string): Note =>
  makeNote({ Front: 'Question?', Back: back }, { noteType: 'Basic (type in the answer)' })

describe('a typed answer is graded against the text the package holds', () => {
  it.each(backFields)('Back %j', (back) => {
    const note = typedNote(back)
    const packaged = htmlText(renderNote(note).fields.Back ?? '')
    expect(tidy(cardFace(note, 0, false).expected ?? '')).toBe(packaged)
  })

  it.each(clozeFields)('cloze %j', (text) => {
    const note = makeNote({ Text: text, 'Back Extra': '' }, { noteType: 'Cloze' })
    const html = renderNote(note).fields.Text ?? ''
    for (const number of [1, 2]) {
      const packaged = packageClozeAnswers(html, number)
      if (packaged.length === 0) continue
      expect(tidy(cardFace(note, number - 1, false).expected ?? '')).toBe(packaged.join(', '))
    }
  })
})
