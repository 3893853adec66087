/**
 * A `DELETE` marker standing in place of its block (the plugin's documented
 * form) is taken out of the note, with its ID line, once the sync deleted
 * the note, as Obsidian_to_Anki does: later syncs have nothing to warn
 * about. Every other byte of the file stays. A marker inside a block stays
 * (without it the block would be a new note), and a dry run, or a build,
 * takes nothing out. Against the real AnkiConnect.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { ankiProxy, type ProxiedRequest, syncThrough } from './anki-proxy.js'
import { ankiUnavailable, startAnki } from './anki-server.js'
import { anki, ids, type SyncJson, sync, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `sync takes out the DELETE lines of the notes it deleted${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('removes a DELETE that replaced its block, keeping every other byte (CRLF and BOM too)', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': `# Title\n\n${note('Kept')}\n${note('Gone')}\nclosing text\n`,
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'a.md'), 'utf8')
      const [kept, gone] = ids(synced)
      const block = synced.slice(
        synced.indexOf('START\nBasic\nGone'),
        synced.lastIndexOf('END\n') + 4,
      )
      // The block replaced by the marker, blank lines kept around it; the file in CRLF with a BOM.
      const marked = synced.replace(block, `DELETE\n<!--ID: ${gone}-->\n`)
      await writeFile(join(cwd, 'a.md'), `\uFEFF${marked.replaceAll('\n', '\r\n')}`)
      // A build or a dry run deletes nothing, so takes nothing out.
      const build = runDecklab(
        ['build', '.', '-o', join(cwd, 'out.apkg'), '--state', join(cwd, 'state')],
        { cwd },
      )
      expect(build.code, build.stderr).toBe(0)
      expect(sync(cwd, server, '--dry-run').code).toBe(0)
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(
        `\uFEFF${marked.replaceAll('\n', '\r\n')}`,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: gone, reason: 'delete-marker', file: 'a.md' }])
      expect(run.json?.diagnostics).toEqual([])
      const expected = marked.replace(`DELETE\n<!--ID: ${gone}-->\n`, '')
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(
        `\uFEFF${expected.replaceAll('\n', '\r\n')}`,
      )
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([kept])
      // Nothing left to warn about, or to do.
      const again = sync(cwd, server, '--json')
      expect(again.json).toMatchObject({ added: [], deleted: [], diagnostics: [], writes: 0 })
    }, 120_000)

    it('leaves a DELETE inside a block, and one in a file edited during the sync, with a warning', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha'),
        'b.md': note('Beta'),
      })
      const server = await anki(cwd)
      let edit: (() => Promise<void>) | undefined
      // The user types in Obsidian while Anki deletes the notes.
      const proxy = await ankiProxy(server, async (request: ProxiedRequest) => {
        if (request.action === 'deleteNotes') await edit?.()
        return undefined
      })
      expect((await syncThrough(cwd, proxy)).code).toBe(0)
      const a = await readFile(join(cwd, 'a.md'), 'utf8')
      const b = await readFile(join(cwd, 'b.md'), 'utf8')
      // In a block: the plugin's e2e form. Taking out its two lines would leave a new note.
      const inBlock = a.replace('<!--ID:', 'DELETE\n<!--ID:')
      await writeFile(join(cwd, 'a.md'), inBlock)
      const standalone = `DELETE\n<!--ID: ${ids(b)[0]}-->\n`
      await writeFile(join(cwd, 'b.md'), standalone)
      edit = () => writeFile(join(cwd, 'b.md'), `${standalone}typed meanwhile\n`)
      const run = await syncThrough(cwd, proxy, '--json')
      expect(run.code, run.stderr).toBe(0)
      const result = JSON.parse(run.stdout) as SyncJson
      expect(result.deleted.map((entry) => entry.file).sort()).toEqual(['a.md', 'b.md'])
      expect(result.diagnostics).toEqual([
        expect.objectContaining({ code: 'delete-marker-kept', file: 'b.md', line: 1 }),
      ])
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(inBlock)
      expect(await readFile(join(cwd, 'b.md'), 'utf8')).toBe(`${standalone}typed meanwhile\n`)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
    }, 120_000)

    it('takes out a DELETE of a note deleted in Anki since it was synced', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha') + note('Beta'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'a.md'), 'utf8')
      const [alpha, beta] = ids(synced)
      const betaBlock = synced.slice(synced.lastIndexOf('START'))
      const marked = synced.replace(betaBlock, `DELETE\n<!--ID: ${beta}-->\n`)
      await server.call('deleteNotes', { notes: [beta] })
      await writeFile(join(cwd, 'a.md'), marked)
      // A dry run says the same, and writes nothing.
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'delete-done', file: 'a.md', line: 7 }),
      ])
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(marked)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'delete-done', file: 'a.md', line: 7 }),
      ])
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(synced.replace(betaBlock, ''))
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([alpha])
      const again = sync(cwd, server, '--json')
      expect(again.json).toMatchObject({ added: [], deleted: [], diagnostics: [], writes: 0 })
    }, 120_000)

    it('warns at once of a DELETE inside a block whose note was deleted in Anki since it was synced', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha') + note('Beta'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'a.md'), 'utf8')
      const [alpha, beta] = ids(synced)
      const marked = synced.replace(`<!--ID: ${beta}-->`, `DELETE\n<!--ID: ${beta}-->`)
      await server.call('deleteNotes', { notes: [beta] })
      await writeFile(join(cwd, 'a.md'), marked)
      const inBlock = expect.objectContaining({ code: 'delete-done', file: 'a.md', line: 11 })
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.json?.diagnostics).toEqual([inBlock])
      // The first sync after says so, as every later one does; the block stays.
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ added: [], deleted: [], diagnostics: [inBlock] })
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(marked)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([alpha])
      expect(sync(cwd, server, '--json').json?.diagnostics).toEqual([inBlock])
    }, 120_000)

    it('leaves a DELETE of a note another collection behind the same address lacks', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha') + note('Beta'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'a.md'), 'utf8')
      const [, beta] = ids(synced)
      const marker = `DELETE\n<!--ID: ${beta}-->\n`
      await writeFile(
        join(cwd, 'a.md'),
        synced.replace(synced.slice(synced.lastIndexOf('START')), marker),
      )
      // Another profile's collection on Anki's port: its lack of the note says nothing.
      await server.stop()
      const other = await startAnki(join(cwd, 'other.anki2'), join(cwd, 'other.log'), server.port)
      onTestFinished(() => other.stop())
      const run = sync(cwd, other, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toContain(marker)
    }, 120_000)
  },
)
