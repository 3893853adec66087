/**
 * The lab registry: every module in `labs/` (next to the compiled code) whose
 * default export is a valid `LabDefinition`, sorted by id. Importing a lab
 * module starts nothing; only `run` does work.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DecklabError } from '../errors.js'
import type { LabCatalog } from '../model/lab-catalog.js'
import { packageRoot } from '../package-info.js'
import { errorMessage } from '../text/error-message.js'
import { readCatalogFile } from './catalog-file.js'
import { refuseLabExits } from './exit-guard.js'
import { withImportStdoutOnStderr } from './import-stdout.js'
import { labsDirectory, moduleExtension } from './labs-folder.js'
import { knownRequirements, unknownRequirement } from './requirements.js'
import { goneLabSources, staleLabSource, staleSharedCode } from './stale-sources.js'
import { throwPlaceSuffix } from './throw-place.js'
import type { LabDefinition, ServeKind } from './types.js'

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const serveKinds: ReadonlyArray<ServeKind | null> = ['stream', 'datagram', 'seqpacket', null]

export interface LoadedLabs {
  labs: LabDefinition[]
  /** Lab id → why its module could not be used. */
  broken: Map<string, string>
  /** The id a broken module declares, when not its file name → the file's id. */
  misnamed: Map<string, string>
}

let loading: Promise<LoadedLabs> | undefined

function loadAll(): Promise<LoadedLabs> {
  loading ??= importLabsFrom(labsDirectory(), moduleExtension)
  loading.catch(() => {
    loading = undefined
  })
  return loading
}

/**
 * Every valid lab, sorted by id (loaded once per process). A module that
 * fails to import or validate is left out and reported by `loadBrokenLabs`,
 * so one broken lab never takes the others down.
 */
export async function loadLabs(): Promise<LabDefinition[]> {
  return (await loadAll()).labs
}

/** Lab id → why its module could not be loaded (empty when every lab is fine). */
export async function loadBrokenLabs(): Promise<ReadonlyMap<string, string>> {
  return (await loadAll()).broken
}

/** An id a broken module declares that is not its file name → that file's lab id. */
export async function loadMisnamedLabs(): Promise<ReadonlyMap<string, string>> {
  return (await loadAll()).misnamed
}

/**
 * The labs whose `labs/<id>.ts` a checkout no longer has (removed or
 * renamed), each with its note: their old compiled modules still load until
 * `npm run build` removes them, but a card linking one links no lab (an
 * `unknown-lab` error), so none is run for a card. None when run from
 * sources, or in an installed package (no lab sources at all).
 */
export async function loadGoneLabs(): Promise<ReadonlyMap<string, string>> {
  if (moduleExtension !== '.js') return new Map()
  const ids = (await loadLabs()).map((lab) => lab.id)
  return goneLabSources(join(packageRoot(), 'labs'), ids)
}

/** The lab with this id, or `undefined`. */
export async function findLab(id: string): Promise<LabDefinition | undefined> {
  return (await loadLabs()).find((lab) => lab.id === id)
}

/**
 * Each lab's check names and the broken labs, for validating `Lab: id#check`
 * links: read from the compiled catalog when it matches the lab modules (no
 * lab imported), else from the modules themselves.
 */
export async function loadLabCatalog(): Promise<LabCatalog> {
  const compiled = moduleExtension === '.js'
  const catalog =
    (compiled ? readCatalogFile(labsDirectory()) : undefined) ?? (await modulesCatalog())
  // Run from sources (under vitest), nothing is compiled to be stale.
  if (!compiled) return catalog
  const sources = join(packageRoot(), 'labs')
  // A lab whose source a checkout no longer has (removed or renamed) is unknown, as it is
  // after the next build and in a fresh clone: its old module is no lab to link a card to.
  const gone = goneLabSources(sources, catalog.checks.keys())
  // Walked once, at the first link that needs a hint: `check` asks for each unknown link.
  let sharedChanged: string[] | undefined
  const firstSharedChange = () => {
    sharedChanged ??= staleSharedCode(sources, labsDirectory())
    return sharedChanged[0]
  }
  return {
    ...catalog,
    checks: new Map([...catalog.checks].filter(([id]) => !gone.has(id))),
    // A lab added or edited in a checkout (written, or brought by a `git pull`) and not compiled since.
    // Or shared code a lab may take its check names from, edited and not compiled since.
    staleSource: (id) =>
      kebabCase.test(id)
        ? (staleLabSource(sources, labsDirectory(), id) ?? gone.get(id) ?? firstSharedChange())
        : undefined,
  }
}

/** The catalog of the lab modules themselves (each imported). */
async function modulesCatalog(): Promise<LabCatalog> {
  const { labs, broken, misnamed } = await loadAll()
  return { checks: new Map(labs.map((lab) => [lab.id, lab.checks])), broken, misnamed }
}

/** Import and validate every lab module in `directory` (exported for tests). */
export async function importLabsFrom(directory: string, extension: string): Promise<LoadedLabs> {
  let names: string[]
  try {
    names = await readdir(directory)
  } catch (error) {
    throw new DecklabError('labs', `cannot list the labs folder ${directory}: ${String(error)}`)
  }
  const files = names.filter((name) => name.endsWith(extension) && !name.endsWith('.d.ts')).sort()
  const broken = new Map<string, string>()
  const misnamed = new Map<string, string>()
  const labs: LabDefinition[] = []
  // A module whose top level calls process.exit would end decklab silently, with its code.
  const allowExits = refuseLabExits(directory)
  // What a module's top level prints would land in decklab's report (`--json`): sent to stderr.
  const importAll = () =>
    Promise.all(
      files.map(async (file) => {
        const id = file.slice(0, -extension.length)
        // Named by the source the author edits, not the compiled module decklab imported.
        const source = `labs/${id}.ts`
        try {
          const module = (await import(pathToFileURL(join(directory, file)).href)) as {
            default?: unknown
          }
          const labProblems = validateLab(module.default, id)
          if (labProblems.length > 0) broken.set(id, `${source}: ${labProblems.join('; ')}`)
          else labs.push(module.default as LabDefinition)
          const declared = (module.default as { id?: unknown } | undefined)?.id
          if (typeof declared === 'string' && declared !== id && kebabCase.test(declared)) {
            misnamed.set(declared, id)
          }
        } catch (error) {
          // Where its top level threw (a data file it reads, a call that throws), as a run's throw says.
          const place = throwPlaceSuffix(error, directory, packageRoot())
          broken.set(id, `${source}: cannot import: ${errorMessage(error)}${place}`)
        }
      }),
    )
  await withImportStdoutOnStderr(directory, packageRoot(), importAll).finally(allowExits)
  labs.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
  const byId = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : 1)
  return {
    labs,
    broken: new Map([...broken].sort(byId)),
    misnamed: new Map([...misnamed].sort(byId)),
  }
}

/** What is wrong with a lab module's default export (empty when it is a valid definition for `fileId`). */
export function validateLab(value: unknown, fileId: string): string[] {
  if (typeof value !== 'object' || value === null) return ['has no default export LabDefinition']
  const lab = value as Partial<Record<keyof LabDefinition, unknown>>
  const problems: string[] = []
  if (lab.id !== fileId)
    problems.push(`id \`${String(lab.id)}\` must equal the file name \`${fileId}\``)
  if (!kebabCase.test(fileId)) problems.push(`id \`${fileId}\` must be kebab-case`)
  if (typeof lab.title !== 'string' || lab.title.trim() === '') problems.push('needs a title')
  if (typeof lab.summary !== 'string' || lab.summary.trim() === '') problems.push('needs a summary')
  if (typeof lab.run !== 'function') problems.push('needs a run(context) function')
  if (!serveKinds.includes(lab.serve as ServeKind | null)) {
    problems.push(
      `serve must be "stream", "datagram", "seqpacket" or null, not ${JSON.stringify(lab.serve)}`,
    )
  }
  if (!Array.isArray(lab.requires)) problems.push('needs a requires array')
  else {
    for (const requirement of lab.requires) {
      if (!knownRequirements.includes(requirement)) problems.push(unknownRequirement(requirement))
    }
  }
  if (!Array.isArray(lab.checks) || lab.checks.length === 0)
    problems.push('must declare its checks')
  else {
    const seen = new Set<string>()
    for (const name of lab.checks) {
      if (typeof name !== 'string' || !kebabCase.test(name))
        problems.push(`check name \`${String(name)}\` must be kebab-case`)
      else if (seen.has(name)) problems.push(`check \`${name}\` is declared twice`)
      seen.add(String(name))
    }
  }
  return problems
}
