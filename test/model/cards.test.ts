// The cards a note makes: one per template whose question would not be
// empty, as Anki generates them (so its importer finds no empty card).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cardOrds, clozeNumbers } from '../../src/model/cards.js'

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

  it('makes one card per cloze number, and the first when there is none', () => {
    expect(ords('Cloze', { Text: '{{c2::a}} {{c1::b}} {{c2::c}}' })).toEqual([0, 1])
    expect(ords('Cloze', { Text: 'no deletion' })).toEqual([0])
    expect(ords('Basic', { Front: 'f', Back: '' })).toEqual([0])
  })
})

describe('clozeNumbers', () => {
  /** The rule written plainly: every `{{cN::` with N ≥ 1, each number once, ascending. */
  const plainly = (text: string) =>
    [...new Set([...text.matchAll(/\{\{c(\d+)::/g)].map((match) => Number(match[1])))]
      .filter((number) => number > 0)
      .sort((a, b) => a - b)

  it('gives each deletion number once, ascending, from 1', () => {
    expect(clozeNumbers('{{c3::a}} {{c1::b}} {{c3::c}} {{c0::d}} {{c01::e}}')).toEqual([1, 3])
    expect(clozeNumbers('{{c12::a}}{{c2::b}}')).toEqual([2, 12])
    expect(clozeNumbers('{c1::a} {{c::b}} {{c1:c}}')).toEqual([])
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
