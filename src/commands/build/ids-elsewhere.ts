/**
 * The IDs written in the rest of a vault, for a build of part of it: new IDs
 * must step past them too. Two partial builds of files saved in the same
 * millisecond (after an unzip or a checkout) would otherwise both take that
 * millisecond, and Anki would see one note overwrite the other.
 */
import { readRegularTextSync } from '../../fs/regular-file.js'
import { collectUsedIds } from '../../ids/allocate.js'
import { scanFolder } from '../../notes/scan-files.js'
import { defaultSettings } from '../../notes/settings.js'

/** Every `ID: N` in the note files of the vaults of `files`, other than `files` themselves. */
export async function idsElsewhereInVaults(
  files: ReadonlyArray<{ absolutePath: string; vaultRoot: string }>,
): Promise<Set<number>> {
  const read = new Set(files.map((file) => file.absolutePath))
  const texts: string[] = []
  for (const vaultRoot of new Set(files.map((file) => file.vaultRoot))) {
    // Every note file, ignored ones too: an ID there is still one Anki may have.
    const { files: scanned } = await scanFolder(vaultRoot, vaultRoot, defaultSettings())
    for (const file of scanned) {
      if (read.has(file.absolutePath)) continue
      try {
        texts.push(readRegularTextSync(file.absolutePath))
      } catch {
        // Unreadable: the vault loader reports it when that file is built.
      }
    }
  }
  return collectUsedIds(texts)
}
