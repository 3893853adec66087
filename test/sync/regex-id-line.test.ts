/**
 * Sync writes a regex note's new ID on a line of its own, as build does: with
 * the wiki's table regex (its match takes its line break) the ID was glued
 * onto the `START` line after it, and the block note dropped out on the next
 * sync. Against the real AnkiConnect.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const settings = JSON.stringify({
  settings: { CUSTOM_REGEXPS: { Basic: '\\|([^\n|]+)\\|\n\\|(?:[^\n|]+)\\|\n\\|([^\n|]+)\\|\n?' } },
})

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and a regex note's ID line${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('puts it before the next line, which stays as it was; a second sync changes nothing', async () => {
      const table = '| Q |\r\n| --- |\r\n| A |\r\n'
      const block = 'START\r\nBasic\r\nq\r\nBack: a\r\nEND\r\n'
      const cwd = await workspace({ [pluginSettings]: settings, 'a.md': table + block })
      const server = await anki(cwd)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      const [regexId, blockId] = (first.json?.added ?? []).map((note) => note.id) as [
        number,
        number,
      ]
      const path = join(cwd, 'a.md')
      const written = await readFile(path)
      expect(written.toString('utf8')).toBe(
        `${table}<!--ID: ${regexId}-->\r\n${block.replace('END', `<!--ID: ${blockId}-->\r\nEND`)}`,
      )
      const second = sync(cwd, server, '--json')
      expect(second.code, second.stderr).toBe(0)
      expect(second.json?.added).toEqual([])
      expect(second.json?.deleted).toEqual([])
      expect(second.json?.diagnostics).toEqual([])
      expect((await readFile(path)).equals(written)).toBe(true)
      expect((await server.call<number[]>('findNotes', { query: 'deck:*' })).sort()).toEqual(
        [regexId, blockId].sort(),
      )
    })
  },
)
