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

let manifest: { version?: unknown; repository?: unknown } | undefined

/** decklab's package.json, read once a run. */
function packageManifest(): { version?: unknown; repository?: unknown } {
  manifest ??= JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'))
  return manifest ?? {}
}

export function packageVersion(): string {
  const { version } = packageManifest()
  return typeof version === 'string' ? version : '0.0.0'
}

/**
 * The web address a package.json `repository` names (a string, or `{url}`), when it is
 * an https URL (`git+https://host/x.git` reads `https://host/x`). A shorthand
 * (`github:owner/repo`) or another scheme gives none: decklab names no address it
 * would have to guess.
 */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const url =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null && 'url' in repository
        ? repository.url
        : undefined
  if (typeof url !== 'string') return undefined
  const web = url
    .trim()
    .replace(/^git\+/, '')
    .replace(/\.git$/, '')
  return /^https:\/\/[^\s"'<>`\\]+$/.test(web) ? web : undefined
}

let repository: { url: string | undefined } | undefined

/** The web address of decklab's repository, as its package.json declares it (none when it declares none). */
export function packageRepositoryUrl(): string | undefined {
  repository ??= { url: repositoryWebUrl(packageManifest().repository) }
  return repository.url
}
