/**
 * A lab the vault holds itself (`labs/<id>.ts` beside its notes): decklab
 * runs only the labs of its own clone, so a link to it is an unknown lab.
 * The error then says why, instead of only guessing at another lab's id.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { programName } from '../text/program-name.js'

/**
 * The hint for a link to lab `id` that the vault's own `labs/` folder holds,
 * else undefined; `ownLabs` is decklab's own `labs/` (the clone as a vault: its
 * labs are read, once compiled).
 */
export function vaultLabHint(vaultRoot: string, id: string, ownLabs?: string): string | undefined {
  const folder = join(vaultRoot, 'labs')
  if (ownLabs !== undefined && resolve(folder) === resolve(ownLabs)) return undefined
  // Ids are kebab-case: no id reaches outside the folder.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !existsSync(join(folder, `${id}.ts`))) return undefined
  return `The vault's \`labs/${id}.ts\` is not read: decklab runs only the labs of its own clone (\`${programName()} lab list\`). A course with labs of its own is a copy of the decklab repository, its labs in that \`labs/\` (docs/writing-labs.md, "Shipping your own course").`
}
