/** A temporary project folder for CLI tests, holding the given files, removed when the test ends. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { onTestFinished } from 'vitest'

/** Create the folder with each file (folders made as needed; a name ending in `/` is a folder); returns its path. */
export async function tempProject(
  files: Record<string, string | Uint8Array>,
  prefix = 'decklab-project-',
): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  for (const [name, content] of Object.entries(files)) {
    const path = join(directory, name)
    await mkdir(dirname(path), { recursive: true })
    if (name.endsWith('/')) await mkdir(path, { recursive: true })
    else await writeFile(path, content)
  }
  return directory
}
