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

/** A `plugin-synced-vault` warning for each vault whose read files the plugin synced. */
export async function pluginSyncWarnings(
  files: ReadonlyArray<{ absolutePath: string; vaultRoot: string }>,
  cwd: string,
): Promise<Diagnostic[]> {
  const byRoot = new Map<string, Array<{ absolutePath: string }>>()
  for (const file of files) {
    const rooted = byRoot.get(file.vaultRoot)
    if (rooted) rooted.push(file)
    else byRoot.set(file.vaultRoot, [file])
  }
  const diagnostics: Diagnostic[] = []
  for (const [root, rooted] of byRoot) {
    const synced = await pluginSyncedPaths(root)
    if (synced.size === 0) continue
    const listed = rooted.filter((file) =>
      synced.has(nfc(relative(root, file.absolutePath).split(sep).join('/'))),
    ).length
    if (listed === 0) continue
    const settings = relative(cwd, join(root, settingsRelativePath)).split(sep).join('/')
    createReporter(settings, diagnostics).warning(
      'plugin-synced-vault',
      `Unexpected package of notes that Obsidian_to_Anki already synced (${count(listed, 'file')} in its \`File Hashes\`), expected notes new to Anki: importing it would add a second copy of each of their notes`,
      {
        hint: 'Use `decklab sync`: it updates the notes the plugin added in place, by their IDs, with no duplicates.',
      },
    )
  }
  return diagnostics
}
