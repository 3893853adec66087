import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { folderStamp } from '../../src/rebuild/quick-check.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function labFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'decklab-labs-'))
  folders.push(folder)
  writeFileSync(join(folder, 'echo.js'), 'export default {}\n')
  return folder
}

describe('folderStamp (the lab catalog in the nothing-changed shortcut)', () => {
  it('is the same while the folder is untouched', () => {
    const folder = labFolder()
    expect(folderStamp(folder)).toBe(folderStamp(folder))
  })

  it('changes when a lab file is added or edited', () => {
    const folder = labFolder()
    const before = folderStamp(folder)
    writeFileSync(join(folder, 'bind.js'), 'export default {}\n')
    const added = folderStamp(folder)
    expect(added).not.toBe(before)
    writeFileSync(join(folder, 'echo.js'), 'export default { id: "echo" }\n')
    utimesSync(join(folder, 'echo.js'), new Date(2001, 0, 1), new Date(2001, 0, 1))
    expect(folderStamp(folder)).not.toBe(added)
  })

  it('says a missing folder is missing', () => {
    expect(folderStamp(join(tmpdir(), 'decklab-no-such-labs-folder'))).toBe('missing')
  })
})
