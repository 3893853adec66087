/**
 * `decklab sync`'s report names the user's files: a file name holding a
 * newline or `ESC [` must show those characters escaped, as every other
 * command shows them, never forge a line of the report (`deleted note 1 …`)
 * or colour the terminal.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { escapeRegExp } from '../../src/text/escape-regexp.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

/** A file name that, sent as it is, starts a report line of its own in red. */
const file = 'x\n\u001b[31mdeleted note 1 (removed from y).md'
const shown = 'x\\n\\x1b[31mdeleted note 1 (removed from y).md'

function block(question: string): string {
  return `START\nBasic\n${question}\nBack: A\nEND\n`
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync's report of hostile file names${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('shows control characters in file names escaped, in every line that names them', async () => {
      const cwd = await workspace({
        [file]: `${block('Q1?')}\n${block('Q2?')}`,
      })
      const server = await anki(cwd)
      const plan = sync(cwd, server, '--dry-run')
      expect(plan.code, plan.stderr).toBe(0)
      expect(plan.stderr).toContain(`add     ${shown}:1 to Default\n`)
      expect(plan.stderr).toContain(`add     ${shown}:7 to Default\n`)
      const synced = sync(cwd, server)
      expect(synced.code, synced.stderr).toBe(0)
      // The second note taken out of the file: its deletion names the file.
      const text = await readFile(join(cwd, file), 'utf8')
      await writeFile(join(cwd, file), text.slice(0, text.indexOf('START', text.indexOf('END'))))
      const removed = sync(cwd, server)
      expect(removed.code, removed.stderr).toBe(0)
      expect(removed.stderr).toMatch(
        new RegExp(`^deleted note \\d+ \\(removed from ${escapeRegExp(shown)}\\)$`, 'm'),
      )
      for (const run of [plan, synced, removed]) {
        // Not one escape character reached the terminal, nor a line the file name began.
        expect(run.stderr).not.toContain('\u001b')
        expect(run.stderr).not.toMatch(/^\S*deleted note 1 /m)
      }
    })
  },
)
