/**
 * Labs run from their compiled modules (`lib/labs/<id>.js`). A lab written
 * or edited in `labs/<id>.ts` and not compiled since is not found, or runs
 * its old code, without a word: these notes say so, and what to run. Only
 * a checkout has the sources; an installed package has none to compare.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A note per lab in `sources` (`labs/`, its `.ts` files) whose compiled
 * module in `compiled` (`lib/labs/`) is older, or missing.
 */
export function staleLabSources(sources: string, compiled: string): string[] {
  let names: string[]
  try {
    names = readdirSync(sources).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  } catch {
    return []
  }
  const notes: string[] = []
  for (const name of names.sort()) {
    const note = staleLabSource(sources, compiled, name.slice(0, -3))
    if (note !== undefined) notes.push(note)
  }
  return notes
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
    return `labs/${name} changed since it was compiled, so decklab runs its old code: run \`npm run build\``
  }
  return undefined
}
