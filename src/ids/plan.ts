/**
 * Planning ID write-back: which notes lack an ID, which IDs they get, and the
 * new text of each file. Pure; `write-back.ts` does the I/O.
 */
import type { Note } from '../model/note.js'
import { allocateIds, collectUsedIds } from './allocate.js'
import { type IdInsertion, insertIds } from './insert.js'

/** The parts of a loaded source file that write-back needs. */
export interface WritableSource {
  /** Path relative to the current directory (for messages). */
  file: string
  absolutePath: string
  /** The text as read: BOM removed, line endings kept. */
  text: string
  /** Whether the file started with a UTF-8 BOM. */
  bom: boolean
  /** The file's main line ending. */
  eol?: string | undefined
}

/** One file's pending change. */
export interface FileIdEdit {
  source: WritableSource
  insertions: IdInsertion[]
  /** The new text (BOM excluded). */
  text: string
}

export interface IdPlan {
  /** The new ID of each note that had none. */
  ids: Map<Note, number>
  edits: FileIdEdit[]
}

/**
 * Give every note without an ID a fresh one, unique in the vault, and work
 * out each file's new text. Notes are numbered in their given order, so
 * IDs follow file and position order.
 */
export function planIdWriteBack(
  notes: readonly Note[],
  sources: readonly WritableSource[],
  now: Date,
): IdPlan {
  const missing = notes.filter((note) => note.id === null)
  const ids = new Map<Note, number>()
  if (missing.length === 0) return { ids, edits: [] }
  const used = collectUsedIds(sources.map((source) => source.text))
  for (const note of notes) if (note.id !== null) used.add(note.id)
  const fresh = allocateIds(missing.length, used, now)
  const bySource = new Map<string, IdInsertion[]>()
  missing.forEach((note, index) => {
    const id = fresh[index] as number
    ids.set(note, id)
    const insertions = bySource.get(note.source.absolutePath) ?? []
    insertions.push({ offset: note.source.idInsertOffset, id, kind: note.kind })
    bySource.set(note.source.absolutePath, insertions)
  })
  const edits: FileIdEdit[] = []
  for (const source of sources) {
    const insertions = bySource.get(source.absolutePath)
    if (!insertions) continue
    edits.push({
      source,
      insertions,
      text: insertIds(source.text, insertions, source.eol ?? '\n'),
    })
  }
  return { ids, edits }
}
