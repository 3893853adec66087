/**
 * The AnkiConnect actions that carry out a plan, pure: one `addNote` per new
 * note; for existing notes one `updateNoteFields` each, and tag changes and
 * deck moves grouped, so that one action serves every note that needs the
 * same; media in batches of bounded size.
 */
import type { AnkiAction } from './anki-connect.js'
import { pendingTag } from './pending-tag.js'
import { type DesiredNote, fieldsForModel, type NoteChange } from './plan.js'

/** The Anki note type a new note is added with, and its fields in order. */
export interface ModelChoice {
  modelName: string
  fields: readonly string[]
}

/**
 * The `addNote` action for a new note: it carries the pending tag until its
 * ID is in the Markdown. `deckName`: its deck as Anki spells it, if otherwise.
 */
export function addNoteAction(
  entry: DesiredNote,
  model: ModelChoice,
  labField: string,
  deckName = entry.deck,
): AnkiAction {
  return {
    action: 'addNote',
    params: {
      note: {
        deckName,
        modelName: model.modelName,
        fields: fieldsForModel(entry.fields, model.fields, labField),
        tags: [...entry.tags, pendingTag],
        options: { allowDuplicate: false },
      },
    },
  }
}

/** An update action, with the note change it is for (none for a grouped tag or deck action). */
export interface UpdateAction {
  action: AnkiAction
  change: NoteChange | undefined
}

/**
 * The actions that bring existing notes in step: first each note's
 * `updateNoteFields`, then one `addTags` / `removeTags` per distinct tag
 * list, then one `changeDeck` per deck, each group in the order first seen.
 */
export function updateActions(changes: readonly NoteChange[]): UpdateAction[] {
  const fieldUpdates: UpdateAction[] = []
  // Keyed by action and tag list, so adds and removals keep the order first seen.
  const tagGroups = new Map<string, { action: string; tags: string; notes: number[] }>()
  const moves = new Map<string, number[]>()
  const groupTags = (action: string, tags: readonly string[], id: number) => {
    const key = `${action}\0${tags.join(' ')}`
    const group = tagGroups.get(key)
    if (group) group.notes.push(id)
    else tagGroups.set(key, { action, tags: tags.join(' '), notes: [id] })
  }
  for (const change of changes) {
    if (change.fields) {
      fieldUpdates.push({
        action: {
          action: 'updateNoteFields',
          params: { note: { id: change.id, fields: change.fields } },
        },
        change,
      })
    }
    if (change.addTags.length > 0) groupTags('addTags', change.addTags, change.id)
    if (change.removeTags.length > 0) groupTags('removeTags', change.removeTags, change.id)
    if (change.moveCards.length > 0) {
      const cards = moves.get(change.desired.deck)
      if (cards) cards.push(...change.moveCards)
      else moves.set(change.desired.deck, [...change.moveCards])
    }
  }
  return [
    ...fieldUpdates,
    ...[...tagGroups.values()].map(({ action, tags, notes }) =>
      groupAction({ action, params: { notes, tags } }),
    ),
    ...[...moves].map(([deck, cards]) =>
      groupAction({ action: 'changeDeck', params: { cards, deck } }),
    ),
  ]
}

function groupAction(action: AnkiAction): UpdateAction {
  return { action, change: undefined }
}

/**
 * Media in batches of at most `maxBytes` of content each (a larger file
 * goes alone), in the order given.
 */
export function mediaBatches<T extends { size: number }>(
  entries: readonly T[],
  maxBytes: number,
): T[][] {
  const batches: T[][] = []
  let batch: T[] = []
  let size = 0
  for (const entry of entries) {
    if (size > 0 && size + entry.size > maxBytes) {
      batches.push(batch)
      batch = []
      size = 0
    }
    batch.push(entry)
    size += entry.size
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/** The `storeMediaFile` action for one media file. */
export function storeMediaAction(name: string, data: Uint8Array): AnkiAction {
  return {
    action: 'storeMediaFile',
    params: { filename: name, data: Buffer.from(data).toString('base64') },
  }
}
