/**
 * A sync deletes a note whose block is gone with its cards and review
 * history. On a terminal it lists those notes and asks first; a script
 * (no terminal, --json) or --yes is not asked. Every sync names the notes
 * it deleted. Against the real AnkiConnect, on a real pseudo-terminal.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
const unavailable = ankiUnavailable ?? terminalUnavailable

describe.skipIf(unavailable !== undefined)(
  `sync asks before deleting removed notes${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    async function syncedVault() {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Kept') + note('Taken out'),
        'b.md': note('Beta'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      const [, gone] = ids(text)
      // The second block taken out, and a new note put in: the rest of the sync goes on.
      await writeFile(
        join(cwd, 'a.md'),
        `${text.slice(0, text.indexOf('END\n') + 4)}${note('New')}`,
      )
      const onTerminal = (input: string, ...args: string[]) =>
        runDecklabOnTerminal(['sync', '--url', server.url, ...args], {
          cwd,
          env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
          input,
        })
      const inAnki = async () => server.call<number[]>('findNotes', { query: 'deck:*' })
      return { cwd, server, gone: gone as number, onTerminal, inAnki }
    }

    it('keeps them when the answer is no, syncs the rest, and asks again next time', async () => {
      const { gone, onTerminal, inAnki } = await syncedVault()
      const declined = onTerminal('n\n')
      expect(declined.output).toContain(
        `1 note synced before is no longer in the notes:\r\n  note ${gone} (removed from a.md)\r\n`,
      )
      expect(declined.output).toContain(
        'Delete it from Anki, with its cards and review history? [y/N]',
      )
      expect(declined.output).toContain('delete-declined')
      expect(declined.output).toMatch(/1 added, 0 updated, 0 moved, 0 deleted/)
      expect(declined.status).toBe(0)
      expect(await inAnki()).toContain(gone)
      // Asked again; yes deletes it, and the report names it.
      const accepted = onTerminal('y\n')
      expect(accepted.output).toContain(`note ${gone} (removed from a.md)`)
      expect(accepted.output).toContain(`deleted note ${gone} (removed from a.md)`)
      expect(accepted.output).toMatch(/0 added, 0 updated, 0 moved, 1 deleted/)
      expect(await inAnki()).not.toContain(gone)
    }, 120_000)

    // At 40 columns the terminal broke the list's first line and the question inside a word
    // (`in the no` / `tes:`, `review hist` / `ory?`); they wrap at words.
    it('fits the question to a terminal 40 columns wide', async () => {
      const { cwd, server, gone, inAnki } = await syncedVault()
      const narrow = runDecklabOnTerminal(['sync', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: join(cwd, 'state'), COLUMNS: '40' },
        input: 'n\n',
      })
      expect(narrow.output).toContain(
        `1 note synced before is no longer in the\r\nnotes:\r\n  note ${gone} (removed from a.md)\r\n`,
      )
      expect(narrow.output).toContain(
        'Delete it from Anki, with its cards and\r\nreview history? [y/N] ',
      )
      expect(narrow.status).toBe(0)
      expect(await inAnki()).toContain(gone)
    }, 120_000)

    it('takes the end of the input (Ctrl-D) as no', async () => {
      const { gone, onTerminal, inAnki } = await syncedVault()
      const ended = onTerminal('\x04')
      expect(ended.output).toContain('[y/N]')
      expect(ended.output).toContain('delete-declined')
      expect(await inAnki()).toContain(gone)
    }, 120_000)

    it('does not ask with --yes, nor a script, and names what it deleted', async () => {
      const { cwd, server, gone, onTerminal, inAnki } = await syncedVault()
      const dry = onTerminal('', '--dry-run')
      expect(dry.output).not.toContain('[y/N]')
      expect(dry.output).toContain(`delete  note ${gone} (removed from a.md)`)
      const yes = onTerminal('', '--yes')
      expect(yes.output).not.toContain('[y/N]')
      expect(yes.output).toContain(`deleted note ${gone} (removed from a.md)`)
      expect(await inAnki()).not.toContain(gone)
      // A script: stdin not a terminal, nothing asked, nothing waited for.
      await writeFile(join(cwd, 'b.md'), '')
      const [kept] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      const script = sync(cwd, server)
      expect(script.code, script.stderr).toBe(0)
      expect(script.stderr).not.toContain('[y/N]')
      expect(script.stderr).toMatch(/^deleted note \d+ \(removed from b\.md\)$/m)
      expect(await inAnki()).toContain(kept)
    }, 120_000)
  },
)
