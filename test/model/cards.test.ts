// The cards a note makes: one per template whose question would not be
// empty, as Anki generates them (so its importer finds no empty card).
import { describe, expect, it } from 'vitest'
import { cardOrds } from '../../src/model/cards.js'

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
