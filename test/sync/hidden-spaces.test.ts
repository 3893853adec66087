import { describe, expect, it } from 'vitest'
import { fieldsHidingEdgeSpaces } from '../../src/sync/hidden-spaces.js'

// Anki's stock templates and styling (Anki 2.1.15's, as AnkiConnect gives them).
const css =
  '.card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n color: black;\n background-color: white;\n}\n'
const basic = {
  'Card 1': { Front: '{{Front}}', Back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' },
}
const hiding = (templates: Record<string, { Front: string; Back: string }>, style = css) => [
  ...fieldsHidingEdgeSpaces(['Front', 'Back'], templates, style),
]

describe('fieldsHidingEdgeSpaces', () => {
  it("takes every field of Anki's stock note types as showing no space at its edges", () => {
    expect(hiding(basic)).toEqual(['Front', 'Back'])
    const reversed = {
      ...basic,
      'Card 2': { Front: '{{Back}}', Back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}' },
    }
    expect(hiding(reversed)).toEqual(['Front', 'Back'])
    const optional = {
      ...basic,
      'Card 2': {
        Front: '{{#Add Reverse}}{{Back}}{{/Add Reverse}}',
        Back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}',
      },
    }
    expect(hiding(optional)).toEqual(['Front', 'Back'])
    const cloze = { Cloze: { Front: '{{cloze:Text}}', Back: '{{cloze:Text}}<br>\n{{Extra}}' } }
    expect([...fieldsHidingEdgeSpaces(['Text', 'Extra'], cloze, css)]).toEqual(['Text', 'Extra'])
  })

  it('takes a field beside text, in an inline element or through another filter as showing them', () => {
    expect(hiding({ 'Card 1': { ...basic['Card 1'], Front: '{{Front}}?' } })).toEqual(['Back'])
    expect(hiding({ 'Card 1': { ...basic['Card 1'], Front: 'Q:{{Front}}' } })).toEqual(['Back'])
    expect(
      hiding({ 'Card 1': { ...basic['Card 1'], Back: '{{FrontSide}}\n<b>{{Back}}</b>' } }),
    ).toEqual(['Front'])
    // The question's end is the answer's where `{{FrontSide}}` stands beside text.
    expect(
      hiding({ 'Card 1': { ...basic['Card 1'], Back: '{{FrontSide}}?<hr>{{Back}}' } }),
    ).toEqual(['Back'])
    expect(
      hiding({ 'Card 1': { Front: '{{Front}}\n\n{{type:Back}}', Back: '{{FrontSide}}' } }),
    ).toEqual(['Front'])
    expect(hiding({ 'Card 1': { ...basic['Card 1'], Front: '{{{Front}}}' } })).toEqual(['Back'])
    // A section beside the field may be left out: the text before it is then beside it.
    expect(
      hiding({ 'Card 1': { ...basic['Card 1'], Front: 'x{{#Back}} {{/Back}}{{Front}}' } }),
    ).toEqual(['Back'])
  })

  it('takes no field as hiding them where a style or element may keep spaces', () => {
    expect(hiding(basic, `${css}.card { white-space: pre-wrap; }`)).toEqual([])
    expect(
      hiding({ 'Card 1': { ...basic['Card 1'], Back: '{{FrontSide}}<pre>{{Back}}</pre>' } }),
    ).toEqual([])
  })
})
