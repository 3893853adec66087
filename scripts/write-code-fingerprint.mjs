// After tsc: write lib/src/code-fingerprint.json, the fingerprint of the
// compiled modules that decide a package, so `build` need not read and hash
// them on every run (src/rebuild/fingerprint-record.ts; ignored at run time
// once any of those modules changes).
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sourceRoot = join(root, 'lib', 'src')
const { codeFingerprintFile } = await import(
  pathToFileURL(join(sourceRoot, 'rebuild/fingerprint.js')).href
)
const { fingerprintFileName } = await import(
  pathToFileURL(join(sourceRoot, 'rebuild/fingerprint-record.js')).href
)
writeFileSync(join(sourceRoot, fingerprintFileName), codeFingerprintFile(sourceRoot))
