import { describe, expect, it } from 'vitest'
import { notetypeFor } from '../../src/anki/notetypes.js'
import type { NoteTypeName } from '../../src/model/note-type-name.js'
import {
  isFieldEmpty,
  renderCardSides,
  renderTemplate,
  typeAnswerInput,
} from '../../src/preview/card-template.js'

/** Both sides of card `ord` of a decklab notetype, from field HTML. */
function sides(noteType: NoteTypeName, fields: Record<string, string>, ord = 0) {
  const notetype = notetypeFor(noteType)
  const template = notetype.type === 1 ? notetype.templates[0] : notetype.templates[ord]
  if (!template) throw new Error(`no template ${ord} for ${noteType}`)
  return renderCardSides(template, { fields, ord })
}

describe('cloze filter', () => {
  const text = 'A {{c1::stream}} socket; a {{c2::datagram::kind}} socket; {{c1::again}}.'

  it('hides the asked cloze on the front and shows the others as text', () => {
    const { question } = sides('Cloze', { Text: text, 'Back Extra': '' }, 0)
    expect(question).toBe(
      'A <span class="cloze">[...]</span> socket; a datagram socket; <span class="cloze">[...]</span>.',
    )
  })

  it('shows a hint in the gap', () => {
    const { question } = sides('Cloze', { Text: text, 'Back Extra': '' }, 1)
    expect(question).toBe('A stream socket; a <span class="cloze">[kind]</span> socket; again.')
  })

  it('reveals the asked cloze on the back, then Back Extra', () => {
    const { answer } = sides('Cloze', { Text: text, 'Back Extra': '<em>extra</em>' }, 1)
    expect(answer).toBe(
      'A stream socket; a <span class="cloze">datagram</span> socket; again.<br>\n<em>extra</em>',
    )
  })

  it('keeps Back Extra off the front', () => {
    const { question } = sides('Cloze', { Text: text, 'Back Extra': 'EXTRA' }, 0)
    expect(question).not.toContain('EXTRA')
  })
})

describe('standard templates', () => {
  it('Basic: the front, then FrontSide, the answer rule and the back', () => {
    const { question, answer } = sides('Basic', { Front: '<b>Q</b>', Back: 'A' })
    expect(question).toBe('<b>Q</b>')
    expect(answer).toBe('<b>Q</b>\n\n<hr id=answer>\n\nA')
  })

  it('reversed: card 2 asks the back and answers with the front', () => {
    const fields = { Front: 'term', Back: 'meaning' }
    const card2 = sides('Basic (and reversed card)', fields, 1)
    expect(card2.question).toBe('meaning')
    expect(card2.answer).toBe('meaning\n\n<hr id=answer>\n\nterm')
  })

  it('optional reversed: card 2 exists only through its conditional', () => {
    const withReverse = sides(
      'Basic (optional reversed card)',
      { Front: 'F', Back: 'B', 'Add Reverse': 'y' },
      1,
    )
    expect(withReverse.question).toBe('B')
    const without = sides(
      'Basic (optional reversed card)',
      { Front: 'F', Back: 'B', 'Add Reverse': '' },
      1,
    )
    expect(without.question).toBe('')
  })

  it('type in the answer: an input on the front, the plain answer on the back', () => {
    const { question, answer } = sides('Basic (type in the answer)', {
      Front: 'Which errno?',
      Back: '<code>ECONNREFUSED</code> &amp; a &lt;b&gt;',
    })
    expect(question).toBe(`Which errno?\n\n${typeAnswerInput}`)
    expect(answer).toBe(
      'Which errno?\n\n<hr id=answer>\n\n<code id="typeans">ECONNREFUSED &amp; a &lt;b&gt;</code>',
    )
  })

  it('compares against one line of text, as Anki does', () => {
    const { answer } = sides('Basic (type in the answer)', {
      Front: 'Q',
      Back: 'EBADF\n<div>more</div><br>[sound:a.mp3] <i>end</i>',
    })
    expect(answer.endsWith('<code id="typeans">EBADF  more  end</code>')).toBe(true)
  })

  it('leaves the type-in box out of {{FrontSide}}', () => {
    const { answer } = renderCardSides(
      { qfmt: '{{Front}} {{type:Back}}', afmt: '{{FrontSide}}|{{type:Back}}' },
      { fields: { Front: 'Q', Back: 'A' }, ord: 0 },
    )
    expect(answer).toBe('Q |<code id="typeans">A</code>')
  })
})

describe('template syntax', () => {
  const render = (template: string, fields: Record<string, string>) =>
    renderTemplate(template, { fields, side: 'question', ord: 0 })

  it('shows {{#Field}} sections for non-empty fields and {{^Field}} for empty ones', () => {
    const template = '{{#A}}[a:{{A}}]{{/A}}{{^A}}[no a]{{/A}}{{#B}}[b]{{/B}}'
    expect(render(template, { A: 'x', B: '' })).toBe('[a:x]')
    expect(render(template, { A: '', B: 'y' })).toBe('[no a][b]')
  })

  it('counts whitespace, <br> and <div> as empty, as Anki does', () => {
    expect(isFieldEmpty(' <br> <div></div><br/>\n')).toBe(true)
    // Anki's rule (rslib `field_is_empty`) does not count a non-breaking space as empty.
    expect(isFieldEmpty('&nbsp;')).toBe(false)
    expect(isFieldEmpty('<img src="a.png">')).toBe(false)
    expect(render('{{#A}}shown{{/A}}', { A: '<br/>' })).toBe('')
  })

  it('nests sections and ignores comments', () => {
    expect(render('{{#A}}{{#B}}both{{/B}}{{/A}}{{!note}}', { A: '1', B: '2' })).toBe('both')
    expect(render('{{#A}}{{#B}}both{{/B}}{{/A}}', { A: '1', B: '' })).toBe('')
  })

  it('applies filters right to left and leaves unknown fields empty', () => {
    expect(render('{{text:Front}}', { Front: '<b>x</b> &amp; y' })).toBe('x &amp; y')
    expect(render('[{{Missing}}]', {})).toBe('[]')
  })

  it('fills the special fields', () => {
    const html = renderTemplate('{{Deck}}|{{Subdeck}}|{{Tags}}|{{Card}}|{{Type}}', {
      fields: {},
      side: 'question',
      ord: 0,
      deck: 'A::B',
      tags: ['x', 'y<'],
      cardName: 'Card 1',
      notetypeName: 'Basic (decklab)',
    })
    expect(html).toBe('A::B|B|x y&lt;|Card 1|Basic (decklab)')
  })
})
