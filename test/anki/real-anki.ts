/** Test helper: Anki's own 2.1.15 library from `../shared/tools/anki`, when present. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runAnkiPython } from '../support/anki-python.js'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'

const ankiLibrary = sharedPath('tools', 'anki', 'anki-2.1.15')

/** Why Anki's library cannot run here, or undefined when it can. */
export function realAnkiUnavailable(): string | undefined {
  const missing = sharedPathUnavailable(join(ankiLibrary, 'anki'), "Anki's library")
  if (missing) return missing
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import decorator, requests, send2trash, bs4'])
  if (probe.error || probe.status !== 0) return 'python3 or the Anki library’s modules are missing'
  return undefined
}

/**
 * Import `apkg` into a new collection at `collection` with Anki's importer,
 * then print as JSON the result of `col.findCards(query)` for each query.
 */
export function importAndFind(
  collection: string,
  apkg: string,
  queries: readonly string[],
): Record<string, number[]> {
  const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from anki import Collection
from anki.importing.apkg import AnkiPackageImporter
col = Collection(sys.argv[2])
AnkiPackageImporter(col, sys.argv[3]).run()
print(json.dumps({q: sorted(col.findCards(q)) for q in json.loads(sys.argv[4])}))
col.close()
`
  const result = runAnkiPython([
    '-c',
    script,
    ankiLibrary,
    collection,
    apkg,
    JSON.stringify(queries),
  ])
  if (result.status !== 0) throw new Error(`Anki's importer failed: ${result.stderr}`)
  return JSON.parse(result.stdout)
}
