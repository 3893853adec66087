/**
 * Which Anki note type a new note gets: decklab's own (`Basic (decklab)`, …),
 * so the lab footer has a field of its own; they are created through
 * AnkiConnect when missing. Where Anki has none and cannot create it (an
 * AnkiConnect without `createModel`, or one that cannot make cloze types),
 * the note gets the stock type the block names, as the plugin does, and its
 * lab links are left out: never put into an answer field. Either way the
 * user is told, with Anki's reason, at the first such note
 * (`note-type-not-created`). A dry run asks Anki whether it would create them
 * (createModel) and foresees the same.
 */
import { localizedNotetype, notetypeFor } from '../../anki/notetypes.js'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { LocalizedNoteType } from '../../model/localized-note-types.js'
import type { NoteTypeName } from '../../model/note-type-name.js'
import { findNoteType, isNoteTypeName } from '../../model/note-types.js'
import type { ModelChoice } from '../../sync/anki-actions.js'
import { type AnkiConnect, AnkiError } from '../../sync/anki-connect.js'
import type { DesiredNote } from '../../sync/plan.js'
import { count } from '../../text/count.js'
import { notetypeCss } from '../build/notetype-css.js'

export interface EnsuredModels {
  /** Markdown note type → the Anki note type to add with (absent when none could be had). */
  models: Map<string, ModelChoice>
  /** Markdown note type → why no Anki note type could be had. */
  failed: Map<string, string>
  /** Names of the note types created (or, in a dry run, to create). */
  created: string[]
  /** Markdown note type → why decklab's type for it could not be created (its notes get the stock type). */
  fellBack: Map<string, string>
  /** The note types Anki had before (none asked for when no note type was needed). */
  existing: Set<string>
}

/**
 * Make sure every note type the new notes need exists; give the model to
 * use per Markdown note type (absent when none could be had).
 */
export async function ensureModels(
  anki: AnkiConnect,
  noteTypes: ReadonlySet<string>,
  options: {
    dryRun: boolean
    /** The note types that are a localized Anki's stock ones (`Einfach`), by name. */
    translations?: ReadonlyMap<string, LocalizedNoteType> | undefined
  },
): Promise<EnsuredModels> {
  const models = new Map<string, ModelChoice>()
  const failed = new Map<string, string>()
  const created: string[] = []
  const fellBack = new Map<string, string>()
  if (noteTypes.size === 0) return { models, failed, created, fellBack, existing: new Set() }
  const existing = new Set(await anki.call<string[]>('modelNames'))
  for (const noteType of [...noteTypes].sort()) {
    const translation = options.translations?.get(noteType)
    if (!isNoteTypeName(noteType) && translation === undefined) {
      // The user's own type: Anki has its templates (the plugin's `fields_dict` came from there).
      if (existing.has(noteType)) {
        const fields = await anki.call<string[]>('modelFieldNames', { modelName: noteType })
        models.set(noteType, { modelName: noteType, fields })
      } else {
        failed.set(
          noteType,
          `Anki has no note type \`${noteType}\` (the plugin's settings list it)`,
        )
      }
      continue
    }
    const definition = translation
      ? localizedNotetype(translation)
      : notetypeFor(noteType as NoteTypeName)
    const choice = { modelName: definition.name, fields: definition.fields }
    if (existing.has(definition.name)) {
      // Its fields as Anki has them: one renamed there is no field to add the note's text to.
      const fields = await anki.call<string[]>('modelFieldNames', { modelName: definition.name })
      models.set(noteType, { modelName: definition.name, fields })
      continue
    }
    const refused = await createModel(anki, definition, existing, options.dryRun)
    if (refused === undefined) {
      created.push(definition.name)
      models.set(noteType, choice)
      continue
    }
    // The type the block names, as the plugin does (every collection has the stock ones).
    const stock = translation ? translation.name : findNoteType(noteType)?.name
    if (stock !== undefined && existing.has(stock)) {
      // Its fields as the collection names them (an older one's Cloze has `Extra`).
      const fields = await anki.call<string[]>('modelFieldNames', { modelName: stock })
      models.set(noteType, { modelName: stock, fields })
      fellBack.set(noteType, `\`${definition.name}\`: ${refused}`)
    } else {
      failed.set(
        noteType,
        `cannot create note type \`${definition.name}\` (${refused}) and Anki has no \`${noteType}\``,
      )
    }
  }
  return { models, failed, created, fellBack, existing }
}

/**
 * Warn, at the first new note of each Markdown note type whose decklab type
 * Anki would not create, that those notes get Anki's stock type, and why:
 * without it a sync said only how many notes it added, and a user found
 * some notes `Basic (decklab)` and others `Basic` with no reason given.
 */
export function warnTypesNotCreated(
  ensured: EnsuredModels,
  adding: readonly DesiredNote[],
  diagnostics: Diagnostic[],
): void {
  for (const [noteType, reason] of ensured.fellBack) {
    const notes = adding.filter((entry) => entry.note.noteType === noteType)
    const first = notes[0]
    const stock = ensured.models.get(noteType)?.modelName
    if (first === undefined || stock === undefined) continue
    createNoteReporter(first.note, diagnostics).warning(
      'note-type-not-created',
      `Unexpected refusal from AnkiConnect to create note type ${reason}, expected it to make the type: ${count(notes.length, 'new note')} ${notes.length === 1 ? 'gets' : 'get'} Anki's stock \`${stock}\` instead, as the plugin would give ${notes.length === 1 ? 'it' : 'them'}`,
      {
        hint: `Nothing of their text is lost (a lab link is left out, never put in an answer field). Once AnkiConnect creates the type (one from 2020 or later makes cloze types too), notes added after get it; these stay \`${stock}\`, with their reviews.`,
      },
    )
  }
}

/** What every AnkiConnect answers a `createModel` without fields with, having changed nothing. */
const refusedAsEmpty = /at least one (field|card)|already exists/i

/**
 * Create decklab's note type `definition`; Anki's reason when it will not
 * (an AnkiConnect older than the `isCloze` parameter, one without
 * `createModel`). A dry run creates nothing but asks the same parameters
 * with no fields or templates, under a name Anki has: every AnkiConnect
 * checks those before it touches the collection, so its refusal says
 * whether it took the parameters (an older one refuses `isCloze` first),
 * and the dry run foresees the type the sync's notes get, as the sync.
 */
async function createModel(
  anki: AnkiConnect,
  definition: ReturnType<typeof notetypeFor>,
  existing: ReadonlySet<string>,
  dryRun: boolean,
): Promise<string | undefined> {
  const params = {
    modelName: definition.name,
    inOrderFields: definition.fields,
    css: notetypeCss,
    cardTemplates: definition.templates.map((template) => ({
      Name: template.name,
      Front: template.qfmt,
      Back: template.afmt,
    })),
    ...(definition.type === 1 ? { isCloze: true } : {}),
  }
  if (dryRun) {
    const reply = await anki.probe('createModel', {
      ...params,
      modelName: [...existing][0] ?? definition.name,
      inOrderFields: [],
      cardTemplates: [],
    })
    return reply.ok || refusedAsEmpty.test(reply.error) ? undefined : reply.error
  }
  try {
    await anki.call('createModel', params)
    return undefined
  } catch (error) {
    // Anki unreachable, or interrupted: not a note type it cannot make.
    if (!(error instanceof AnkiError)) throw error
    return error.reason
  }
}
