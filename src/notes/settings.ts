import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter, type Reporter } from '../diagnostics/reporter.js'
import {
  deckNameChanged,
  deckNameNormalizedMessage,
  normalizeDeckName,
} from '../model/deck-name.js'
import {
  clozeWithOldExtra,
  defaultNoteTypes,
  type NoteTypeInfo,
  type NoteTypeLookup,
  stockNoteTypes,
  withCustomNoteTypes,
} from '../model/note-types.js'
import { isJsonObject } from '../text/json-object.js'
import { jsonSyntaxError } from '../text/json-syntax-error.js'
import { nfc } from '../text/nfc.js'
import { programName } from '../text/program-name.js'
import { compileGlobs } from './glob-match.js'

/** The marker words of the card syntax (Obsidian_to_Anki's "Syntax" settings). */
export interface SyntaxSettings {
  beginNote: string
  endNote: string
  beginInlineNote: string
  endInlineNote: string
  targetDeckLine: string
  fileTagsLine: string
  deleteNoteLine: string
  frozenFieldsLine: string
}

/** A custom regex note style: every match of `pattern` is a note of `noteType`. */
export interface CustomRegexp {
  noteType: string
  pattern: string
}

/** Vault-wide settings, read from an Obsidian_to_Anki `data.json` or the defaults. */
export interface VaultSettings {
  /** True when an Obsidian_to_Anki settings file applies (its default tag is then added). */
  obsidianToAnki: boolean
  syntax: SyntaxSettings
  /** Non-empty custom regexes, in the settings' key order (the plugin's search order). */
  customRegexps: CustomRegexp[]
  /** Vault-relative folder path → deck. */
  folderDecks: Record<string, string>
  /** Vault-relative folder path → space-separated tags. */
  folderTags: Record<string, string>
  /** Note type → field that receives the "Add Context" breadcrumb. */
  contextFields: Record<string, string>
  /** Note type → field that receives the "Add File Link" link. */
  fileLinkFields: Record<string, string>
  /** Vault-relative folder that limits folder scans; '' for the whole vault. */
  scanDirectory: string
  deck: string
  /** The default tag added to every note (only in Obsidian_to_Anki vaults). */
  tag: string
  curlyCloze: boolean
  highlightsToCloze: boolean
  addObsidianTags: boolean
  addContext: boolean
  addFileLink: boolean
  /** The plugin's "ID Comments": IDs written as `<!--ID: N-->` (on, the default) or as `ID: N`. */
  idComments: boolean
  ignoredFileGlobs: string[]
  /** The note types blocks may name: the stock ones and the plugin's `fields_dict` types. */
  noteTypes: NoteTypeLookup
}

/** Where the plugin keeps its settings, relative to the vault root. */
export const settingsRelativePath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

/**
 * A `data.json` larger than this is not read (the plugin's defaults are
 * used): it comes with the vault, and one of 600 MB was read whole (670 MB
 * of memory) only to fail as a string too long. The plugin's own file
 * holds a few hashes per note: megabytes for the largest vaults.
 */
export const maxSettingsBytes = 64 * 1024 * 1024

export const defaultSyntax: SyntaxSettings = {
  beginNote: 'START',
  endNote: 'END',
  beginInlineNote: 'STARTI',
  endInlineNote: 'ENDI',
  targetDeckLine: 'TARGET DECK',
  fileTagsLine: 'FILE TAGS',
  deleteNoteLine: 'DELETE',
  frozenFieldsLine: 'FROZEN',
}

/** The settings of a folder without an Obsidian_to_Anki settings file (decklab's own defaults). */
export function defaultSettings(obsidianToAnki = false): VaultSettings {
  return {
    obsidianToAnki,
    syntax: { ...defaultSyntax },
    customRegexps: [],
    folderDecks: {},
    folderTags: {},
    contextFields: {},
    fileLinkFields: {},
    scanDirectory: '',
    deck: 'Default',
    tag: 'Obsidian_to_Anki',
    curlyCloze: false,
    highlightsToCloze: false,
    addObsidianTags: false,
    addContext: false,
    addFileLink: false,
    idComments: true,
    ignoredFileGlobs: ['**/*.excalidraw.md'],
    noteTypes: defaultNoteTypes,
  }
}

const syntaxKeys: Record<keyof SyntaxSettings, string> = {
  beginNote: 'Begin Note',
  endNote: 'End Note',
  beginInlineNote: 'Begin Inline Note',
  endInlineNote: 'End Inline Note',
  targetDeckLine: 'Target Deck Line',
  fileTagsLine: 'File Tags Line',
  deleteNoteLine: 'Delete Note Line',
  frozenFieldsLine: 'Frozen Fields Line',
}

/**
 * Parse the text of a `data.json`. Anything damaged becomes a diagnostic on
 * `file` and the affected setting keeps its default, so one bad key never
 * loses the rest.
 */
export function parseSettings(
  text: string,
  file: string,
): { settings: VaultSettings; diagnostics: Diagnostic[] } {
  const settings = defaultSettings(true)
  const diagnostics: Diagnostic[] = []
  const report = createReporter(file, diagnostics)
  const problem = (message: string) => report.error('malformed-settings', message)
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (error) {
    // A Windows editor's UTF-8 byte-order mark is invisible: JSON.parse's
    // "Unexpected token '\uFEFF'" quoted it, and the user saw nothing wrong.
    const why = text.startsWith('\uFEFF')
      ? 'it starts with a UTF-8 byte-order mark (BOM), which JSON does not allow; save it as UTF-8 without BOM'
      : jsonSyntaxError(error)
    problem(
      `Unexpected invalid JSON in the Obsidian_to_Anki settings (${why}), expected a JSON object; the notes are read with the plugin's defaults, and build and sync stop until it is fixed`,
    )
    return { settings, diagnostics }
  }
  const data = isJsonObject(root) && isJsonObject(root.settings) ? root.settings : undefined
  if (isJsonObject(root)) {
    settings.noteTypes = withCustomNoteTypes(customNoteTypes(root, report), oldStockFields(root))
    warnStockFieldsUnread(root, report)
  }
  if (!data) {
    problem(
      "Unexpected settings shape, expected an object with a `settings` key; the notes are read with the plugin's defaults, and build and sync stop until it is fixed",
    )
    return { settings, diagnostics }
  }
  const syntax = data.Syntax
  if (isJsonObject(syntax)) {
    for (const [key, name] of Object.entries(syntaxKeys) as [keyof SyntaxSettings, string][]) {
      const value = syntax[name]
      if (typeof value === 'string' && value.trim() !== '') settings.syntax[key] = value.trim()
    }
  }
  if (isJsonObject(data.CUSTOM_REGEXPS)) {
    for (const [noteType, pattern] of Object.entries(data.CUSTOM_REGEXPS)) {
      if (typeof pattern !== 'string' || pattern === '') continue
      try {
        new RegExp(pattern, 'gm')
        settings.customRegexps.push({ noteType, pattern })
      } catch (error) {
        problem(
          `Unexpected invalid custom regex for \`${noteType}\` (${(error as Error).message}), expected a JavaScript regular expression; the style is skipped`,
        )
      }
    }
  }
  // Folders and globs in NFC, as Obsidian's paths are (a vault copied from a Mac may hold NFD names).
  settings.folderDecks = nfcKeys(stringRecord(data.FOLDER_DECKS))
  for (const name of Object.values(settings.folderDecks)) warnDeckName(report, name.trim())
  settings.folderTags = nfcKeys(stringRecord(data.FOLDER_TAGS))
  settings.contextFields = stringRecord(data.CONTEXT_FIELDS)
  settings.fileLinkFields = stringRecord(data.FILE_LINK_FIELDS)
  const globs = data.IGNORED_FILE_GLOBS
  if (Array.isArray(globs)) {
    settings.ignoredFileGlobs = globs
      .filter((glob): glob is string => typeof glob === 'string')
      .map((glob) => nfc(glob))
    for (const { glob, reason } of compileGlobs(settings.ignoredFileGlobs).problems) {
      report.warning(
        'unsupported-glob',
        `Unexpected ignore glob \`${glob}\` (${reason}), expected a glob decklab can match; it ignores nothing`,
      )
    }
  }
  const defaults = isJsonObject(data.Defaults) ? data.Defaults : {}
  const textSetting = (key: string, fallback: string) =>
    typeof defaults[key] === 'string' ? (defaults[key] as string) : fallback
  const flag = (key: string, fallback: boolean) =>
    typeof defaults[key] === 'boolean' ? (defaults[key] as boolean) : fallback
  settings.scanDirectory = nfc(textSetting('Scan Directory', '').replace(/^\/+|\/+$/g, ''))
  settings.deck = textSetting('Deck', 'Default').trim() || 'Default'
  warnDeckName(report, settings.deck)
  settings.tag = textSetting('Tag', 'Obsidian_to_Anki')
  settings.curlyCloze = flag('CurlyCloze', false)
  settings.highlightsToCloze = flag('CurlyCloze - Highlights to Clozes', false)
  settings.addObsidianTags = flag('Add Obsidian Tags', false)
  settings.addContext = flag('Add Context', false)
  settings.addFileLink = flag('Add File Link', false)
  settings.idComments = flag('ID Comments', true)
  return { settings, diagnostics }
}

/**
 * The user's own note types, from the plugin's `fields_dict` (each of the
 * collection's note types with its fields, as the plugin last read them from
 * Anki): blocks may name them, as in the plugin. The stock types keep
 * decklab's definitions. A damaged entry is said and skipped.
 */
function customNoteTypes(root: Record<string, unknown>, report: Reporter): NoteTypeInfo[] {
  const dictionary = root.fields_dict
  if (dictionary === undefined) return []
  if (!isJsonObject(dictionary)) {
    report.warning(
      'malformed-settings',
      'Unexpected `fields_dict` in the Obsidian_to_Anki settings, expected an object of note types and their fields; only the stock note types are known',
    )
    return []
  }
  const types: NoteTypeInfo[] = []
  for (const [name, fields] of Object.entries(dictionary)) {
    if (stockNoteTypes.has(name)) continue
    const names = Array.isArray(fields) ? fields : []
    const valid =
      name.trim() !== '' &&
      names.length > 0 &&
      names.every((field) => typeof field === 'string' && field.trim() !== '') &&
      new Set(names).size === names.length
    if (!valid) {
      report.warning(
        'malformed-settings',
        `Unexpected fields of note type \`${name}\` in \`fields_dict\`, expected a list of distinct field names; blocks cannot name it`,
      )
      continue
    }
    types.push({ name, fields: names as string[], kind: 'custom' })
  }
  return types
}

/**
 * Stock types whose fields the collection names otherwise, as the plugin's
 * `fields_dict` says: Cloze with `Extra` (and no `Back Extra`), as an older
 * Anki made it, whose blocks fill it from `Extra:`.
 */
function oldStockFields(root: Record<string, unknown>): NoteTypeInfo[] {
  const dictionary = root.fields_dict
  const cloze = isJsonObject(dictionary) ? dictionary.Cloze : undefined
  const oldExtra = Array.isArray(cloze) && cloze.includes('Extra') && !cloze.includes('Back Extra')
  return oldExtra ? [clozeWithOldExtra] : []
}

/**
 * Stock types to which the collection gave fields decklab's lack, as the
 * plugin's `fields_dict` says (`Basic` with `Back` renamed `Answer`, or an
 * added `Notes`): the plugin fills such a field from a block's `Answer:`
 * line, decklab reads the stock types with their stock fields, so there
 * that line is text of the field above it. Said once, here. Cloze's old
 * `Extra` is read as `Back Extra` (`oldStockFields`).
 */
function warnStockFieldsUnread(root: Record<string, unknown>, report: Reporter): void {
  const dictionary = root.fields_dict
  if (!isJsonObject(dictionary)) return
  for (const [name, fields] of Object.entries(dictionary)) {
    const stock = stockNoteTypes.get(name)
    if (!stock || !Array.isArray(fields)) continue
    const known = new Set([...stock.fields, ...Object.keys(clozeWithOldExtra.fieldAliases ?? {})])
    const unread = fields.filter(
      (field): field is string => typeof field === 'string' && !known.has(field),
    )
    if (unread.length === 0) continue
    const listed = unread.map((field) => `\`${field}\``).join(', ')
    report.warning(
      'stock-type-fields',
      `Unexpected field(s) ${listed} of the stock note type \`${name}\` in \`fields_dict\`, expected its stock fields (${stock.fields.map((field) => `\`${field}\``).join(', ')}): decklab reads \`${name}\` blocks with those, so a line ${unread.map((field) => `\`${field}:\``).join(', ')} is text of the field above it, and \`${programName()} sync\` refuses to update a note that has one`,
      {
        hint: `Give \`${name}\` its stock field names back in Anki (Tools → Manage Note Types → Fields), or put such notes in a note type of your own.`,
      },
    )
  }
}

/** A deck name in the settings that Anki would change: said once, here, not in every file it applies to. */
function warnDeckName(report: Reporter, written: string): void {
  const normalized = normalizeDeckName(written)
  if (written !== '' && deckNameChanged(written, normalized)) {
    report.warning('deck-name-normalized', deckNameNormalizedMessage(written, normalized))
  }
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {}
  if (!isJsonObject(value)) return result
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry
  }
  return result
}

/** The record with its keys (vault folder paths) in NFC; of two keys one then, the first. */
function nfcKeys(record: Record<string, string>): Record<string, string> {
  const keyed: Record<string, string> = {}
  for (const [key, value] of Object.entries(record)) {
    const normal = nfc(key)
    if (!Object.hasOwn(keyed, normal)) keyed[normal] = value
  }
  return keyed
}
