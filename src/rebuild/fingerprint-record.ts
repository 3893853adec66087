/**
 * The code's fingerprint recorded at compile time (`code-fingerprint.json`
 * beside the compiled sources, written by scripts/write-code-fingerprint.mjs),
 * so a run need not read and hash every fingerprinted module. It is trusted
 * only while a stamp of those modules (names, sizes, modification and
 * change times) is exactly the recorded one: any edit, addition, removal or
 * copy of a module, or a damaged file, means the fingerprint is computed
 * from the bytes again (and recorded anew, so only the first run after a
 * plain `tsc` pays for it).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { statKey } from '../fs/stat-key.js'
import { writeFileAtomic } from '../fs/write-atomic.js'

export const fingerprintFileName = 'code-fingerprint.json'

interface FingerprintFile {
  version: 1
  /** `codeStamp` when the fingerprint was computed. */
  stamp: string
  fingerprint: string
}

/** Which files a fingerprint reads: the `.js` and `.ts` modules of each area, sorted by name. */
export function fingerprintedModules(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /\.(js|ts)$/.test(name))
    .sort()
}

/** The decklab version and the metadata of every fingerprinted module, as one text. */
export function codeStamp(sourceRoot: string, areas: readonly string[], version: string): string {
  let text = `${version}\0`
  for (const area of areas) {
    const directory = join(sourceRoot, area)
    let names: string[]
    try {
      names = fingerprintedModules(directory)
    } catch {
      text += `${area}\0missing\0`
      continue
    }
    for (const name of names) text += `${area}/${name}\0${statKey(join(directory, name))}\0`
  }
  return text
}

/** The recorded fingerprint, when the file is whole and its stamp is `stamp`. */
export function readRecordedFingerprint(sourceRoot: string, stamp: string): string | undefined {
  try {
    const file = JSON.parse(
      readFileSync(join(sourceRoot, fingerprintFileName), 'utf8'),
    ) as Partial<FingerprintFile>
    if (file.version !== 1 || file.stamp !== stamp) return undefined
    return typeof file.fingerprint === 'string' && /^[0-9a-f]{64}$/.test(file.fingerprint)
      ? file.fingerprint
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Save the file, if the folder is writable (an installed copy may not be: it
 * then hashes its modules on every run, as without the file).
 */
export function recordFingerprint(sourceRoot: string, text: string): void {
  try {
    writeFileAtomic(join(sourceRoot, fingerprintFileName), text)
  } catch {
    // read-only: nothing to save
  }
}

/** The file's text for a fingerprint computed after `stamp` was taken. */
export function fingerprintFileText(stamp: string, fingerprint: string): string {
  const file: FingerprintFile = { version: 1, stamp, fingerprint }
  return `${JSON.stringify(file)}\n`
}
