/**
 * `decklab sync` on a terminal says what it is doing (a first sync of
 * thousands of notes takes a while), on one status line erased before the
 * report; off a terminal, and with `--json`, it draws nothing. `script`
 * gives the sync a pseudo-terminal; the real AnkiConnect answers it.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'
import { ankiUnavailable } from '../sync/anki-server.js'
import { anki, sync, workspace } from '../sync/sync-fixture.js'

const skipped = ankiUnavailable ?? terminalUnavailable

const notes = {
  '.obsidian/app.json': '{}',
  'a.md':
    'START\nBasic\nFirst question\nBack: one\nEND\n\nSTART\nBasic\nSecond question\nBack: two\nEND\n',
}

describe.skipIf(skipped !== undefined)(
  `sync progress${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    it('on a terminal, shows what it reads and adds on a status line erased before the report', async () => {
      const cwd = await workspace(notes)
      const server = await anki(cwd)
      const { status, output } = runDecklabOnTerminal(['sync', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
        timeoutMs: 120_000,
      })
      expect(status, output).toBe(0)
      const reading = output.indexOf('\r\u001b[2Kreading notes…')
      const adding = output.indexOf('\r\u001b[2Kadding notes 2/2…')
      const synced = output.indexOf('synced with')
      expect(reading).toBeGreaterThanOrEqual(0)
      expect(adding).toBeGreaterThan(reading)
      expect(synced).toBeGreaterThan(adding)
      // Erased before the report: the terminal keeps only the report.
      expect(output.slice(adding, synced)).toMatch(/\r\u001b\[2K$/)
    })

    it('off a terminal, and with --json, draws no status line', async () => {
      const cwd = await workspace(notes)
      const server = await anki(cwd)
      const human = sync(cwd, server)
      expect(human.code, human.stderr).toBe(0)
      expect(human.stderr).not.toContain('\r')
      expect(human.stderr).not.toContain('adding notes')
      const json = sync(cwd, server, '--json')
      expect(json.code).toBe(0)
      expect(json.stderr).toBe('')
    })
  },
)
