/**
 * Whether `decklab sync` keeps an Anki in step with the notes a build
 * packages: its record (in the state directory) lists notes of the files
 * read. The notes sync added have the random GUIDs Anki gave them, so
 * importing a package into that Anki adds a second copy of each. The
 * README says not to mix the two on one collection; `build` says so when
 * it happens, as it does for the plugin's vaults (`plugin-synced-vault`).
 */
import { relative, sep } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter, createReporter, type NotePlace } from '../../diagnostics/reporter.js'
import { ankisSyncing } from '../../sync/sync-record.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'

/**
 * A `sync-synced-notes` warning for each Anki that `decklab sync` keeps in
 * step with these files, at the first note (in the order read) it synced
 * there: a note that Anki has, not the first file's first line.
 */
export async function syncedBySyncWarnings(
  files: ReadonlyArray<{ absolutePath: string }>,
  notes: ReadonlyArray<NotePlace & { id: number | null }>,
  stateDirectory: string | undefined,
  cwd: string,
): Promise<Diagnostic[]> {
  const first = files[0]
  if (stateDirectory === undefined || first === undefined) return []
  const ankis = await ankisSyncing(stateDirectory, new Set(files.map((file) => file.absolutePath)))
  const diagnostics: Diagnostic[] = []
  const at = relative(cwd, first.absolutePath).split(sep).join('/')
  for (const anki of ankis) {
    const synced = notes.find((note) => note.id !== null && anki.ids.has(note.id))
    const reporter = synced
      ? createNoteReporter(synced, diagnostics)
      : createReporter(at, diagnostics)
    reporter.warning(
      'sync-synced-notes',
      `Unexpected package of notes that \`${programName()} sync\` keeps in step with the Anki at ${anki.url} (${count(anki.notes, 'note')} of the files read), expected notes new to that Anki: importing it there would add a second copy of each note sync added`,
      {
        hint: `Bring that Anki in step with \`${programName()} sync\`; a package is for another collection, or to share.`,
      },
    )
  }
  return diagnostics
}
