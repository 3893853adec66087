/**
 * A note that lost its ID line since the last build (deleted by hand, by an
 * editor saving over the file, by a merge) takes back the ID that build gave
 * it, by the rule sync uses (model/lost-id.ts): the only note of its file
 * without an ID that has the note type and first field of a note the record
 * has from that file, that no note holds now and no `DELETE` block names.
 * Without it the note got a new ID, so a new GUID, and importing the package
 * gave Anki a second copy of it, its review history left on the old one.
 */
import { dirname, resolve } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { collectUsedIds } from '../../ids/allocate.js'
import { cachedFirstFieldKey } from '../../model/first-field-key.js'
import { pairLostIds } from '../../model/lost-id.js'
import type { Note } from '../../model/note.js'
import { packagedTypeName } from '../../model/translated-note.js'
import { type BuildState, typeInAnki } from '../../rebuild/build-state.js'
import { recordedFiles } from '../../rebuild/lost-id-keys.js'
import { relativeTo } from '../../text/relative-path.js'

/** The record of the package a build of `notes` writes, and that package's path, if there is one. */
export type RecordOf = (
  notes: readonly Note[],
  files: ReadonlyArray<{ vaultRoot: string }>,
) => Promise<{ output: string; state: BuildState } | undefined>

/** A note the record has, as a note without an ID may take it back. */
interface GoneNote {
  id: number
  file: string
  type: string
  head: string
}

/**
 * The notes without an ID that take back the ID the record has them under
 * (`restored`), and a warning for each, at the note. `held`: the IDs the
 * notes built have and the ones written in the rest of the vault (a partial
 * build); `writes`: whether the build writes the IDs (not a dry run, not `check`).
 */
export async function restoredIds(
  notes: readonly Note[],
  vault: { files: ReadonlyArray<{ text: string; vaultRoot: string }> },
  held: Iterable<number>,
  { recordOf, writes, cwd }: { recordOf: RecordOf; writes: boolean; cwd: string },
): Promise<{ restored: Map<Note, number>; warnings: Diagnostic[] }> {
  const none = { restored: new Map<Note, number>(), warnings: [] }
  const lacking = notes.filter((note) => note.id === null)
  if (lacking.length === 0) return none
  const record = await recordOf(notes, vault.files)
  if (record === undefined) return none
  const fileOf = recordedFiles(record.output)
  const files = new Set(lacking.map((note) => fileOf(note.source.absolutePath)))
  const taken = new Set(held)
  for (const note of notes) if (note.id !== null) taken.add(note.id)
  let everyGone: GoneNote[] = []
  for (const stamp of Object.values(record.state.notes)) {
    const { id, file, head } = stamp
    // The type Anki has: an ID given back to a note of another type would go on being skipped.
    const type = typeInAnki(stamp)
    // A record from before files and first fields were kept gives nothing back.
    if (id === undefined || file === undefined || type === undefined || head === undefined) continue
    if (!taken.has(id)) everyGone.push({ id, file, type, head })
  }
  if (everyGone.length === 0) return none
  // Still written in a file read: a block broken (its note is not gone), or the ID line after a
  // `DELETE` marker (gone on purpose: a new note with its first field is a new note).
  const written = collectUsedIds(vault.files.map((source) => source.text))
  everyGone = everyGone.filter((entry) => !written.has(entry.id))
  const gone = everyGone.filter((entry) => files.has(entry.file))
  const headOf = cachedFirstFieldKey<Note>()
  const pairs = pairLostIds(lacking, gone, {
    // The file, the note type and the first field's hash: the whole rule, so no two notes are compared.
    noteKey: (note) =>
      `${fileOf(note.source.absolutePath)}\0${packagedTypeName(note)}\0${headOf(note)}`,
    goneKey: (entry) => `${entry.file}\0${entry.type}\0${entry.head}`,
    sameTypeAndFirstField: (note, entry) =>
      packagedTypeName(note) === entry.type && headOf(note) === entry.head,
    mayTake: (note) => note.id === null,
  })
  const restored = new Map<Note, number>()
  const warnings: Diagnostic[] = []
  const others = { lacking: lacking.filter((note) => !pairs.some((pair) => pair.note === note)) }
  const given = new Set(pairs.map((pair) => pair.gone.id))
  // The record names files from the package's folder; a warning, from the current one.
  const shown = (file: string) => relativeTo(cwd, resolve(dirname(record.output), file))
  const gonePaths = { fileOf, headOf, writes, shown }
  warnMovedWithoutId(
    others.lacking,
    everyGone.filter((entry) => !given.has(entry.id)),
    gonePaths,
    warnings,
  )
  for (const { note, gone: entry } of pairs) {
    restored.set(note, entry.id)
    createNoteReporter(note, warnings).warning(
      'id-restored',
      `Unexpected note without an ID, expected ${entry.id}: the last build packaged a note of this type with this first field from this file under that ID, and no note has it now, so it takes that ID back${writes ? '' : ' (a build writes it into the file)'}`,
      {
        hint: 'An ID line lost (deleted by hand, by an editor saving over the file, by a merge) looks like this; importing the package updates that note in Anki in place, with its review history. To make it a new note instead, mark the old ID `DELETE` (see the README).',
      },
    )
  }
  return { restored, warnings }
}

/**
 * A note without an ID that takes none back, with the note type and first
 * field of a note the last build packaged from another file, which no note
 * has now (and no other note without an ID matches): moved there without
 * its ID line, maybe. It gets a new ID, so importing adds a second copy and
 * the old note, with its review history, is listed as removed: say which ID
 * keeps it (`build` gives an ID back only in its own file; the note may be
 * a new one with the same front).
 */
function warnMovedWithoutId(
  lacking: readonly Note[],
  gone: readonly GoneNote[],
  keys: {
    fileOf: (path: string) => string
    headOf: (note: Note) => string
    writes: boolean
    shown: (file: string) => string
  },
  warnings: Diagnostic[],
): void {
  if (lacking.length === 0 || gone.length === 0) return
  const pairs = pairLostIds(lacking, gone, {
    noteKey: (note) => `${note.noteType}\0${keys.headOf(note)}`,
    goneKey: (entry) => `${entry.type}\0${entry.head}`,
    sameTypeAndFirstField: () => true,
    mayTake: () => true,
  })
  for (const { note, gone: entry } of pairs) {
    if (keys.fileOf(note.source.absolutePath) === entry.file) continue
    createNoteReporter(note, warnings).warning(
      'moved-without-id',
      `Unexpected note without an ID with the note type and first field of note ${entry.id}, which the last build packaged from ${keys.shown(entry.file)} and no note has now, expected its ID line with it if it moved here: it gets a new ID${keys.writes ? '' : ' (a build writes it)'}, so importing adds it as a second note, and note ${entry.id} is listed as removed`,
      {
        hint: `Moved here without its ID line? Make its ID line \`<!--ID: ${entry.id}-->\`${keys.writes ? ' (in place of the one this build wrote)' : ''} and build again: importing then updates that note in place, with its review history.`,
      },
    )
  }
}
