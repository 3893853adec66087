/**
 * The stock note types under the names a localized Anki gives them: a German
 * Anki's `Einfach` with `Vorderseite` and `Rückseite` is the stock `Basic`,
 * a French Anki's `Basique` with `Recto` and `Verso` too.
 * Obsidian_to_Anki users write the names their Anki shows, so their blocks
 * say `Einfach`. Every name comes from Anki's own translations, each
 * release's with the commit it was read at (`anki-translations.ts`).
 *
 * Two languages (or releases) may give one name different fields
 * (`Básico`: Spanish `Anverso`, Portuguese `Frente`): such a name is the
 * stock type only with one of those field lists from `fields_dict`, and
 * without it the block's type is reported, never guessed.
 *
 * A type counts as the stock one only when its name and its fields (in order)
 * are one release's translation of it: a type of the user's own that shares
 * a name has other fields, and stays the user's.
 */
import { type AnkiTranslation, ankiTranslations, languageNames } from './anki-translations.js'
import type { NoteTypeName } from './note-type-name.js'

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

/** The stock types a release's keys name, with the keys of their fields (in the stock order). */
const stockKeys: ReadonlyArray<{
  stock: NoteTypeName
  name: keyof AnkiTranslation['names']
  fields: ReadonlyArray<readonly [keyof AnkiTranslation['fields'], string]>
}> = [
  {
    stock: 'Basic',
    name: 'basic',
    fields: [
      ['front', 'Front'],
      ['back', 'Back'],
    ],
  },
  {
    stock: 'Basic (and reversed card)',
    name: 'reversed',
    fields: [
      ['front', 'Front'],
      ['back', 'Back'],
    ],
  },
  {
    stock: 'Basic (optional reversed card)',
    name: 'optionalReversed',
    fields: [
      ['front', 'Front'],
      ['back', 'Back'],
      ['addReverse', 'Add Reverse'],
    ],
  },
  {
    stock: 'Basic (type in the answer)',
    name: 'typeAnswer',
    fields: [
      ['front', 'Front'],
      ['back', 'Back'],
    ],
  },
  {
    stock: 'Cloze',
    name: 'cloze',
    fields: [
      ['text', 'Text'],
      ['backExtra', 'Back Extra'],
    ],
  },
]

/** A release's translated types (an untranslated name is the English type: none), a missing field name English. */
function typesOf(release: AnkiTranslation): LocalizedNoteType[] {
  return stockKeys.flatMap(({ stock, name, fields }) => {
    const translated = release.names[name]
    if (translated === undefined) return []
    return [
      {
        stock,
        name: translated,
        fields: fields.map(([key, english]) => release.fields[key] ?? english),
        language: release.language,
      },
    ]
  })
}

/** Every release's types, each language's as often as its releases give them. */
const allTranslations: readonly LocalizedNoteType[] = ankiTranslations.flatMap(typesOf)

/** Every translation, each name and field list once (releases and languages that agree are one entry). */
export const localizedNoteTypes: readonly LocalizedNoteType[] = (() => {
  const seen = new Map<string, LocalizedNoteType>()
  for (const type of allTranslations) {
    const key = JSON.stringify([type.stock, type.name, type.fields])
    if (!seen.has(key)) seen.set(key, type)
  }
  return [...seen.values()]
})()

/** The translations by name (several when releases or languages gave it other fields). */
const byName = new Map<string, LocalizedNoteType[]>()
for (const type of localizedNoteTypes) {
  const named = byName.get(type.name)
  if (named) named.push(type)
  else byName.set(type.name, [type])
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, index) => field === b[index])
}

function translationsNamed(name: string): readonly LocalizedNoteType[] {
  return byName.get(name) ?? []
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
  const said = whoseName(name)
  const expected = [...new Set(named.map((type) => type.fields.map((f) => `\`${f}\``).join(', ')))]
  if (fields === undefined) {
    return `${said}, but Anki's translations give it different fields (${expected.join(' or ')}), and without its entry in the plugin's \`fields_dict\` decklab cannot tell which`
  }
  return `${said}, but the plugin's settings give it the fields ${fields.map((f) => `\`${f}\``).join(', ')}, not ${expected.join(' or ')}, so it is a note type of your own`
}

/** "`Básico` is Spanish, Brazilian Portuguese and European Portuguese Anki's name for the stock `Basic`". */
function whoseName(name: string): string {
  const languages = new Map<string, Set<string>>()
  for (const type of allTranslations) {
    if (type.name !== name) continue
    const set = languages.get(type.stock) ?? new Set<string>()
    set.add(languageNames[type.language] ?? type.language)
    languages.set(type.stock, set)
  }
  const said = [...languages].map(
    ([stock, names]) => `${listed([...names])} Anki's name for the stock \`${stock}\``,
  )
  return `\`${name}\` is ${listed(said)}`
}

function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
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

/**
 * Why a block's type of this name is not read without its fields (two
 * languages or releases give it different ones); undefined for a name that
 * is no translation's, or that its name alone tells.
 */
export function unreadableByNameReason(name: string): string | undefined {
  const known = recognizeLocalized(name)
  return known !== undefined && 'reason' in known ? known.reason : undefined
}
