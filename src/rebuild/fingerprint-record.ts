/**
 * The code's fingerprint recorded at compile time (`code-fingerprint.json`
 * beside the compiled sources, written by scripts/write-code-fingerprint.mjs),
 * so a run need not read and hash every fingerprinted module. It is trusted
 * only while a stamp of those modules (names, sizes, modification and
 * change times) is exactly the recorded one: any edit, addition, removal or
 * copy of a module, or a damaged file, means the fingerprint is computed
 * from the bytes again (and recorded anew, so only the first run after a
 * plain `tsc` pays for it). Reading it loads no hash: the quick check uses it
 * without node:crypto.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { plainStatKey } from '../fs/stat-key.js'
import { packageRepositoryUrl, packageVersion } from '../package-info.js'

export const fingerprintFileName = 'code-fingerprint.json'

/**
 * The source folders whose code decides a package: a test checks each exists,
 * and that every folder their modules import is here but those that only word
 * reports (`diagnostics`, `terminal`).
 */
export const fingerprintedAreas = [
  'anki',
  'rebuild',
  'media',
  'commands/build',
  'render',
  'notes',
  'model',
  'markdown',
  'text',
  'fs',
] as const

/** `src/` under tests, `lib/src/` when built. */
export const sourceRoot = dirname(dirname(fileURLToPath(import.meta.url)))

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

/** The decklab version, its repository address and the metadata of every fingerprinted module, as one text. */
export function codeStamp(root: string): string {
  let text = `${packageVersion()}\0${packageRepositoryUrl() ?? ''}\0`
  for (const area of fingerprintedAreas) {
    const directory = join(root, area)
    let names: string[]
    try {
      names = fingerprintedModules(directory)
    } catch {
      text += `${area}\0missing\0`
      continue
    }
    for (const name of names) text += `${area}/${name}\0${plainStatKey(join(directory, name))}\0`
  }
  return text
}

/** The recorded fingerprint of the modules under `root`, while they are as recorded. */
export function recordedFingerprint(root: string): string | undefined {
  return readRecordedFingerprint(root, codeStamp(root))
}

let ownRecord: { fingerprint: string | undefined } | undefined

/**
 * `recordedFingerprint` of decklab's own modules, looked up once a run: the
 * quick check and a build that goes on both need it, and the stamp costs a
 * stat of every fingerprinted module.
 */
export function recordedSourceFingerprint(): string | undefined {
  ownRecord ??= { fingerprint: recordedFingerprint(sourceRoot) }
  return ownRecord.fingerprint
}

/** The recorded fingerprint, when the file is whole and its stamp is `stamp`. */
export function readRecordedFingerprint(root: string, stamp: string): string | undefined {
  try {
    const file = JSON.parse(
      readFileSync(join(root, fingerprintFileName), 'utf8'),
    ) as Partial<FingerprintFile>
    if (file.version !== 1 || file.stamp !== stamp) return undefined
    return typeof file.fingerprint === 'string' && /^[0-9a-f]{64}$/.test(file.fingerprint)
      ? file.fingerprint
      : undefined
  } catch {
    return undefined
  }
}

/** The file's text for a fingerprint computed after `stamp` was taken. */
export function fingerprintFileText(stamp: string, fingerprint: string): string {
  const file: FingerprintFile = { version: 1, stamp, fingerprint }
  return `${JSON.stringify(file)}\n`
}
