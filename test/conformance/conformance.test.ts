import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'

// The plugin's conformance vaults live next to the repository (../shared); CI
// runs `npm run conformance` when they are there. This test does the same and
// skips with the reason when they are not.
const root = fileURLToPath(new URL('../..', import.meta.url))
const data = sharedPath('conformance', 'obsidian_to_anki')
const unavailable = sharedPathUnavailable(join(data, 'suites'), 'the conformance suites')

describe('Obsidian_to_Anki conformance', () => {
  it.skipIf(unavailable !== undefined)(
    `passes every suite or prints its deliberate difference${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      const result = spawnSync(process.execPath, [join(root, 'test/conformance/run.mjs'), data], {
        encoding: 'utf8',
      })
      const output = `${result.stdout}${result.stderr}`
      expect(result.status, output).toBe(0)
      expect(result.stdout, output).not.toMatch(/ FAIL$/m)
      expect(result.stdout.match(/^\S+ +(PASS|DIFF)/gm), output).toHaveLength(26)
    },
  )
})
