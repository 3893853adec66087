/**
 * A preview killed (kill -9, the OOM killer) while it saved its manifest,
 * before any file of the page, left the manifest's temp file (and its lock)
 * in the new output folder: every later `decklab preview` refused that
 * folder as holding files it did not write. The folder is still only the
 * preview's: the next run removes the dead writer's temp file and writes the
 * page. The kill is held, not raced: a preload SIGKILLs decklab at the rename.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const killer = new URL('../support/kill-at-rename.mjs', import.meta.url).href

describe.skipIf(process.platform !== 'linux')('a preview killed while saving its manifest', () => {
  it('leaves a folder the next preview takes as its own', async () => {
    const dir = await tempProject({
      'v/.obsidian/': '',
      'v/a.md': 'START\nBasic\nQuestion?\nBack: Answer\nEND\n',
    })
    const vault = join(dir, 'v')
    const output = join(vault, 'dist', 'preview')
    const env = { DECKLAB_STATE_DIR: join(dir, 'state') }
    const killed = runDecklab(['preview'], {
      cwd: vault,
      env: {
        ...env,
        NODE_OPTIONS: `--import=${killer}`,
        KILL_AT_RENAME_TO: '/.decklab-preview.json',
      },
    })
    expect(killed.code).toBeNull()
    expect(readdirSync(output).filter((name) => name.endsWith('.tmp'))).toHaveLength(1)
    const next = runDecklab(['preview'], { cwd: vault, env })
    expect(next.stderr).toContain('wrote dist/preview/index.html')
    expect(next.code).toBe(0)
    expect(existsSync(join(output, 'index.html'))).toBe(true)
    expect(readdirSync(output).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
