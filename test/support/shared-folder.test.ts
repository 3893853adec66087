import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sharedPathUnavailable, unavailableReason } from './shared-folder.js'

describe('sharedPathUnavailable', () => {
  it('is undefined for a readable file and names an absent one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'decklab-shared-'))
    try {
      writeFileSync(join(folder, 'tool.py'), '')
      expect(sharedPathUnavailable(join(folder, 'tool.py'), 'the tool')).toBeUndefined()
      expect(sharedPathUnavailable(join(folder, 'none.py'), 'the tool')).toBe(
        `no the tool at ${join(folder, 'none.py')} (../shared is absent)`,
      )
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('says "not readable" for a permission error, not "absent"', () => {
    // As root every mode reads; the reason is checked on the error access() gives a user.
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    expect(unavailableReason(denied, '/x/shared/tools/anki', "Anki's library")).toBe(
      "Anki's library at /x/shared/tools/anki is not readable by this user (EACCES)",
    )
  })
})
