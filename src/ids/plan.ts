/**
 * Planning ID write-back: which notes lack an ID, which IDs they get, and the
 * new text of each file. Pure; `write-back.ts` does the I/O.
 */
import { type IdentifiedNote, identifyNote, isIdentified } from '../model/identity.js'
import type { Note } from '../model/note.js'
import { allocateIds, collectUsedIds } from './allocate.js'
import type { TextRemoval } from './id-edits.js'
import { type IdInsertion, insertIds } from './insert.js'

/** The parts of a loaded source file that write-back needs. */
export interface WritableSource {
  /** Path relative to the current directory (for messages). */
  file: string
  absolutePath: string
  /** The vault root it was read in: IDs are written only into a file inside it. */
  vaultRoot: string
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
  /** Text taken out (a sync's `DELETE` markers whose notes it deleted); none for a build. */
  removals?: TextRemoval[] | undefined
  /** The new text (BOM excluded). */
  text: string
}

export interface IdPlan<N extends Note = Note> {
  /** Every note, in the given order, with its ID (its own or a new one) and GUID. */
  notes: Array<N & IdentifiedNote>
  /** The notes that had no ID, with the one they get. */
  added: Array<N & IdentifiedNote>
  edits: FileIdEdit[]
}

/**
 * Give every note without an ID a fresh one, unique in the vault (or the one
 * it takes back, `restored`), and work
 * out each file's new text. Notes are numbered in their given order, so
 * IDs follow file and position order.
 */
export function planIdWriteBack<N extends Note>(
  notes: readonly N[],
  sources: readonly WritableSource[],
  now: Date,
  /** IDs written outside `sources` (the rest of the vault, for a partial build): stepped past too. */
  usedElsewhere: Iterable<number> = [],
  /** Notes without an ID that take back the one they had (a lost ID line): written like a new one. */
  restored: ReadonlyMap<N, number> = new Map(),
): IdPlan<N> {
  const missing = notes.filter((note) => note.id === null && !restored.has(note))
  const used = missing.length === 0 ? new Set<number>() : collectUsedIds(texts(sources))
  if (missing.length > 0) for (const id of usedElsewhere) used.add(id)
  for (const note of notes) if (note.id !== null) used.add(note.id)
  for (const id of restored.values()) used.add(id)
  const fresh = allocateIds(missing.length, used, now)
  let nextFresh = 0
  const added: Array<N & IdentifiedNote> = []
  const bySource = new Map<string, IdInsertion[]>()
  const identified = notes.map((note) => {
    // A note that came with its ID was given its GUID when it was resolved (`withGuid`).
    if (isIdentified(note)) return note
    const id = restored.get(note) ?? fresh[nextFresh++]!
    const withId = identifyNote(note, id)
    added.push(withId)
    const insertions = bySource.get(note.source.absolutePath) ?? []
    insertions.push({
      offset: note.source.idInsertOffset,
      id: withId.id,
      kind: note.kind,
      bare: note.source.bareId,
    })
    bySource.set(note.source.absolutePath, insertions)
    return withId
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
  return { notes: identified, added, edits }
}

function texts(sources: readonly WritableSource[]): string[] {
  return sources.map((source) => source.text)
}
