/**
 * The stock note types under the names a localized Anki gives them: a German
 * Anki's `Einfach` with `Vorderseite` and `Rückseite` is the stock `Basic`.
 * Obsidian_to_Anki users write the names their Anki shows, so their blocks
 * say `Einfach`. Every name here is read from Anki's own translations
 * (`notetypes.ftl` of ankitects/anki-core-i18n, the keys `notetypes-basic-name`,
 * `notetypes-front-field`, …), never made up; Anki renamed some of them
 * between releases, and a collection keeps the names of the release that made
 * each type, so each release's names are listed, with the commit they were read at.
 *
 * A type counts as the stock one only when its name and its fields (in order)
 * are one release's translation of it: a type of the user's own that shares
 * a name has other fields, and stays the user's.
 */
import type { NoteTypeName } from './note-types.js'

/** One release's translation of one stock note type. */
export interface LocalizedNoteType {
  /** The stock type it translates. */
  stock: NoteTypeName
  /** Its name in that Anki (`Einfach`). */
  name: string
  /** Its fields, in the stock type's order (`Vorderseite`, `Rückseite`). */
  fields: readonly string[]
  /** The language, as Anki's translations name it (`de`). */
  language: string
}

/** Anki's German translations, by release. */
const german: ReadonlyArray<{ source: string; types: readonly LocalizedNoteType[] }> = [
  {
    // ankitects/anki-core-i18n core/de/notetypes.ftl at 0796ad2c7b5d96af3c99a4a75333527ec3f9207e
    // (before Image Occlusion's strings were complete; the same text as Anki's ftl/core-repo copy then).
    source: 'anki-core-i18n@0796ad2c',
    types: [
      { stock: 'Basic', name: 'Einfach', fields: ['Vorderseite', 'Rückseite'], language: 'de' },
      {
        stock: 'Basic (and reversed card)',
        name: 'Einfach (beide Richtungen)',
        fields: ['Vorderseite', 'Rückseite'],
        language: 'de',
      },
      {
        stock: 'Basic (optional reversed card)',
        name: 'Einfach (eine oder zwei Richtungen)',
        fields: ['Vorderseite', 'Rückseite', 'Gegenrichtung hinzufügen'],
        language: 'de',
      },
      {
        stock: 'Basic (type in the answer)',
        name: 'Einfach (Antwort eintippen)',
        fields: ['Vorderseite', 'Rückseite'],
        language: 'de',
      },
      { stock: 'Cloze', name: 'Lückentext', fields: ['Text', 'Rückseite Extra'], language: 'de' },
    ],
  },
  {
    // ankitects/anki-core-i18n core/de/notetypes.ftl at d80c7e319ac245fbc6d6d3f2b65a2808095a03c9
    // (later: the reversed types and `Add Reverse` renamed).
    source: 'anki-core-i18n@d80c7e31',
    types: [
      { stock: 'Basic', name: 'Einfach', fields: ['Vorderseite', 'Rückseite'], language: 'de' },
      {
        stock: 'Basic (and reversed card)',
        name: 'Einfach (und die umgekehrte Richtung)',
        fields: ['Vorderseite', 'Rückseite'],
        language: 'de',
      },
      {
        stock: 'Basic (optional reversed card)',
        name: 'Einfach (und wahlweise die umgekehrte Richtung)',
        fields: ['Vorderseite', 'Rückseite', 'Umgekehrte Richtung hinzufügen'],
        language: 'de',
      },
      {
        stock: 'Basic (type in the answer)',
        name: 'Einfach (Antwort eintippen)',
        fields: ['Vorderseite', 'Rückseite'],
        language: 'de',
      },
      { stock: 'Cloze', name: 'Lückentext', fields: ['Text', 'Rückseite Extra'], language: 'de' },
    ],
  },
]

const languageNames: Readonly<Record<string, string>> = { de: 'German' }

/** Every translation, each name and field list once (releases that agree are one entry). */
export const localizedNoteTypes: readonly LocalizedNoteType[] = (() => {
  const seen = new Map<string, LocalizedNoteType>()
  for (const release of german) {
    for (const type of release.types) {
      const key = JSON.stringify([type.stock, type.name, type.fields])
      if (!seen.has(key)) seen.set(key, type)
    }
  }
  return [...seen.values()]
})()

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, index) => field === b[index])
}

/** The translations that use this name (several when releases or languages gave it other fields). */
function translationsNamed(name: string): LocalizedNoteType[] {
  return localizedNoteTypes.filter((type) => type.name === name)
}

/**
 * The stock type a note type of this name and these fields is, or why it is
 * none although its name is a translation's (undefined: no translation has
 * this name). Without `fields` (a vault without the plugin's settings), the
 * name alone decides, when every translation of that name agrees.
 */
export function recognizeLocalized(
  name: string,
  fields?: readonly string[],
): { type: LocalizedNoteType } | { reason: string } | undefined {
  const named = translationsNamed(name)
  if (named.length === 0) return undefined
  const matching =
    fields === undefined ? named : named.filter((type) => sameFields(type.fields, fields))
  const distinct = new Set(matching.map((type) => JSON.stringify([type.stock, type.fields])))
  if (matching.length > 0 && distinct.size === 1) return { type: matching[0]! }
  return { reason: notStockReason(name, named, fields) }
}

function notStockReason(
  name: string,
  named: readonly LocalizedNoteType[],
  fields: readonly string[] | undefined,
): string {
  const first = named[0]!
  const said = `\`${name}\` is ${languageNames[first.language] ?? first.language} Anki's name for the stock \`${first.stock}\``
  if (fields === undefined) {
    return `${said}, but Anki's translations give it different fields, and without the plugin's settings decklab cannot tell which`
  }
  const expected = [...new Set(named.map((type) => type.fields.map((f) => `\`${f}\``).join(', ')))]
  return `${said}, but the plugin's settings give it the fields ${fields.map((f) => `\`${f}\``).join(', ')}, not ${expected.join(' or ')}, so it is a note type of your own`
}

/**
 * Why a note of this type and these fields (the plugin's `fields_dict`
 * gave them) is a type of the user's own although a localized Anki names a
 * stock type so; undefined for a name no translation has.
 */
export function notTranslationReason(name: string, fields: readonly string[]): string | undefined {
  const known = recognizeLocalized(name, fields)
  return known !== undefined && 'reason' in known ? known.reason : undefined
}
