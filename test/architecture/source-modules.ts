/** The TypeScript modules of the repository, as the architecture tests read them. */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One module's path (relative to the repository, `/`-separated) and text. */
export interface SourceModule {
  path: string
  text: string
}

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Every TypeScript module under `folder` (relative to the repository), with its text. */
export function readModules(folder: string): SourceModule[] {
  const entries = readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name)
      return { path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }
    })
}
