/**
 * Where the lab modules are: `labs/` two levels up from here, as `.ts` under
 * vitest (`src/labs/`) and as `.js` when built (`lib/src/labs/`). Apart from
 * the registry so a build can stamp the folder without loading the registry.
 */
import { fileURLToPath } from 'node:url'

const labsUrl = new URL('../../labs/', import.meta.url)

/** The extension of the lab modules next to this code. */
export const moduleExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'

/** The folder lab modules are loaded from. */
export function labsDirectory(): string {
  return fileURLToPath(labsUrl)
}
