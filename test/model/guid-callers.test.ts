// Only the model derives a GUID: every other module reads `note.guid`.
// A source scan, so a stage that starts hashing IDs again fails here.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const source = join(root, 'src')

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return typeScriptFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Calls of the GUID hash, or imports of the module that holds it. */
const guidUse = /\bguidFor(?:NoteId)?\s*\(|model\/guid\.js|from '\.\/guid\.js'/

describe('the GUID hash', () => {
  it('is called only in src/model', () => {
    const files = typeScriptFiles(source)
    expect(files.length).toBeGreaterThan(50)
    const users = files
      .filter((file) => guidUse.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file).split('\\').join('/'))
    expect(users.length).toBeGreaterThan(0)
    expect(users.filter((file) => !file.startsWith('src/model/'))).toEqual([])
  })
})
