/**
 * Anki's Python library (2.1.15, in ../shared) as the tests run it. Anki
 * keeps its temporary files in one folder, `$TMPDIR/anki_temp`, and removes
 * it when its process ends: two Anki processes at once (test files run in
 * parallel) removed each other's unpacked package mid-import ("attempt to
 * write a readonly database"). Each gets a TMPDIR of its own.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sharedPath } from './shared-folder.js'

export const python = '/usr/bin/python3'

/** An environment for one Anki process, with a TMPDIR of its own; `dispose` removes that. */
export function ankiEnvironment(extra: Record<string, string> = {}): {
  env: NodeJS.ProcessEnv
  dispose: () => void
} {
  const temporary = mkdtempSync(join(tmpdir(), 'decklab-anki-'))
  return {
    env: { ...process.env, ...extra, TMPDIR: temporary },
    dispose: () => rmSync(temporary, { recursive: true, force: true }),
  }
}

/** Run python3 with `args` for Anki's library, in a TMPDIR of its own (removed after). */
export function runAnkiPython(args: readonly string[]): SpawnSyncReturns<string> {
  const { env, dispose } = ankiEnvironment()
  try {
    return spawnSync(python, args, { encoding: 'utf8', env })
  } finally {
    dispose()
  }
}

const ankiTools = sharedPath('tools', 'anki')

/**
 * Run these Python lines with Anki's library, `col` open on `collection`
 * (created when missing) and closed after them; throws with Anki's stderr.
 */
export function withAnkiCollection(collection: string, lines: readonly string[]): void {
  const script = [
    'import sys',
    `sys.path[:0] = [${JSON.stringify(join(ankiTools, 'shim'))}, ${JSON.stringify(join(ankiTools, 'anki-2.1.15'))}]`,
    'import anki, aqt',
    'from anki import Collection',
    `col = Collection(${JSON.stringify(collection)})`,
    ...lines,
    'col.close()',
  ].join('\n')
  const run = runAnkiPython(['-c', script])
  if (run.status !== 0) throw new Error(`Anki's library: ${run.stderr}`)
}
