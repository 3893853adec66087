/**
 * The lab catalog written beside the compiled labs (`lib/labs/catalog.json`):
 * each valid lab's id and check names, each broken lab's id and why, and a
 * hash of the lab modules it was read from. `build` and `check` only need names to validate `Lab:` links;
 * reading them here spares importing every lab module (34 of them, with
 * node:net, dgram and child processes behind them) on every build. A
 * catalog whose hash no longer matches the modules is ignored.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LabCatalog } from '../model/lab-catalog.js'
import { isJsonObject } from '../text/json-object.js'

export const catalogFileName = 'catalog.json'

export interface CatalogFile {
  version: 1
  /** `labModulesHash` of the folder when the catalog was written. */
  modules: string
  labs: Array<{ id: string; checks: string[] }>
  /** Labs whose module failed to import or validate (absent in catalogs written before it). */
  broken?: Array<{ id: string; reason: string }>
  /** An id a broken module declares that is not its file name, and that file's id. */
  misnamed?: Array<{ declared: string; id: string }>
}

/**
 * A hash of the lab modules' names and bytes: the `.js` files of `directory`
 * and of its subfolders (sorted by relative path). The subfolders hold the
 * code labs share (`labs/common/names.ts`): a lab whose check names come from
 * there changes with it, and `tsc -w` recompiles only that module.
 */
export function labModulesHash(directory: string): string {
  const digest = createHash('sha256')
  for (const name of moduleFiles(directory, '')) {
    const bytes = readFileSync(join(directory, name))
    digest.update(`${name}\0${bytes.length}\0`).update(bytes)
  }
  return digest.digest('hex')
}

/** The `.js` files under `directory`, as paths relative to it joined by `/`, sorted. */
function moduleFiles(directory: string, prefix: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(join(directory, prefix), { withFileTypes: true })) {
    const name = `${prefix}${entry.name}`
    if (entry.isDirectory()) files.push(...moduleFiles(directory, `${name}/`))
    else if (entry.name.endsWith('.js')) files.push(name)
  }
  return files.sort()
}

/**
 * The catalog in `directory` when it describes the modules there now, else
 * undefined: missing, not JSON, of another shape (`null`, a lab without its
 * id or check names; a damaged file whose hash still matches) or stale. The
 * registry then imports the modules themselves.
 */
export function readCatalogFile(directory: string): LabCatalog | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(directory, catalogFileName), 'utf8'))
  } catch {
    return undefined
  }
  if (!isCatalogFile(parsed)) return undefined
  const catalog = parsed
  try {
    if (catalog.modules !== labModulesHash(directory)) return undefined
  } catch {
    return undefined
  }
  return {
    checks: new Map(catalog.labs.map((lab) => [lab.id, lab.checks])),
    broken: new Map((catalog.broken ?? []).map((lab) => [lab.id, lab.reason])),
    misnamed: new Map((catalog.misnamed ?? []).map((lab) => [lab.declared, lab.id])),
  }
}

/** Whether a parsed catalog file has the shape `catalogFileText` writes. */
function isCatalogFile(value: unknown): value is CatalogFile {
  if (!isJsonObject(value) || value.version !== 1 || typeof value.modules !== 'string') return false
  const listOf = (list: unknown, keys: readonly string[]) =>
    Array.isArray(list) &&
    list.every(
      (entry) => isJsonObject(entry) && keys.every((key) => typeof entry[key] === 'string'),
    )
  const labsValid =
    Array.isArray(value.labs) &&
    value.labs.every(
      (lab) =>
        isJsonObject(lab) &&
        typeof lab.id === 'string' &&
        Array.isArray(lab.checks) &&
        lab.checks.every((check) => typeof check === 'string'),
    )
  return (
    labsValid &&
    (value.broken === undefined || listOf(value.broken, ['id', 'reason'])) &&
    (value.misnamed === undefined || listOf(value.misnamed, ['declared', 'id']))
  )
}

/** The catalog file's text for these labs and broken labs (each sorted as given). */
export function catalogFileText(
  directory: string,
  labs: ReadonlyArray<{ id: string; checks: readonly string[] }>,
  broken: ReadonlyMap<string, string> = new Map(),
  misnamed: ReadonlyMap<string, string> = new Map(),
): string {
  const catalog: CatalogFile = {
    version: 1,
    modules: labModulesHash(directory),
    labs: labs.map((lab) => ({ id: lab.id, checks: [...lab.checks] })),
    broken: [...broken].map(([id, reason]) => ({ id, reason })),
    misnamed: [...misnamed].map(([declared, id]) => ({ declared, id })),
  }
  return `${JSON.stringify(catalog, null, 2)}\n`
}
