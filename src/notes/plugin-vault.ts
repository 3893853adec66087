/**
 * Whether Obsidian_to_Anki synced a vault's notes: its `data.json` lists the
 * files it synced ("File Hashes", vault path → hash). Those notes are in
 * Anki under random GUIDs, so importing a package would add a second copy of
 * each; `build` warns and points to `sync`, which addresses them by id.
 */
import { join, relative, sep } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { readRegularText } from '../fs/regular-file.js'
import type { Note } from '../model/note.js'
import { count } from '../text/count.js'
import { nfc } from '../text/nfc.js'
import { maxSettingsBytes, settingsRelativePath } from './settings.js'

/**
 * The vault paths the plugin's settings file records as synced (none when it has no such
 * record), in NFC: Obsidian records its paths so, where a vault copied from a Mac may hold
 * NFD names.
 */
export async function pluginSyncedPaths(vaultRoot: string): Promise<Set<string>> {
  try {
    const data = JSON.parse(
      await readRegularText(join(vaultRoot, settingsRelativePath), { maxBytes: maxSettingsBytes }),
    ) as {
      'File Hashes'?: unknown
    }
    const hashes = data['File Hashes']
    if (typeof hashes === 'object' && hashes !== null && !Array.isArray(hashes)) {
      return new Set(Object.keys(hashes).map(nfc))
    }
  } catch {
    // no settings file, or one decklab's settings reader already reports
  }
  return new Set()
}

/**
 * Whether the plugin could have written this note's ID: it finds a block only
 * where `START` ends its line with `\n` (`^START\n`), so a block in a CRLF
 * file is none of its notes (it hashes the file all the same); inline and
 * regex notes it finds in either.
 */
function pluginReads(note: Note, text: string): boolean {
  if (note.kind !== 'block' || !text.includes('\r')) return true
  let offset = 0
  for (let line = 1; line < note.source.line && offset !== -1; line += 1) {
    offset = text.indexOf('\n', offset) + 1 || -1
  }
  const end = offset === -1 ? -1 : text.indexOf('\n', offset)
  return end !== -1 && text[end - 1] !== '\r'
}

/**
 * A `plugin-synced-vault` warning for each vault whose read files hold notes
 * the plugin synced: notes with an ID, in a file its `File Hashes` lists (it
 * hashes every file it reads, notes or none), of a kind it finds there.
 */
export async function pluginSyncWarnings(
  files: ReadonlyArray<{ absolutePath: string; vaultRoot: string; text: string }>,
  notes: readonly Note[],
  cwd: string,
): Promise<Diagnostic[]> {
  const texts = new Map(files.map((file) => [file.absolutePath, file.text]))
  const byRoot = new Map<string, Note[]>()
  for (const note of notes) {
    if (note.id === null) continue
    const root = note.source.vaultRoot
    byRoot.set(root, [...(byRoot.get(root) ?? []), note])
  }
  const diagnostics: Diagnostic[] = []
  for (const [root, rooted] of byRoot) {
    const synced = await pluginSyncedPaths(root)
    if (synced.size === 0) continue
    const theirs = rooted.filter(
      (note) =>
        synced.has(nfc(relative(root, note.source.absolutePath).split(sep).join('/'))) &&
        pluginReads(note, texts.get(note.source.absolutePath) ?? ''),
    )
    if (theirs.length === 0) continue
    const inFiles = new Set(theirs.map((note) => note.source.absolutePath)).size
    const settings = relative(cwd, join(root, settingsRelativePath)).split(sep).join('/')
    createReporter(settings, diagnostics).warning(
      'plugin-synced-vault',
      `Unexpected package of notes that Obsidian_to_Anki already synced (${count(theirs.length, 'note')} with IDs in ${count(inFiles, 'file')} of its \`File Hashes\`), expected notes new to Anki: importing it would add a second copy of each`,
      {
        hint: 'Use `decklab sync`: it updates the notes the plugin added in place, by their IDs, with no duplicates.',
      },
    )
  }
  return diagnostics
}
