/**
 * Whether a note file is as Obsidian_to_Anki last synced it. The plugin
 * keeps, in its `data.json` ("File Hashes", vault path → hash), the MD5 of
 * each file's text as it saved it after a sync (its IDs written in): ts-md5's
 * `Md5.hashStr`, which hashes the UTF-8 bytes of the text, in lowercase hex.
 * A file whose hash is still that is skipped whole by the plugin's next
 * sync, so an edit made in Anki to one of its notes stays until the file
 * changes. Measured against a real vault's `data.json` (a file of 6,313
 * characters with `ṭ`, `”` and `¬` in it): the same hash.
 */
import { createHash } from 'node:crypto'
import { relative, sep } from 'node:path'
import { nfc } from '../text/nfc.js'
import type { SourceFile } from './source-file.js'

/** The plugin's hash of a file's text: MD5 of its UTF-8 bytes, in lowercase hex. */
export function pluginFileHash(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex')
}

/** A file's path as the plugin keys it in `File Hashes`: from the vault's root, `/`-separated, NFC. */
export function pluginFilePath(file: Pick<SourceFile, 'absolutePath' | 'vaultRoot'>): string {
  return nfc(relative(file.vaultRoot, file.absolutePath).split(sep).join('/'))
}

/**
 * Whether `file` is as the plugin last synced it: `recorded` (its `File
 * Hashes` entry) is the hash of its text. decklab reads a file without its
 * byte order mark: the text with one hashes too, as Obsidian may have read
 * it so.
 */
export function unchangedSincePluginSync(
  file: Pick<SourceFile, 'text' | 'bom'>,
  recorded: string | undefined,
): boolean {
  if (recorded === undefined || !/^[0-9a-f]{32}$/i.test(recorded)) return false
  const wanted = recorded.toLowerCase()
  return (
    pluginFileHash(file.text) === wanted ||
    (file.bom && pluginFileHash(`\ufeff${file.text}`) === wanted)
  )
}
