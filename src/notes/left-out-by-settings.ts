/**
 * A path named on the command line that the plugin's settings leave out: a
 * note file outside the Scan Directory or matched by an ignore glob, or a
 * folder outside the Scan Directory. Obsidian_to_Anki has no way to scan a
 * single file or folder: it scans the Scan Directory (else the vault) less
 * the ignored files, so such a note never reaches Anki through it. decklab
 * reads what the user named, and says once that the plugin would not.
 */

import { nfc } from '../text/nfc.js'
import { compileGlob, compileGlobs } from './glob-match.js'
import type { VaultSettings } from './settings.js'

/**
 * Why the plugin's settings leave out the named path at `vaultPath`
 * (`/`-separated, from the vault root; '' for the root), or undefined when
 * they do not.
 */
export function leftOutBySettings(
  path: string,
  isFolder: boolean,
  settings: VaultSettings,
): string | undefined {
  // In NFC, as the settings' paths are (`settings.ts`).
  const vaultPath = nfc(path)
  // Outside the vault (a `--vault-root` elsewhere): no setting speaks of it.
  if (vaultPath === '..' || vaultPath.startsWith('../')) return undefined
  const scan = settings.scanDirectory
  if (scan !== '') {
    const inside = vaultPath === scan || vaultPath.startsWith(`${scan}/`)
    // A folder holding the Scan Directory (the vault root) is narrowed to it when scanned.
    const holds = isFolder && (vaultPath === '' || scan.startsWith(`${vaultPath}/`))
    if (!inside && !holds) return `it is outside the Scan Directory \`${scan}\``
  }
  if (isFolder || !compileGlobs(settings.ignoredFileGlobs).matches(vaultPath)) return undefined
  const glob = settings.ignoredFileGlobs.find((pattern) => matchesOne(pattern, vaultPath))
  return glob === undefined ? 'the ignore globs match it' : `it matches the ignore glob \`${glob}\``
}

/** Whether `glob` (not a `!glob`) matches `path`; one that does not compile never does. */
function matchesOne(glob: string, path: string): boolean {
  if (glob.startsWith('!') && !glob.startsWith('!(')) return false
  try {
    return compileGlob(glob)(path)
  } catch {
    return false
  }
}
