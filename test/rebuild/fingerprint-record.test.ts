import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { codeFingerprint, codeFingerprintFile, hashCode } from '../../src/rebuild/fingerprint.js'
import {
  fingerprintedAreas,
  fingerprintFileName,
  recordedFingerprint,
} from '../../src/rebuild/fingerprint-record.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A compiled source tree: one module in each fingerprinted area, and the recorded fingerprint. */
function sourceRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'decklab-code-'))
  folders.push(root)
  for (const area of fingerprintedAreas) {
    mkdirSync(join(root, area), { recursive: true })
    writeFileSync(join(root, area, 'module.js'), `export const area = '${area}'\n`)
  }
  writeFileSync(join(root, fingerprintFileName), codeFingerprintFile(root))
  return root
}

const recorded = (root: string) => join(root, fingerprintFileName)
const renderModule = (root: string) => join(root, 'render', 'module.js')

describe('the recorded code fingerprint', () => {
  it('is the fingerprint of the modules’ bytes', () => {
    const root = sourceRoot()
    expect(codeFingerprint(root)).toBe(hashCode(root))
  })

  it('is trusted while the modules are as recorded (their bytes are not read)', () => {
    const root = sourceRoot()
    const file = JSON.parse(codeFingerprintFile(root))
    writeFileSync(recorded(root), JSON.stringify({ ...file, fingerprint: 'f'.repeat(64) }))
    expect(codeFingerprint(root)).toBe('f'.repeat(64))
    expect(recordedFingerprint(root)).toBe('f'.repeat(64))
  })

  it('is computed again when a module is edited, even to the same size and time', () => {
    const root = sourceRoot()
    const before = codeFingerprint(root)
    writeFileSync(renderModule(root), "export const area = 'RENDER'\n")
    // The old modification time put back: the change time still moves.
    utimesSync(renderModule(root), new Date(2001, 0, 1), new Date(2001, 0, 1))
    expect(recordedFingerprint(root)).toBeUndefined()
    const after = codeFingerprint(root)
    expect(after).not.toBe(before)
    expect(after).toBe(hashCode(root))
  })

  it('is computed again when a module is added or removed', () => {
    const root = sourceRoot()
    const before = codeFingerprint(root)
    writeFileSync(join(root, 'anki', 'extra.js'), '')
    const added = codeFingerprint(root)
    expect(added).not.toBe(before)
    expect(added).toBe(hashCode(root))
    rmSync(join(root, 'anki', 'extra.js'))
    rmSync(join(root, 'notes', 'module.js'))
    expect(codeFingerprint(root)).toBe(hashCode(root))
    expect(codeFingerprint(root)).not.toBe(before)
  })

  it('is computed from the bytes when the file is missing or damaged', () => {
    const root = sourceRoot()
    const file = JSON.parse(codeFingerprintFile(root))
    const damaged = [
      '',
      '{"version":1,',
      'null',
      JSON.stringify({ ...file, version: 2, fingerprint: 'f'.repeat(64) }),
      JSON.stringify({ ...file, fingerprint: 'not a hash' }),
      JSON.stringify({ ...file, fingerprint: undefined }),
      JSON.stringify({ ...file, stamp: `${file.stamp}x`, fingerprint: 'f'.repeat(64) }),
    ]
    for (const text of damaged) {
      writeFileSync(recorded(root), text)
      expect(recordedFingerprint(root), text).toBeUndefined()
      expect(codeFingerprint(root), text).toBe(hashCode(root))
    }
    rmSync(recorded(root))
    expect(codeFingerprint(root)).toBe(hashCode(root))
  })

  it('is recorded anew when it had to be computed, and trusted from then on', () => {
    const root = sourceRoot()
    writeFileSync(renderModule(root), "export const area = 'RENDER'\n")
    const computed = codeFingerprint(root, { record: true })
    expect(computed).toBe(hashCode(root))
    expect(readFileSync(recorded(root), 'utf8')).toBe(codeFingerprintFile(root))
    // Trusted now: a forged fingerprint with the current stamp is returned as is.
    const file = JSON.parse(readFileSync(recorded(root), 'utf8'))
    writeFileSync(recorded(root), JSON.stringify({ ...file, fingerprint: 'f'.repeat(64) }))
    expect(codeFingerprint(root, { record: true })).toBe('f'.repeat(64))
  })

  it('is only computed when it cannot be saved', () => {
    const root = sourceRoot()
    // A folder in the file's place (even root cannot rename a file over it).
    rmSync(recorded(root))
    mkdirSync(recorded(root))
    writeFileSync(join(recorded(root), 'keep'), '')
    expect(codeFingerprint(root, { record: true })).toBe(hashCode(root))
    expect(readFileSync(join(recorded(root), 'keep'), 'utf8')).toBe('')
  })
})
