/**
 * The vault's notes as Anki should have them. A note in Anki whose Markdown
 * and media files are as last synced, and whose media links still lead to
 * those files, is taken from the record; the rest are rendered (with their
 * media read and hashed).
 */
import { statUnchanged } from '../../fs/stat-key.js'
import type { Note } from '../../model/note.js'
import { type DesiredNote, desiredNote } from '../../sync/plan.js'
import type { SyncRecord } from '../../sync/sync-record.js'
import { renderNotes, sourceHash } from './prepare.js'
import type { SyncSession } from './sync-session.js'

export async function desiredNotes(
  session: SyncSession,
  ankiIds: ReadonlySet<number>,
): Promise<DesiredNote[]> {
  const fromRecord = new Map<Note, DesiredNote>()
  for (const note of session.loaded.notes) {
    const unchanged = unchangedSinceSync(note, session.record, ankiIds)
    if (unchanged) fromRecord.set(note, unchanged)
  }
  for (const note of await linksLeadElsewhere(session, fromRecord)) fromRecord.delete(note)
  const render = session.loaded.notes.filter((note) => !fromRecord.has(note))
  const rendered = await renderNotes(render, session.dependencies, session.options.signal)
  session.diagnostics.push(...rendered.diagnostics)
  session.media = rendered.media
  const byNote = new Map(rendered.desired.map((entry) => [entry.note, entry]))
  return session.loaded.notes.map(
    (note) => (fromRecord.get(note) ?? byNote.get(note)) as DesiredNote,
  )
}

/**
 * The note as last synced, when Anki has it, its type was checked, and
 * neither its Markdown nor its media files changed since (media by
 * `statKey`); else undefined.
 */
function unchangedSinceSync(
  note: Note,
  record: SyncRecord,
  ankiIds: ReadonlySet<number>,
): DesiredNote | undefined {
  if (note.id === null || !ankiIds.has(note.id)) return undefined
  const synced = record.notes[String(note.id)]
  if (synced === undefined || synced.source !== sourceHash(note)) return undefined
  // A record that vouches for nothing (its hash cleared: compare next time) is not taken either.
  if (synced.hash === '') return undefined
  // An entry of an older decklab: rendered, so that its type can be checked with its fields.
  if (synced.typeChecked !== true) return undefined
  const media = synced.media ?? []
  const mediaUnchanged = media.every((name) => {
    const file = record.mediaFiles?.[name]
    return file !== undefined && statUnchanged(file.path, file.stat)
  })
  if (!mediaUnchanged) return undefined
  // No fields: a note unchanged since the last sync is never compared or written.
  return desiredNote(note, {}, media, synced.hash)
}

/**
 * Of the notes taken from the record, those with media whose links now lead
 * to other files: a file of that name put beside the note, or nearer the
 * vault root, wins over the one found before, as in a build. Rendering says
 * where links lead; no media file is read. The renderer names files by path
 * and the record by content, so the files are compared by path: the files
 * a note's recorded names were stored from (their bytes are as then, or the
 * note would not be taken from the record) against those it links now.
 */
async function linksLeadElsewhere(
  session: SyncSession,
  fromRecord: ReadonlyMap<Note, DesiredNote>,
): Promise<Note[]> {
  const withMedia = [...fromRecord].filter(([, desired]) => desired.media.length > 0)
  if (withMedia.length === 0) return []
  const renderNote = await session.dependencies.loadRenderer(withMedia.map(([note]) => note))
  const files = session.record.mediaFiles ?? {}
  return withMedia
    .filter(([note, desired]) => {
      const now = new Set(renderNote(note).media.map((file) => file.sourcePath))
      const recorded = new Set(desired.media.map((name) => files[name]?.path))
      return now.size !== recorded.size || [...now].some((path) => !recorded.has(path))
    })
    .map(([note]) => note)
}
