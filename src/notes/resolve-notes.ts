import { basename } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter, createReporter } from '../diagnostics/reporter.js'
import {
  deckNameChanged,
  deckNameKey,
  deckNameNormalizedMessage,
  normalizeDeckName,
} from '../model/deck-name.js'
import { withGuid } from '../model/identity.js'
import {
  type FieldAddition,
  fieldWithAdditions,
  type Note,
  type NoteBlock,
  type NoteSource,
} from '../model/note.js'
import type { NoteTypeInfo } from '../model/note-types.js'
import { toStockForm } from '../model/translated-note.js'
import { nfc } from '../text/nfc.js'
import { obsidianOpenUrl } from '../text/obsidian-open-url.js'
import { curlyToCloze, isClozeTypeName } from './cloze.js'
import { warnClozeProblems } from './cloze-warnings.js'
import type { Heading } from './headings.js'
import { extractObsidianTags } from './obsidian-tags.js'
import type { ParsedNoteFile } from './parse-note-file.js'
import { defaultSettings, type VaultSettings } from './settings.js'
import { addTags, sortedTags, splitTags } from './tags.js'

export interface ResolveContext {
  file: string
  absolutePath: string
  vaultRoot: string
  /** The file's path relative to the vault root, `/`-separated (folder decks, context). */
  vaultPath: string
  settings?: VaultSettings | undefined
  /** `--deck`: overrides every other deck source. */
  deck?: string | undefined
  /** The field places of the file's block that starts at this offset (see `fieldPlacesIn`), for blocks parsed without them. */
  fieldPlacesOf?: ((blockStart: number) => NoteBlock['fieldPlaces']) | undefined
}

/**
 * Front matter `deck:` beside a `TARGET DECK` that names another deck: the
 * plugin's line wins, so the front matter's deck is not used. Said at it.
 */
function reportDeckConflict(parsed: ParsedNoteFile, file: string, diagnostics: Diagnostic[]): void {
  const target = parsed.targetDeck
  const frontMatter = parsed.frontMatter
  if (target === undefined || frontMatter?.deck === undefined) return
  const used = normalizeDeckName(target)
  if (deckNameKey(used) === deckNameKey(normalizeDeckName(frontMatter.deck))) return
  // No line number for `TARGET DECK` in the text: a build that writes ID lines above it moves
  // the line but not the text, and this warning's place (the front matter) does not move.
  createReporter(file, diagnostics).warning(
    'deck-conflict',
    `Unexpected front matter \`deck: ${frontMatter.deck}\` beside the file's \`TARGET DECK\` line, expected one deck per file: \`TARGET DECK\` wins, so the notes go to \`${used}\``,
    {
      place: frontMatter.deckPlace,
      hint: 'remove one of the two, or make them name the same deck',
    },
  )
}

/**
 * Turn one file's blocks into notes: deck (`--deck` > `TARGET DECK` > front
 * matter > folder deck > settings deck > `Default`), tags (folder, default,
 * file, front matter, note, Obsidian `#tags`), CurlyCloze, FROZEN fields,
 * context breadcrumb and file link, front-matter lab links.
 */
export function resolveNotes(
  parsed: ParsedNoteFile,
  context: ResolveContext,
): { notes: Note[]; diagnostics: Diagnostic[] } {
  const settings = context.settings ?? defaultSettings()
  // The plugin's folder keys are Obsidian's paths, in NFC (`settings.ts`).
  const folders = folderChain(nfc(context.vaultPath))
  const written =
    context.deck ??
    parsed.targetDeck ??
    parsed.frontMatter?.deck ??
    folders.map((folder) => settings.folderDecks[folder]?.trim()).find((value) => value) ??
    settings.deck
  // The name Anki makes of it (`model/deck-name.ts`).
  const deck = written ? normalizeDeckName(written) : 'Default'
  const diagnostics: Diagnostic[] = []
  // Said where the file writes it; `--deck` is refused before, and the settings file's names are said there.
  const place =
    context.deck === undefined
      ? parsed.targetDeck !== undefined
        ? parsed.targetDeckPlace
        : parsed.frontMatter?.deck !== undefined
          ? parsed.frontMatter.deckPlace
          : undefined
      : undefined
  if (written && deckNameChanged(written, deck) && place) {
    createReporter(context.file, diagnostics).warning(
      'deck-name-normalized',
      deckNameNormalizedMessage(written, deck),
      { place },
    )
  }
  if (context.deck === undefined) reportDeckConflict(parsed, context.file, diagnostics)
  // The file's own tags, normalised once: each note adds its tags to a copy.
  const fileTags = addTags(new Map(), [
    ...folders.flatMap((folder) => splitTags(settings.folderTags[folder] ?? '')),
    ...(settings.obsidianToAnki ? [settings.tag] : []),
    ...parsed.fileTags,
    ...(parsed.frontMatter?.tags ?? []),
  ])
  const frontMatterLabs = parsed.frontMatter?.labs ?? []
  // The plugin links wikilinks into the vault, which Obsidian names by its folder.
  const obsidianVault = settings.obsidianToAnki ? basename(context.vaultRoot) : undefined
  const frontMatterMalformed = parsed.frontMatter?.malformedLabLinks ?? []
  const notes = parsed.blocks.map((block) => {
    const noteType = settings.noteTypes.get(block.noteType)
    const written = resolveFields(block, noteType, parsed, context, settings)
    // A localized Anki's stock type (`Einfach`) is read as the stock one from here on.
    const translation = noteType?.translationOf
    const stockForm = translation && toStockForm(translation, written.fields, written.additions)
    const fields = stockForm ? { ...written, ...stockForm } : written
    const places = fieldPlaceLookup(block, written.fields, context.fieldPlacesOf)
    const tags = addTags(new Map(fileTags), block.tags)
    const malformed = [...frontMatterMalformed, ...(block.malformedLabLinks ?? [])]
    const note = withGuid({
      id: block.id,
      noteType: stockForm ? stockForm.noteType : block.noteType,
      fields: fields.fields,
      tags: sortedTags(fields.tags.length > 0 ? addTags(tags, fields.tags) : tags),
      deck,
      labs: frontMatterLabs.length === 0 ? block.labs : [...frontMatterLabs, ...block.labs],
      kind: block.kind,
      source: {
        file: context.file,
        absolutePath: context.absolutePath,
        vaultRoot: context.vaultRoot,
        line: block.span.start.line,
        column: block.span.start.column,
        idSpan: block.idSpan,
        fieldPlace:
          stockForm && places ? (field: string) => places(stockForm.writtenName(field)) : places,
        end: { line: block.span.end.line, column: block.span.end.column },
        idInsertOffset: block.idInsertOffset,
        ...(settings.idComments ? {} : { bareId: true }),
        ...(block.stockAnswerPrefix ? { stockAnswerPrefix: true } : {}),
      },
      // The optional keys last: V8 defines each key written after a spread through a call into its runtime.
      ...(fields.additions === undefined ? {} : { additions: fields.additions }),
      ...(translation === undefined ? {} : { localized: translation }),
      ...(block.noLabReason === undefined ? {} : { noLabReason: block.noLabReason }),
      ...(malformed.length === 0 ? {} : { malformedLabLinks: malformed }),
      ...(obsidianVault === undefined ? {} : { obsidianVault }),
    }) satisfies Note
    if (noteType?.kind === 'cloze') warnClozeProblems(note, settings, diagnostics)
    warnFieldSeparator(note, diagnostics)
    // A block's own links beside its `none` are said where the block is read.
    if (block.noLabReason !== undefined && block.labs.length === 0 && frontMatterLabs.length > 0) {
      warnNoneLinked(note, block.noLabLine, diagnostics)
    }
    return note
  })
  return { notes, diagnostics }
}

/**
 * U+001F, the character Anki joins a note's fields with: the renderer writes
 * U+FFFD for it (as for `&#31;`), so the note keeps its number of fields in the package and
 * in Anki (the raw character split the field, and Anki refused the package,
 * or stored the note's fields shifted); said once per note.
 */
function warnFieldSeparator(note: Note, diagnostics: Diagnostic[]): void {
  for (const name of Object.keys(note.fields)) {
    if (!fieldWithAdditions(note, name).includes('\x1f')) continue
    createNoteReporter(note, diagnostics).warning(
      'field-separator',
      `Unexpected control character U+001F in \`${name}\`, expected text: it is the character Anki separates fields with, so the card shows \`\uFFFD\` in its place`,
      {
        hint: 'delete it (Obsidian shows it as nothing); a paste from another program brings it in',
      },
    )
    return
  }
}

/**
 * Where a field of the block's note starts, a field the settings rewrote no
 * longer `verbatim`. It keeps only the block's offset and fields, not the
 * block or the file's lines.
 */
function fieldPlaceLookup(
  block: NoteBlock,
  fields: Readonly<Record<string, string>>,
  placesOf: ResolveContext['fieldPlacesOf'],
): NoteSource['fieldPlace'] {
  // Inline notes have their places from the parse (cheap there); regex notes none.
  if (block.kind === 'regex') return undefined
  const known = block.fieldPlaces
  if (known === undefined && placesOf === undefined) return undefined
  const blockFields = block.fields
  const blockStart = block.span.start.offset
  return (field) => {
    const place = (known ?? placesOf?.(blockStart))?.[field]
    if (place === undefined) return undefined
    return place.verbatim && fields[field] !== blockFields[field]
      ? { ...place, verbatim: false }
      : place
  }
}

function resolveFields(
  block: NoteBlock,
  noteType: NoteTypeInfo | undefined,
  parsed: ParsedNoteFile,
  context: ResolveContext,
  settings: VaultSettings,
): {
  fields: Record<string, string>
  additions: Record<string, FieldAddition[]> | undefined
  tags: string[]
} {
  const fieldNames = noteType?.fields ?? Object.keys(block.fields)
  const cloze = settings.curlyCloze && isClozeTypeName(block.noteType)
  const frozen = parsed.frozen[block.noteType]
  // With no setting that changes fields (the default), the block's fields are the note's.
  if (
    !cloze &&
    !settings.addObsidianTags &&
    !frozen &&
    !settings.addContext &&
    !settings.addFileLink &&
    fieldNames.every((name) => typeof block.fields[name] === 'string')
  ) {
    return { fields: block.fields, additions: undefined, tags: [] }
  }
  const fields: Record<string, string> = { ...block.fields }
  const tags: string[] = []
  for (const name of fieldNames) {
    let text = fields[name] ?? ''
    if (cloze) text = curlyToCloze(text, { highlightsToCloze: settings.highlightsToCloze })
    if (settings.addObsidianTags) {
      const extracted = extractObsidianTags(text)
      text = extracted.text.trim()
      tags.push(...extracted.tags)
    }
    fields[name] = text
  }
  // Appended to the field's HTML, as the plugin does after formatting it: in
  // the Markdown, they would land inside a code block, table or list it ends in.
  const additions: Record<string, FieldAddition[]> = {}
  const add = (name: string, addition: FieldAddition) => {
    const list = additions[name] ?? []
    list.push(addition)
    additions[name] = list
  }
  if (frozen) {
    for (const [name, text] of Object.entries(frozen)) {
      if (name in fields && text !== '') add(name, { markdown: text })
    }
  }
  if (settings.addContext) {
    // The plugin glues the breadcrumb to the field; decklab puts it in its own paragraph,
    // after the field's FROZEN value as the plugin puts it, when it has one.
    const target = settings.contextFields[block.noteType] ?? fieldNames[0]
    if (target && target in fields) {
      const breadcrumb = contextBreadcrumb(
        context.vaultPath,
        parsed.headings,
        block.span.start.offset,
      )
      if (additions[target] !== undefined) add(target, { markdown: breadcrumb, paragraph: true })
      else fields[target] = fields[target] ? `${fields[target]}\n\n${breadcrumb}` : breadcrumb
    }
  }
  if (settings.addFileLink) {
    const target = settings.fileLinkFields[block.noteType] ?? fieldNames[0]
    if (target && target in fields) {
      const url = obsidianOpenUrl(basename(context.vaultRoot), context.vaultPath)
      add(target, { html: `<br><a href="${url}" class="obsidian-link">Obsidian</a>` })
    }
  }
  return {
    fields,
    additions: Object.keys(additions).length === 0 ? undefined : additions,
    tags,
  }
}

/** `path > Heading > Subheading`: the chain of headings above an offset (each shallower than the next). */
export function contextBreadcrumb(
  vaultPath: string,
  headings: readonly Heading[],
  offset: number,
): string {
  const chain: Heading[] = []
  for (const heading of headings) {
    if (heading.offset >= offset) break
    while (chain.length > 0 && chain[chain.length - 1]!.level >= heading.level) chain.pop()
    chain.push(heading)
  }
  return [vaultPath, ...chain.map((heading) => heading.text)].join(' > ')
}

/** The folders containing a vault path, innermost first: `a/b/c.md` → `a/b`, `a`. */
function folderChain(vaultPath: string): string[] {
  const parts = vaultPath.split('/').slice(0, -1)
  const chain: string[] = []
  for (let length = parts.length; length > 0; length--) chain.push(parts.slice(0, length).join('/'))
  return chain
}

/** A card that says no lab can test it, in a file whose front matter links every card to one. */
function warnNoneLinked(note: Note, line: number | undefined, diagnostics: Diagnostic[]): void {
  createNoteReporter(note, diagnostics).warning(
    'malformed-lab-link',
    "Unexpected `Lab: none` in a card the front matter's `labs:` links to a lab, expected its lab links or `Lab: none: <why>`, not both: `verify` judges the card by the links and never shows the reason",
    {
      // At the `Lab: none` line itself (after `Lab: `), as a block's own links beside it are said.
      ...(line === undefined ? {} : { place: { line, column: 5 } }),
      hint: 'move the card to a file without `labs:` if no lab tests it, else remove its `Lab: none` line',
    },
  )
}
