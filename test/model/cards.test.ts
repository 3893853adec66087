// The cards a note makes: one per template whose question would not be
// empty, as Anki generates them (so its importer finds no empty card).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cardOrds, clozeNumbers, clozeOrdsEmptyInAnki2115 } from '../../src/model/cards.js'

const ords = (noteType: string, fields: Record<string, string>) => cardOrds({ noteType, fields })

describe('cardOrds', () => {
  it('makes a reversed card only when Back has text', () => {
    expect(ords('Basic (and reversed card)', { Front: 'f', Back: 'b' })).toEqual([0, 1])
    expect(ords('Basic (and reversed card)', { Front: 'f', Back: '' })).toEqual([0])
    expect(ords('Basic (and reversed card)', { Front: 'f', Back: ' \n\t' })).toEqual([0])
  })

  it('makes an optional reversed card only when Add Reverse and Back both have text', () => {
    const type = 'Basic (optional reversed card)'
    expect(ords(type, { Front: 'f', Back: 'b', 'Add Reverse': 'y' })).toEqual([0, 1])
    expect(ords(type, { Front: 'f', Back: 'b', 'Add Reverse': ' ' })).toEqual([0])
    expect(ords(type, { Front: 'f', Back: '', 'Add Reverse': 'y' })).toEqual([0])
  })

  // Anki 2.1.15 shows `{{#Add Reverse}}` (and a field) only when the field has text with its HTML
  // stripped (`stripHTMLMedia`): with markup alone the card imported with an empty front.
  it('makes a reversed card only when its question shows text in Anki 2.1.15 too', () => {
    const type = 'Basic (optional reversed card)'
    for (const empty of ['<span></span>', '<br>', '<p> </p>', '&nbsp;', '&#32;<b>&#xa0;</b>']) {
      expect(ords(type, { Front: 'f', Back: 'b', 'Add Reverse': empty })).toEqual([0])
      expect(ords('Basic (and reversed card)', { Front: 'f', Back: empty })).toEqual([0])
    }
    // An image counts by its file name, a sound tag and a character reference as text.
    for (const shown of ['<img src="a.png">', '[sound:a.mp3]', '&amp;', '<i>y</i>', '&#8203;']) {
      expect(ords(type, { Front: 'f', Back: 'b', 'Add Reverse': shown })).toEqual([0, 1])
      expect(ords('Basic (and reversed card)', { Front: 'f', Back: shown })).toEqual([0, 1])
    }
  })

  it('makes one card per cloze number, and the first when there is none', () => {
    expect(ords('Cloze', { Text: '{{c2::a}} {{c1::b}} {{c2::c}}' })).toEqual([0, 1])
    expect(ords('Cloze', { Text: 'no deletion' })).toEqual([0])
    expect(ords('Basic', { Front: 'f', Back: '' })).toEqual([0])
  })
})

describe('clozeNumbers', () => {
  /**
   * The rule written another way: take out a deletion with nothing of another
   * inside it (an opener, text without `{{cN::` or `}}`, a closer), note its
   * number, and again until none is left; openers left over are text.
   */
  const plainly = (text: string) => {
    const innermost = /\{\{c(\d+)::(?:(?!\{\{c\d+::|\}\})[\s\S])*\}\}/
    const numbers = new Set<number>()
    let rest = text
    for (let match = innermost.exec(rest); match; match = innermost.exec(rest)) {
      if (Number(match[1]) > 0) numbers.add(Number(match[1]))
      rest = `${rest.slice(0, match.index)}\0${rest.slice(match.index + match[0].length)}`
    }
    return [...numbers].sort((a, b) => a - b)
  }

  it('gives each deletion number once, ascending, from 1', () => {
    expect(clozeNumbers('{{c3::a}} {{c1::b}} {{c3::c}} {{c0::d}} {{c01::e}}')).toEqual([1, 3])
    expect(clozeNumbers('{{c12::a}}{{c2::b}}')).toEqual([2, 12])
    expect(clozeNumbers('{c1::a} {{c::b}} {{c1:c}}')).toEqual([])
  })

  it('counts only deletions that are closed, as Anki does (an open one is text: its card was empty in Anki)', () => {
    expect(clozeNumbers('Only {{c2:: open')).toEqual([])
    expect(clozeNumbers('What is {{c3:: this and {{c1::that}}')).toEqual([1])
    expect(clozeNumbers('{{c1::a {{c2::b}} c}}')).toEqual([1, 2])
    expect(clozeNumbers('}} {{c1::x}} }}')).toEqual([1])
    expect(clozeNumbers('{{c1::}}')).toEqual([1])
  })

  it('agrees with the rule written plainly, whatever the text', () => {
    const piece = fc.constantFrom(
      '{{c',
      '{',
      '}}',
      '::',
      ':',
      'c',
      '0',
      '1',
      '2',
      '9',
      '10',
      'x',
      ' ',
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('')
        expect(clozeNumbers(text)).toEqual(plainly(text))
        // The pattern keeps no state from one call to the next.
        expect(clozeNumbers(text)).toEqual(plainly(text))
      }),
      { numRuns: 5000 },
    )
  })
})

describe('clozeOrdsEmptyInAnki2115', () => {
  // Each measured: the package imported with Anki 2.1.15's importer, whose Empty Cards
  // (`emptyCids`) listed exactly these cards.
  it('gives the cards whose deletion Anki 2.1.15 reads into an earlier one', () => {
    // Nested: the outer deletion ends at the inner one's `}}`.
    expect(clozeOrdsEmptyInAnki2115('Nested {{c1::a {{c2::b}} c}}')).toEqual([1])
    expect(clozeOrdsEmptyInAnki2115('{{c2::a {{c1::b}} c}}')).toEqual([0])
    // An empty deletion: at least one character, so it reads on to the next `}}`.
    expect(clozeOrdsEmptyInAnki2115('A {{c1::}} and {{c2::b}}')).toEqual([1])
    expect(clozeOrdsEmptyInAnki2115('{{c1::x}} and {{c2::}}')).toEqual([1])
    // With no deletion it reads, it keeps the first card.
    expect(clozeOrdsEmptyInAnki2115('Only {{c2::}} here')).toEqual([1])
    // An opener whose own `}}` is code (`<code>x}&#125;</code>` in the field).
    expect(clozeOrdsEmptyInAnki2115('{{c1::<code>x}&#125;</code> and {{c2::y}}')).toEqual([1])
  })

  it('gives none where Anki 2.1.15 reads every card the package has', () => {
    for (const text of [
      '{{c1::a}} {{c2::b}}',
      'Only {{c1::}} here',
      'Hint only {{c1::::a hint}}',
      'Spaces {{c1:: }} here',
      'Twice {{c1::}} and {{c1::x}}',
      'No deletion',
      '{{c1::<code>x}&#125;</code>',
      'Paren math {{c1::(a}}) and {{c2::y}}',
      '{{c0::a}} {{c1::b}}',
    ]) {
      expect(clozeOrdsEmptyInAnki2115(text), text).toEqual([])
    }
  })
})
