/**
 * `stats --revlog FILE` killed while it replaced FILE (`kill -9`, the OOM
 * killer) leaves its temp file beside FILE, in the user's folder: the next
 * run that writes FILE removes it, and never a temp of a writer that runs.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const killer = new URL('../support/kill-at-rename.mjs', import.meta.url).href

describe.skipIf(process.platform !== 'linux')('stats --revlog killed while writing', () => {
  it('leaves no temp file once the next run has written the log', async () => {
    const dir = await tempProject({ 'a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' })
    const stats = (kill: boolean) =>
      runDecklab(['stats', '--revlog', 'log.csv'], {
        cwd: dir,
        env: {
          DECKLAB_STATE_DIR: join(dir, 'state'),
          ...(kill ? { NODE_OPTIONS: `--import=${killer}`, KILL_AT_RENAME_TO: '/log.csv' } : {}),
        },
      })
    const temps = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'))
    expect(stats(true).code).toBeNull()
    expect(temps()).toEqual([expect.stringMatching(/^\.log\.csv\.\d+-[0-9a-f]{8}\.tmp$/)])
    // One of a process that still runs (this test's) is being written: it stays.
    const live = `.log.csv.${process.pid}-0badf00d.tmp`
    writeFileSync(join(dir, live), 'being written')
    const next = stats(false)
    expect(next.code, next.stderr).toBe(0)
    expect(temps()).toEqual([live])
    expect(readdirSync(dir)).toContain('log.csv')
  })
})
