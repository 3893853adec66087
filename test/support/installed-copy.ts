/**
 * A copy of the built package in a temporary folder (its own `lib/`, the
 * same node_modules), for CLI tests that must change the built code or add
 * a lab module without touching the tree other tests run from.
 */
import { cpSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../src/package-info.js'
import { tempProject } from './project.js'

/** Copy `package.json`, `lib` and each of `extra` (e.g. `scripts`); returns the copy's root. */
export async function installedCopy(extra: readonly string[] = []): Promise<string> {
  const root = packageRoot()
  const copy = await tempProject({}, 'decklab-install-')
  for (const part of ['package.json', 'lib', ...extra]) {
    cpSync(join(root, part), join(copy, part), { recursive: true })
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'))
  return copy
}
