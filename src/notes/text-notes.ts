/**
 * Which `.txt` files are notes. With a Scan Directory set, Obsidian_to_Anki
 * reads every file under it (`getAllTFilesInFolder`, no extension filter),
 * and writes IDs into the notes it finds there, `.txt` files included;
 * without one it reads only Markdown (`getMarkdownFiles`). decklab reads
 * `.txt` files under the Scan Directory as notes, as the plugin does. The
 * other files there (pictures, PDFs, canvases) hold no card blocks: not read.
 */
import type { VaultSettings } from './settings.js'

/** Whether a file name ends in `.txt` (any case). */
export function hasTxtSuffix(name: string): boolean {
  return name.length > 4 && name.slice(-4).toLowerCase() === '.txt'
}

/** Whether the file at `vaultPath` (`/`-separated, in NFC) is a `.txt` note the plugin reads. */
export function isTextNote(vaultPath: string, settings: VaultSettings): boolean {
  const scan = settings.scanDirectory
  return scan !== '' && hasTxtSuffix(vaultPath) && vaultPath.startsWith(`${scan}/`)
}
