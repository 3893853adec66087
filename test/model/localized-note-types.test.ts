/**
 * Which names and fields are a localized Anki's stock type, and the
 * notetypes decklab packages them in: ids apart from its own five and from
 * each other, and the same on every call.
 */
import { describe, expect, it } from 'vitest'
import { localizedNotetype, notetypes } from '../../src/anki/notetypes.js'
import { localizedNoteTypes, recognizeLocalized } from '../../src/model/localized-note-types.js'
import { noteTypes, withCustomNoteTypes } from '../../src/model/note-types.js'

describe('localized note types', () => {
  it('take a name as the stock type only with one release’s fields', () => {
    expect(recognizeLocalized('Einfach', ['Vorderseite', 'Rückseite'])).toMatchObject({
      type: { stock: 'Basic' },
    })
    // Either release's names, each with its own fields.
    expect(
      recognizeLocalized('Einfach (eine oder zwei Richtungen)', [
        'Vorderseite',
        'Rückseite',
        'Gegenrichtung hinzufügen',
      ]),
    ).toMatchObject({ type: { stock: 'Basic (optional reversed card)' } })
    expect(
      recognizeLocalized('Einfach (eine oder zwei Richtungen)', [
        'Vorderseite',
        'Rückseite',
        'Umgekehrte Richtung hinzufügen',
      ]),
    ).toHaveProperty('reason')
    expect(recognizeLocalized('Einfach', ['Rückseite', 'Vorderseite'])).toHaveProperty('reason')
    expect(recognizeLocalized('Vocab', ['Word'])).toBeUndefined()
    expect(recognizeLocalized('Lückentext')).toMatchObject({ type: { stock: 'Cloze' } })
  })

  it('take every language’s names, and a name two languages give different fields only with fields_dict', () => {
    expect(recognizeLocalized('Basique', ['Recto', 'Verso'])).toMatchObject({
      type: { stock: 'Basic', language: 'fr' },
    })
    expect(recognizeLocalized('Texte à trous')).toMatchObject({ type: { stock: 'Cloze' } })
    // Spanish `Anverso`, `Reverso`; Brazilian and European Portuguese `Frente`, `Verso`.
    expect(recognizeLocalized('Básico', ['Anverso', 'Reverso'])).toMatchObject({
      type: { stock: 'Basic', fields: ['Anverso', 'Reverso'] },
    })
    expect(recognizeLocalized('Básico', ['Frente', 'Verso'])).toMatchObject({
      type: { stock: 'Basic', fields: ['Frente', 'Verso'] },
    })
    expect(recognizeLocalized('Básico')).toEqual({
      reason:
        "`Básico` is Spanish, Brazilian Portuguese and European Portuguese Anki's name for the stock `Basic`, but Anki's translations give it different fields (`Anverso`, `Reverso` or `Frente`, `Verso`), and without its entry in the plugin's `fields_dict` decklab cannot tell which",
    })
    expect(withCustomNoteTypes([]).has('Básico')).toBe(false)
    // A key the file lacks is the English text: Korean Cloze's second field, Turkish type-in-the-answer.
    expect(recognizeLocalized('빈칸 뚫기')).toMatchObject({
      type: { fields: ['내용', 'Back Extra'] },
    })
    expect(
      localizedNoteTypes.some(
        (type) => type.language === 'tr' && type.stock === 'Basic (type in the answer)',
      ),
    ).toBe(false)
  })

  it('give no name to two stock types, and no type two fields of one name or a `Lab` field', () => {
    const stocks = new Map<string, Set<string>>()
    for (const type of localizedNoteTypes) {
      stocks.set(type.name, (stocks.get(type.name) ?? new Set()).add(type.stock))
      expect(new Set(type.fields).size, type.name).toBe(type.fields.length)
      expect(type.fields, type.name).not.toContain('Lab')
    }
    for (const [name, set] of stocks) expect([...set], name).toHaveLength(1)
  })

  it('never name an English stock type, so no vault reads one otherwise', () => {
    const stock = new Set<string>(noteTypes.map((type) => type.name))
    for (const type of localizedNoteTypes) expect(stock.has(type.name)).toBe(false)
  })

  it("leave a fields_dict type with other fields the user's own", () => {
    const lookup = withCustomNoteTypes([
      { name: 'Einfach', fields: ['Vorderseite', 'Rückseite', 'Notizen'], kind: 'custom' },
      { name: 'Lückentext', fields: ['Text', 'Rückseite Extra'], kind: 'custom' },
    ])
    expect(lookup.get('Einfach')?.kind).toBe('custom')
    expect(lookup.get('Lückentext')).toMatchObject({
      kind: 'cloze',
      translationOf: { stock: 'Cloze' },
    })
    // Not in fields_dict: known by its name alone.
    expect(lookup.get('Einfach (beide Richtungen)')?.translationOf?.stock).toBe(
      'Basic (and reversed card)',
    )
  })

  it('get notetypes with ids of their own, stable from call to call', () => {
    const ids = localizedNoteTypes.map((type) => localizedNotetype(type).id)
    const own = notetypes.map((notetype) => notetype.id)
    expect(new Set([...ids, ...own]).size).toBe(ids.length + own.length)
    for (const id of ids) expect(Number.isSafeInteger(id) && id > 0).toBe(true)
    const einfach = localizedNoteTypes.find((type) => type.name === 'Einfach')
    expect(einfach && localizedNotetype({ ...einfach }).id).toBe(1430024194224)
  })
})
