/**
 * Labs run from their compiled modules (`lib/labs/<id>.js`). A lab written
 * or edited in `labs/<id>.ts` and not compiled since is not found, or runs
 * its old code, without a word: these notes say so, and what to run. Only
 * a checkout has the sources; an installed package has none to compare (its
 * `labs/` holds the python3 peers alone).
 */
import { type Dirent, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A note per lab in `sources` (`labs/`, its `.ts` files) whose compiled
 * module in `compiled` (`lib/labs/`) is older, or missing; and per compiled
 * module whose source is gone (removed or renamed), which decklab still runs
 * until `npm run build` removes it; and per module of shared code in a
 * subfolder (`labs/common/x.ts`) newer than its compiled one, which the labs
 * that import it run old.
 */
export function staleLabSources(sources: string, compiled: string): string[] {
  let names: string[]
  try {
    names = readdirSync(sources).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  } catch {
    return []
  }
  // An installed package ships `labs/peers/` and no lab source: nothing to compare, as
  // without the folder (and as `npm run build`'s clean-up of lib/labs/ decides).
  if (names.length === 0) return []
  const ids = new Set(names.map((name) => name.slice(0, -3)))
  const notes: Array<[string, string]> = []
  for (const id of ids) {
    const note = staleLabSource(sources, compiled, id)
    if (note !== undefined) notes.push([id, note])
  }
  for (const id of compiledWithoutSource(compiled, ids)) notes.push([id, goneNote(id)])
  for (const note of staleSharedCode(sources, compiled)) notes.push([note, note])
  return notes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, note]) => note)
}

const changedWords =
  'changed since it was compiled, so decklab runs its old code: run `npm run build`'

/**
 * The modules (`common/x`, no extension) of the subfolders of `sources`
 * whose compiled module in `compiled` is older. One not compiled at all is
 * left out: a lab importing it cannot load, and is listed as broken for it.
 */
function changedSharedCode(sources: string, compiled: string, prefix: string): string[] {
  const changed: string[] = []
  let entries: Dirent[]
  try {
    entries = readdirSync(join(sources, prefix), { withFileTypes: true })
  } catch {
    return changed
  }
  for (const entry of entries) {
    const name = `${prefix}${entry.name}`
    if (entry.isDirectory()) changed.push(...changedSharedCode(sources, compiled, `${name}/`))
    else if (prefix !== '' && name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      const module = name.slice(0, -3)
      const source = statSync(join(sources, name), { throwIfNoEntry: false })
      const built = statSync(join(compiled, `${module}.js`), { throwIfNoEntry: false })
      if (source && built && source.mtimeMs > built.mtimeMs) changed.push(module)
    }
  }
  return changed
}

function goneNote(id: string): string {
  return `labs/${id}.ts is gone (removed or renamed), but decklab still runs its compiled lib/labs/${id}.js: run \`npm run build\``
}

/**
 * The ids among `ids` (compiled labs) whose `labs/<id>.ts` is gone from a
 * checkout's `sources`, with the note for each: `npm run build` removes
 * their modules, and a fresh clone never has them. None outside a checkout.
 */
export function goneLabSources(sources: string, ids: Iterable<string>): Map<string, string> {
  const gone = new Map<string, string>()
  let names: Set<string>
  try {
    names = new Set(readdirSync(sources).filter((name) => name.endsWith('.ts')))
  } catch {
    return gone
  }
  if (names.size === 0) return gone
  for (const id of ids) if (!names.has(`${id}.ts`)) gone.set(id, goneNote(id))
  return gone
}

/** The ids of the compiled lab modules in `compiled` with no source among `ids`. */
function compiledWithoutSource(compiled: string, ids: ReadonlySet<string>): string[] {
  try {
    return readdirSync(compiled, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => entry.name.slice(0, -3))
      .filter((id) => !ids.has(id))
  } catch {
    return []
  }
}

/**
 * The notes of shared code in `sources`' subfolders changed since it was
 * compiled: a lab's check names may come from there (`labs/common/names.ts`).
 */
export function staleSharedCode(sources: string, compiled: string): string[] {
  return changedSharedCode(sources, compiled, '').map(
    (shared) => `labs/${shared}.ts ${changedWords}`,
  )
}

/** The note for the lab `id` alone: its `labs/<id>.ts` not compiled, or newer than its module. */
export function staleLabSource(sources: string, compiled: string, id: string): string | undefined {
  const name = `${id}.ts`
  const source = statSync(join(sources, name), { throwIfNoEntry: false })
  if (source === undefined || !source.isFile()) return undefined
  const module = statSync(join(compiled, `${id}.js`), { throwIfNoEntry: false })
  if (module === undefined) {
    return `labs/${name} is not compiled yet, so decklab does not know it: run \`npm run build\``
  }
  if (source.mtimeMs > module.mtimeMs) {
    return `labs/${name} ${changedWords}`
  }
  return undefined
}
