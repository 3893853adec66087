/**
 * Notes of a file Obsidian_to_Anki would skip are left as Anki has them.
 * The plugin skips a file whose text still hashes as its `File Hashes`
 * recorded after its last sync of it (plugin-file-hash.ts), so a typo fixed
 * or a picture added in Anki stayed there until the file changed. A sync
 * does the same for the notes decklab never wrote the fields of (the
 * record keeps no hash of them: a plugin vault's first sync): their fields,
 * tags and decks are left as they are, and the record lists them without
 * that hash. A re-sync finds them unchanged; once a note's block changes (its
 * file then no longer hashes so), the sync replaces Anki's text with it,
 * after keeping Anki's copy in the `anki-edits.jsonl` as for any note no
 * sync recorded (anki-edits.ts).
 */
import { pluginFilePath, unchangedSincePluginSync } from '../../notes/plugin-file-hash.js'
import { pluginFileHashes } from '../../notes/plugin-vault.js'
import { isChange, type NoteChange } from '../../sync/plan.js'
import { noteRef } from './sync-result.js'
import type { SyncSession } from './sync-session.js'

/**
 * `changes` with those the plugin would not have made left out: a change
 * that writes, to a note whose fields the record has no hash of, in a file
 * unchanged since the plugin's last sync, becomes one that writes nothing
 * and records no fields. The notes are named in the result.
 */
export async function leaveAsThePluginWould(
  session: SyncSession,
  changes: readonly NoteChange[],
): Promise<NoteChange[]> {
  const candidates = changes.filter(
    (change) => isChange(change) && session.record.notes[String(change.id)]?.fields === undefined,
  )
  if (candidates.length === 0) return [...changes]
  const unchanged = await filesUnchangedSincePlugin(
    session.loaded.files,
    new Set(candidates.map((change) => change.desired.note.source.absolutePath)),
  )
  const left = new Set(
    candidates.filter((change) => unchanged.has(change.desired.note.source.absolutePath)),
  )
  if (left.size === 0) return [...changes]
  session.result.leftAsAnkiHasThem = [...left].map((change) => ({
    ...noteRef(change.desired),
    fields: change.changedFields,
    addTags: change.addTags,
    removeTags: change.removeTags,
    cards: change.moveCards.length,
  }))
  return changes.map((change) => (left.has(change) ? leftAlone(change) : change))
}

/** The change that leaves the note as Anki has it, and records no hash of its fields. */
function leftAlone(change: NoteChange): NoteChange {
  return {
    ...change,
    fields: null,
    ankiFields: null,
    changedFields: [],
    tagSpacesOnly: [],
    syncedFields: undefined,
    addTags: [],
    removeTags: [],
    moveCards: [],
    movedFrom: [],
    inFilteredDeck: [],
    labDropped: false,
  }
}

/** Which of `paths` (read as `files`) the plugin's `File Hashes` of their vault say are unchanged. */
async function filesUnchangedSincePlugin(
  files: ReadonlyArray<{ absolutePath: string; vaultRoot: string; text: string; bom: boolean }>,
  paths: ReadonlySet<string>,
): Promise<Set<string>> {
  const hashesByRoot = new Map<string, Map<string, string>>()
  const unchanged = new Set<string>()
  for (const file of files) {
    if (!paths.has(file.absolutePath)) continue
    let hashes = hashesByRoot.get(file.vaultRoot)
    if (hashes === undefined) {
      hashes = await pluginFileHashes(file.vaultRoot)
      hashesByRoot.set(file.vaultRoot, hashes)
    }
    if (unchangedSincePluginSync(file, hashes.get(pluginFilePath(file)))) {
      unchanged.add(file.absolutePath)
    }
  }
  return unchanged
}
