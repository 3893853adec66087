// A sync killed (kill -9, the OOM killer) while it replaced its record in the state
// directory left the record's temp file in `sync/` for good. The next sync that writes
// the record removes the temp files of that record whose writer is gone. The kill is
// held, not raced: a preload SIGKILLs decklab at the record's rename.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

const killer = new URL('../support/kill-at-rename.mjs', import.meta.url).href
const note = (front: string) => `START\nBasic\n${front}\nBack: an answer\nEND\n`

/** The temp files in the state's `sync/` folder. */
const temps = (state: string) =>
  readdirSync(join(state, 'sync')).filter((name) => name.endsWith('.tmp'))

describe.skipIf(ankiUnavailable !== undefined)(
  `a sync killed while it wrote its record${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('leaves no temp file once the next sync has written the record', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?') })
      const state = join(cwd, 'state')
      const server = await anki(cwd)
      const killed = runDecklab(['sync', '--url', server.url], {
        cwd,
        env: {
          DECKLAB_STATE_DIR: state,
          NODE_OPTIONS: `--import=${killer}`,
          KILL_AT_RENAME_TO: '.json',
        },
        timeoutMs: 120_000,
      })
      expect(killed.code, killed.stderr).toBe(null)
      expect(temps(state)).toHaveLength(1)
      const rerun = sync(cwd, server)
      expect(rerun.code, rerun.stderr).toBe(0)
      expect(temps(state)).toEqual([])
    })
  },
)
