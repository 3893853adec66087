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
import { programName } from '../text/program-name.js'
import { pluginFilePath } from './plugin-file-hash.js'
import { maxSettingsBytes, settingsRelativePath } from './settings.js'

/**
 * The vault paths the plugin's settings file records as synced (none when it has no such
 * record), in NFC: Obsidian records its paths so, where a vault copied from a Mac may hold
 * NFD names.
 */
export async function pluginSyncedPaths(vaultRoot: string): Promise<Set<string>> {
  return new Set((await pluginFileHashes(vaultRoot)).keys())
}

/**
 * The plugin's `File Hashes` (vault path in NFC → the hash it recorded of the
 * file's text as of its last sync of it; see plugin-file-hash.ts): none when
 * the vault has no settings file, or no such record.
 */
export async function pluginFileHashes(vaultRoot: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  try {
    const data = JSON.parse(
      await readRegularText(join(vaultRoot, settingsRelativePath), { maxBytes: maxSettingsBytes }),
    ) as {
      'File Hashes'?: unknown
    }
    const hashes = data['File Hashes']
    if (typeof hashes === 'object' && hashes !== null && !Array.isArray(hashes)) {
      for (const [path, hash] of Object.entries(hashes)) {
        found.set(nfc(path), typeof hash === 'string' ? hash : '')
      }
    }
  } catch {
    // no settings file, or one decklab's settings reader already reports
  }
  return found
}

/**
 * Whether the plugin could have written a note's ID: it finds a block only
 * where `START` ends its line with `\n` (`^START\n`), so a block in a CRLF
 * file is none of its notes (it hashes the file all the same); inline and
 * regex notes it finds in either. Each file's line ends are read once.
 */
function pluginReadsIn(texts: ReadonlyMap<string, string>): (note: Note) => boolean {
  const lfEnds = new Map<string, boolean[] | null>()
  return (note) => {
    if (note.kind !== 'block') return true
    const path = note.source.absolutePath
    let ends = lfEnds.get(path)
    if (ends === undefined) {
      ends = lineEndsWithoutCr(texts.get(path) ?? '')
      lfEnds.set(path, ends)
    }
    return ends === null || ends[note.source.line] === true
  }
}

/** Whether line n (from 1) of `text` ends in `\n` alone; null when the text has no `\r` at all. */
function lineEndsWithoutCr(text: string): boolean[] | null {
  if (!text.includes('\r')) return null
  const ends = [false]
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', end + 1)) {
    ends.push(text[end - 1] !== '\r')
  }
  return ends
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
    const rooted = byRoot.get(root)
    if (rooted) rooted.push(note)
    else byRoot.set(root, [note])
  }
  const pluginReads = pluginReadsIn(texts)
  const diagnostics: Diagnostic[] = []
  for (const [root, rooted] of byRoot) {
    const synced = await pluginSyncedPaths(root)
    if (synced.size === 0) continue
    const theirs = rooted.filter(
      (note) => synced.has(pluginFilePath(note.source)) && pluginReads(note),
    )
    if (theirs.length === 0) continue
    const inFiles = new Set(theirs.map((note) => note.source.absolutePath)).size
    const settings = relative(cwd, join(root, settingsRelativePath)).split(sep).join('/')
    createReporter(settings, diagnostics).warning(
      'plugin-synced-vault',
      `Unexpected package of notes that Obsidian_to_Anki already synced (${count(theirs.length, 'note')} with IDs in ${count(inFiles, 'file')} of its \`File Hashes\`), expected notes new to Anki: importing it would add a second copy of each`,
      {
        hint: `Use \`${programName()} sync\`: it updates the notes the plugin added in place, by their IDs, with no duplicates.`,
      },
    )
  }
  return diagnostics
}
