/**
 * A sync waiting for the `[y/N]` answer about removed notes does not hold
 * the vault lock: a build started meanwhile writes its IDs at once, instead
 * of waiting up to a minute. The sync takes the lock again after the answer
 * and, finding the notes changed (the build's IDs), reads and plans them
 * again without asking twice: the build's new note is added under the ID
 * Anki gives, the answered removal is made, and nothing is added twice.
 * What the pass that started over did (an ID it wrote back, its requests)
 * is said in the report all the same.
 * Against the real AnkiConnect, on a real pseudo-terminal.
 */

import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { startDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'
import { ankiProxy } from './anki-proxy.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
const unavailable = ankiUnavailable ?? terminalUnavailable

describe.skipIf(unavailable !== undefined)(
  `sync asks about removals without the vault lock${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('lets a build write its IDs while the question waits, then syncs the notes as they are', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Kept') + note('Taken out'),
      })
      const server = await anki(cwd)
      const state = join(cwd, 'state')
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      const [kept, gone] = ids(text)
      await writeFile(join(cwd, 'a.md'), text.slice(0, text.indexOf('END\n') + 4))
      const syncing = startDecklabOnTerminal(['sync', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: state },
      })
      await syncing.shown('[y/N]')
      // A note written in Obsidian, and a build while the question waits: it does not wait
      // for the lock, and writes the note's ID into a file the sync read.
      const answered = text.slice(0, text.indexOf('END\n') + 4)
      await writeFile(join(cwd, 'a.md'), answered + note('Written meanwhile'))
      const started = Date.now()
      const build = await runDecklabAsync(
        ['build', '.', '-o', join(cwd, 'deck.apkg'), '--state', state],
        { cwd },
      )
      expect(build.code, build.stderr).toBe(0)
      expect(build.stderr).not.toContain('waiting')
      expect(Date.now() - started).toBeLessThan(20_000)
      const [, built] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      expect(built).toBeDefined()
      syncing.type('y\n')
      const { status, output } = await syncing.done
      expect(status, output).toBe(0)
      // Asked once, though the sync read the notes again.
      expect(output.split('[y/N]').length).toBe(2)
      expect(output).toContain(`deleted note ${gone} (removed from a.md)`)
      expect(output).toMatch(/1 added, 0 updated, 0 moved, 1 deleted/)
      const [stillKept, added] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      expect(stillKept).toBe(kept)
      // The build's ID, which Anki does not have, gave way to the one Anki gave.
      expect(added).not.toBe(built)
      const inAnki = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(inAnki.sort()).toEqual([kept, added].sort())
      // Another sync finds everything in step.
      const again = sync(cwd, server, '--json')
      expect(again.json).toMatchObject({ added: [], deleted: [], writes: 0, diagnostics: [] })
    }, 120_000)

    it('keeps the notes of a file put back while the question waits, though the answer was yes', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha'),
        'b.md': note('Beta'),
      })
      const server = await anki(cwd)
      const state = join(cwd, 'state')
      expect(sync(cwd, server).code).toBe(0)
      const b = await readFile(join(cwd, 'b.md'), 'utf8')
      await rm(join(cwd, 'b.md'))
      const syncing = startDecklabOnTerminal(['sync', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: state },
      })
      await syncing.shown('[y/N]')
      // Restored from Obsidian's trash before the answer.
      await writeFile(join(cwd, 'b.md'), b)
      syncing.type('y\n')
      const { status, output } = await syncing.done
      expect(status, output).toBe(0)
      expect(output).not.toContain('deleted note')
      expect(output).toMatch(/0 added, 0 updated, 0 moved, 0 deleted/)
      const inAnki = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(inAnki).toHaveLength(2)
      expect(inAnki).toContain(ids(b)[0])
    }, 120_000)

    it('says what the pass before a start over did: its restored IDs and its requests', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Kept') + note('Taken out'),
        'b.md': note('Beta'),
      })
      const server = await anki(cwd)
      // Every request a sync sends, counted on the way to Anki.
      let sent = 0
      const counting = await ankiProxy(server, () => {
        sent += 1
        return undefined
      })
      const state = join(cwd, 'state')
      const first = await runDecklabAsync(['sync', '--url', counting.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: state },
      })
      expect(first.code, first.stderr).toBe(0)
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      // Its ID line lost (an editor saving over the file), and its second block removed.
      await writeFile(join(cwd, 'a.md'), note('Kept'))
      sent = 0
      const syncing = startDecklabOnTerminal(['sync', '--url', counting.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: state },
      })
      await syncing.shown('[y/N]')
      // Edited in Obsidian while the question waits: the sync starts over after the answer.
      await writeFile(
        join(cwd, 'b.md'),
        (await readFile(join(cwd, 'b.md'), 'utf8')).replace('Beta', 'Beta edited'),
      )
      syncing.type('y\n')
      const { status, output } = await syncing.done
      expect(status, output).toBe(0)
      expect(output.split('[y/N]').length).toBe(2)
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(
        text.slice(0, text.indexOf('END\n') + 4),
      )
      // The first pass wrote the ID back: said, though the second found it written.
      expect(output).toContain('id-restored')
      expect(output).toMatch(/0 added, 1 updated, 0 moved, 1 deleted/)
      const reported = Number(/\((\d+) requests/.exec(output)?.[1])
      expect(reported).toBe(sent)
    }, 120_000)
  },
)
