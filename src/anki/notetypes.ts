/**
 * decklab's five notetypes. Their ids are fixed constants (picked at random
 * once): Anki matches notetypes by id, so changing an id, or the field or
 * template lists under an id, would make re-imports add a second notetype.
 * Names end in " (decklab)" so they never clash with the user's stock types.
 * A localized Anki's stock type (`Einfach`) gets its own: the same templates
 * under its names (`Einfach (decklab)`, `Vorderseite`, `Rückseite`), with an
 * id derived from those names, so it is as stable as the five.
 */
import { createHash } from 'node:crypto'
import type { LocalizedNoteType } from '../model/localized-note-types.js'
import type { NoteTypeName } from '../model/note-type-name.js'
import { labFieldName } from '../model/note-types.js'

/** One card template: Anki's question (`qfmt`) and answer (`afmt`) formats. */
export interface CardTemplate {
  name: string
  qfmt: string
  afmt: string
}

/** A notetype as decklab defines it (the writer turns it into Anki's schema-11 JSON). */
export interface NotetypeDefinition {
  id: number
  /** The note type name in the Markdown (`Basic`, `Cloze`, …). */
  noteType: NoteTypeName
  /** The name shown in Anki. */
  name: string
  /** 0 = standard, 1 = cloze. */
  type: 0 | 1
  fields: readonly string[]
  templates: readonly CardTemplate[]
  /** Which fields a template needs (genanki's `req`; Anki recomputes it, kept for old readers). */
  req?: ReadonlyArray<readonly [number, 'any' | 'all', readonly number[]]> | undefined
  /** The note's field each of `fields` is filled from, when they are named otherwise (a localized type's). */
  fieldKeys?: readonly string[] | undefined
}

const answerRule = '\n\n<hr id=answer>\n\n'

/** Every answer side ends with the lab footer, when the note links labs. */
const labFooter = `{{#${labFieldName}}}\n\n{{${labFieldName}}}{{/${labFieldName}}}`

const frontToBack: CardTemplate = {
  name: 'Card 1',
  qfmt: '{{Front}}',
  afmt: `{{FrontSide}}${answerRule}{{Back}}${labFooter}`,
}

/** Fixed notetype ids, one place. Never change them (see the module comment). */
export const notetypeIds = {
  Basic: 1598594070761,
  'Basic (and reversed card)': 1553968047882,
  'Basic (optional reversed card)': 1668556242076,
  'Basic (type in the answer)': 1566201761294,
  Cloze: 1628199890319,
} as const satisfies Record<NoteTypeName, number>

/** The five notetypes, in the order they are written. */
export const notetypes: readonly NotetypeDefinition[] = [
  {
    id: notetypeIds.Basic,
    noteType: 'Basic',
    name: 'Basic (decklab)',
    type: 0,
    fields: ['Front', 'Back', labFieldName],
    templates: [frontToBack],
    req: [[0, 'any', [0]]],
  },
  {
    id: notetypeIds['Basic (and reversed card)'],
    noteType: 'Basic (and reversed card)',
    name: 'Basic (and reversed card) (decklab)',
    type: 0,
    fields: ['Front', 'Back', labFieldName],
    templates: [
      frontToBack,
      {
        name: 'Card 2',
        qfmt: '{{Back}}',
        afmt: `{{FrontSide}}${answerRule}{{Front}}${labFooter}`,
      },
    ],
    req: [
      [0, 'any', [0]],
      [1, 'any', [1]],
    ],
  },
  {
    id: notetypeIds['Basic (optional reversed card)'],
    noteType: 'Basic (optional reversed card)',
    name: 'Basic (optional reversed card) (decklab)',
    type: 0,
    fields: ['Front', 'Back', 'Add Reverse', labFieldName],
    templates: [
      frontToBack,
      {
        name: 'Card 2',
        qfmt: '{{#Add Reverse}}{{Back}}{{/Add Reverse}}',
        afmt: `{{FrontSide}}${answerRule}{{Front}}${labFooter}`,
      },
    ],
    req: [
      [0, 'any', [0]],
      [1, 'all', [1, 2]],
    ],
  },
  {
    id: notetypeIds['Basic (type in the answer)'],
    noteType: 'Basic (type in the answer)',
    name: 'Basic (type in the answer) (decklab)',
    type: 0,
    fields: ['Front', 'Back', labFieldName],
    templates: [
      {
        name: 'Card 1',
        qfmt: '{{Front}}\n\n{{type:Back}}',
        afmt: `{{Front}}${answerRule}{{type:Back}}${labFooter}`,
      },
    ],
    req: [[0, 'any', [0]]],
  },
  {
    id: notetypeIds.Cloze,
    noteType: 'Cloze',
    name: 'Cloze (decklab)',
    type: 1,
    fields: ['Text', 'Back Extra', labFieldName],
    templates: [
      {
        name: 'Cloze',
        qfmt: '{{cloze:Text}}',
        afmt: `{{cloze:Text}}<br>\n{{Back Extra}}${labFooter}`,
      },
    ],
  },
]

const byNoteType = new Map(notetypes.map((notetype) => [notetype.noteType, notetype]))

/** The notetype for a Markdown note type name. */
export function notetypeFor(noteType: NoteTypeName): NotetypeDefinition {
  const notetype = byNoteType.get(noteType)
  if (!notetype) throw new Error(`expected a decklab notetype for ${noteType}`)
  return notetype
}

/** `{{Front}}`, `{{type:Back}}`, `{{#Add Reverse}}`, `{{cloze:Text}}`: a field a template names. */
const fieldReference = /\{\{([#^/]?)((?:type:|cloze:)?)([^{}]+?)\}\}/g

const localizedCache = new Map<string, NotetypeDefinition>()

/**
 * decklab's notetype for a localized Anki's stock type: the stock one's
 * templates with its field names, named `<name> (decklab)`. Its id comes
 * from the names (a hash, in the range of Anki's millisecond ids), never
 * from the clock, so every build writes the same one.
 */
export function localizedNotetype(type: LocalizedNoteType): NotetypeDefinition {
  const key = JSON.stringify([type.stock, type.name, type.fields])
  const cached = localizedCache.get(key)
  if (cached) return cached
  const stock = notetypeFor(type.stock)
  const names = new Map(stock.fields.map((field, index) => [field, type.fields[index] ?? field]))
  const rename = (text: string) =>
    text.replace(fieldReference, (whole, section: string, filter: string, name: string) =>
      names.has(name) ? `{{${section}${filter}${names.get(name)}}}` : whole,
    )
  const digest = createHash('sha256').update(`decklab localized notetype\0${key}`).digest()
  const definition: NotetypeDefinition = {
    ...stock,
    id: 1_400_000_000_000 + (digest.readUIntBE(0, 6) % 300_000_000_000),
    name: `${type.name} (decklab)`,
    fields: stock.fields.map((field) => names.get(field) ?? field),
    fieldKeys: stock.fields,
    templates: stock.templates.map((template) => ({
      ...template,
      qfmt: rename(template.qfmt),
      afmt: rename(template.afmt),
    })),
  }
  localizedCache.set(key, definition)
  return definition
}

/** The notetype a note goes into: its localized type's, or the stock one's. */
export function notetypeOfNote(note: {
  noteType: NoteTypeName
  localized?: LocalizedNoteType | undefined
}): NotetypeDefinition {
  return note.localized ? localizedNotetype(note.localized) : notetypeFor(note.noteType)
}

/** Anki's schema-11 notetype JSON (every key the importer requires, in a fixed order). */
export function notetypeJson(
  notetype: NotetypeDefinition,
  options: { mod: number; css: string; deckId: number },
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    css: options.css,
    did: options.deckId,
    flds: notetype.fields.map((name, ord) => ({
      font: 'Arial',
      media: [],
      name,
      ord,
      rtl: false,
      size: 20,
      sticky: false,
    })),
    id: notetype.id,
    latexPost: '\\end{document}',
    latexPre:
      '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexsvg: false,
    mod: options.mod,
    name: notetype.name,
    sortf: 0,
    tags: [],
    tmpls: notetype.templates.map((template, ord) => ({
      afmt: template.afmt,
      bafmt: '',
      bfont: '',
      bqfmt: '',
      bsize: 0,
      did: null,
      name: template.name,
      ord,
      qfmt: template.qfmt,
    })),
    type: notetype.type,
    usn: -1,
    vers: [],
  }
  if (notetype.req) json.req = notetype.req
  return json
}

/**
 * The notetypes a package holds: decklab's five, always (a package of no
 * notes still defines them), then the localized ones its notes use, by id.
 */
export function packageNotetypes(used: readonly NotetypeDefinition[]): NotetypeDefinition[] {
  const own = new Set(notetypes.map((notetype) => notetype.id))
  const localized = new Map<number, NotetypeDefinition>()
  for (const notetype of used) if (!own.has(notetype.id)) localized.set(notetype.id, notetype)
  return [...notetypes, ...[...localized.values()].sort((a, b) => a.id - b.id)]
}
