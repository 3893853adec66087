import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let root: string | undefined

/**
 * The package root (where package.json, `labs/peers` and `notes/` live),
 * found by walking up from this module: it is `src/` in tests and
 * `lib/src/` when built.
 */
export function packageRoot(): string {
  if (root) return root
  let directory = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'))
      if (manifest.name === 'decklab') {
        root = directory
        return directory
      }
    } catch {
      // keep walking up
    }
    const parent = dirname(directory)
    if (parent === directory) throw new Error('expected to find decklab package.json')
    directory = parent
  }
}

let version: string | undefined

export function packageVersion(): string {
  version ??= JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version
  return version ?? '0.0.0'
}
