import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { folderStamp, quickFingerprint } from '../../src/rebuild/quick-check.js'

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

describe('quickFingerprint (the note files by metadata)', () => {
  function vault(): string {
    const folder = mkdtempSync(join(tmpdir(), 'decklab-quick-'))
    folders.push(folder)
    mkdirSync(join(folder, 'notes/deep'), { recursive: true })
    writeFileSync(join(folder, 'notes/a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    writeFileSync(join(folder, 'notes/deep/b.md'), 'START\nBasic\nQ2\nBack: A\nEND\n')
    return folder
  }
  const fingerprint = (cwd: string, notePaths = ['notes']) =>
    quickFingerprint({ cwd, paths: [], notePaths, labs: 'labs', code: 'code' })

  it('is the same while nothing is touched', () => {
    const cwd = vault()
    expect(fingerprint(cwd)).toBe(fingerprint(cwd))
  })

  it('changes when a note is edited, added, removed or renamed, however deep', () => {
    const cwd = vault()
    const seen = new Set([fingerprint(cwd)])
    const steps = [
      // Same size, other time: an edit that keeps the length.
      () => utimesSync(join(cwd, 'notes/deep/b.md'), new Date(2001, 0, 1), new Date(2001, 0, 1)),
      () => writeFileSync(join(cwd, 'notes/deep/c.md'), 'more'),
      () => rmSync(join(cwd, 'notes/a.md')),
      () => renameSync(join(cwd, 'notes/deep/c.md'), join(cwd, 'notes/deep/d.md')),
      () => mkdirSync(join(cwd, 'notes/deep/deeper')),
    ]
    for (const step of steps) {
      step()
      const now = fingerprint(cwd)
      expect(seen.has(now), String(step)).toBe(false)
      seen.add(now)
    }
  })

  it('changes with the code, the options and the lab catalog', () => {
    const cwd = vault()
    const inputs = { cwd, paths: [], notePaths: ['notes'], labs: 'labs', code: 'code' }
    const variants = [
      { code: 'other code' },
      { labs: 'other labs' },
      { deck: 'Deck' },
      { output: 'out.apkg' },
      { paths: ['notes'] },
    ]
    const keys = variants.map((variant) => quickFingerprint({ ...inputs, ...variant }))
    expect(new Set([quickFingerprint(inputs), ...keys]).size).toBe(variants.length + 1)
  })

  it('leaves out what the note scan leaves out', () => {
    const cwd = vault()
    const skipped = ['notes/.obsidian/workspace.md', 'notes/node_modules/x.md', 'notes/deep/a.png']
    mkdirSync(join(cwd, 'notes/.obsidian'))
    mkdirSync(join(cwd, 'notes/node_modules'))
    for (const file of skipped) writeFileSync(join(cwd, file), 'x')
    const before = fingerprint(cwd)
    // Edited in place: their folders' times stay, so only the files themselves could count.
    for (const file of skipped) writeFileSync(join(cwd, file), 'longer text')
    expect(fingerprint(cwd)).toBe(before)
    writeFileSync(join(cwd, 'notes/a.md'), 'longer text')
    expect(fingerprint(cwd)).not.toBe(before)
  })

  it('stamps a note file named directly, and a missing path', () => {
    const cwd = vault()
    const file = fingerprint(cwd, ['notes/a.md'])
    utimesSync(join(cwd, 'notes/a.md'), new Date(2001, 0, 1), new Date(2001, 0, 1))
    expect(fingerprint(cwd, ['notes/a.md'])).not.toBe(file)
    const missing = fingerprint(cwd, ['gone'])
    writeFileSync(join(cwd, 'gone'), '')
    expect(fingerprint(cwd, ['gone'])).not.toBe(missing)
  })
})
