/**
 * A file of the vault that holds one of the named notes' IDs, but is gone (or
 * shut) when it is read for the copy: no copy there now, so no error, whether
 * the loader refuses it as `path-not-found` or `path-unreadable`.
 */
import { describe, expect, it } from 'vitest'
import { checkRestOfVaults } from '../../../src/commands/build/duplicate-ids-elsewhere.js'
import { DecklabError } from '../../../src/errors.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import { tempProject } from '../../support/project.js'

const card = (question: string) =>
  `START\nBasic\n${question}\nBack: A\n<!--ID: 1700000000001-->\nEND\n`

describe('checkRestOfVaults', () => {
  it('reports a copy of an ID elsewhere in the vault, and skips a file gone since', async () => {
    const root = await tempProject({ '.obsidian/': '', 'a.md': card('A'), 'b.md': card('B') })
    const vault = await loadVault({ cwd: root, paths: ['a.md'] })
    const load = (path: string) => loadVault({ cwd: root, paths: [path] })
    const found = await checkRestOfVaults(vault, load, { cwd: root, needIds: false })
    expect(found.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['duplicate-id'])
    for (const code of ['path-not-found', 'path-unreadable']) {
      const gone = async (): Promise<never> => {
        throw new DecklabError(code, 'Unexpected path: gone')
      }
      const result = await checkRestOfVaults(vault, gone, { cwd: root, needIds: false })
      expect(result.diagnostics).toEqual([])
    }
  })
})
