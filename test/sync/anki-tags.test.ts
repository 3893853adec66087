import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and the tags Anki puts on notes${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("keeps Anki's leech and marked tags when the note is edited in the Markdown", async () => {
      const cwd = await workspace({
        'notes/a.md': 'START\nBasic\nAlpha?\nBack: alpha\nTags: greek old\nEND\n',
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [id] = ids(text)
      // Anki marks the card a leech; the user marks it, and adds a tag of their own, in Anki.
      await server.call('addTags', { notes: [id], tags: 'leech Marked mine' })
      const tags = async () => {
        const [info] = await server.call<Array<{ tags: string[] }>>('notesInfo', { notes: [id] })
        return [...(info?.tags ?? [])].sort()
      }
      // Unchanged Markdown: nothing is touched.
      expect(sync(cwd, server, '--json').json?.writes).toBe(0)
      expect(await tags()).toEqual(['Marked', 'greek', 'leech', 'mine', 'old'])

      await writeFile(
        join(cwd, 'notes/a.md'),
        text.replace('Back: alpha', 'Back: alpha, edited').replace('greek old', 'greek new'),
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated.map((entry) => entry.id)).toEqual([id])
      // The Markdown's tags, and Anki's own; a tag only Anki had goes, as with the plugin.
      expect(await tags()).toEqual(['Marked', 'greek', 'leech', 'new'])
      expect(sync(cwd, server, '--json').json?.writes).toBe(0)
    })

    // Anki takes `"` out of a tag (2.1.15's canonify; current Anki's tag rules too): sent as
    // written, a tag with one never matched what Anki kept, and a sync without its record
    // (another machine, a fresh --state) updated the note every time.
    it('writes a tag without `"`, as Anki keeps it, so a sync finds the note unchanged', async () => {
      const cwd = await workspace({
        'notes/a.md': 'START\nBasic\nAlpha?\nBack: alpha\nTags: a"b "quoted"\nEND\n',
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [id] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
      const [info] = await server.call<Array<{ tags: string[] }>>('notesInfo', { notes: [id] })
      expect([...(info?.tags ?? [])].sort()).toEqual(['ab', 'quoted'])
      const fresh = sync(cwd, server, '--json', '--dry-run', '--state', join(cwd, 'other-state'))
      expect(fresh.code, fresh.stderr).toBe(0)
      expect(fresh.json?.updated).toEqual([])
      expect(fresh.json?.unchanged).toBe(1)
    })
  },
)
