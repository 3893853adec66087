import { cp, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import {
  ankiUnavailable,
  freePort,
  loggedActions,
  readOnlyActions,
  startAnki,
} from './anki-server.js'
import { allCards, anki, ids, sync, syncRefusingFile, vaultIds, workspace } from './sync-fixture.js'

const repoNotes = fileURLToPath(new URL('../../notes', import.meta.url))

const note = (front: string, back: string, extra = '') =>
  `START\nBasic\n${front}\nBack: ${back}\n${extra}END\n`

describe('decklab sync without Anki', () => {
  it('exits 2 naming the URL when Anki is unreachable', async () => {
    const cwd = await workspace({ 'notes/a.md': note('What is a socket?', 'An endpoint') })
    const port = await freePort()
    const run = sync(cwd, { url: `http://127.0.0.1:${port}` })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`http://127.0.0.1:${port}/`)
    expect(run.stderr).toContain('ECONNREFUSED')
    expect(run.stderr).not.toMatch(/\n\s+at /)
    // The arguments were fine: no "see --help".
    expect(run.stderr).not.toContain('--help')
    // Nothing was written into the notes.
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).not.toContain('ID:')
  })

  it('of part of a vault, stops at a note whose ID a note in the rest of it has, before Anki', async () => {
    const block = (front: string) => note(front, 'A', '<!--ID: 1735689600000-->\n')
    const cwd = await workspace({ '.obsidian/': '', 'a.md': block('Q a'), 'c.md': block('Q copy') })
    const port = await freePort()
    const run = sync(cwd, { url: `http://127.0.0.1:${port}` }, 'c.md')
    expect(run.stderr).toMatch(/^c\.md:5:1 error duplicate-id .*\(also used at a\.md:5, /m)
    expect(run.stderr).not.toContain('ECONNREFUSED')
    expect(run.code).toBe(1)
  })

  it('refuses a --url that is not http on loopback unless told otherwise', async () => {
    const cwd = await workspace({ 'notes/a.md': note('Q', 'A') })
    const remote = sync(cwd, { url: 'http://192.0.2.1:8765' })
    expect(remote.code).toBe(2)
    expect(remote.stderr).toContain('loopback')
    // The refusal names the flag that lifts it: the user typed a remote Anki on purpose.
    expect(remote.stderr).toContain('--allow-remote')
    const scheme = sync(cwd, { url: 'file:///etc/passwd' })
    expect(scheme.code).toBe(2)
    expect(scheme.stderr).toContain('`http:`')
  })
})

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync against the real AnkiConnect${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('fills a fresh collection from notes/ with every note and card', async () => {
      const cwd = await workspace()
      await cp(repoNotes, join(cwd, 'notes'), { recursive: true })
      const expected = runDecklab(['build', '--dry-run', '--json', 'notes'], { cwd })
      const build = JSON.parse(expected.stdout) as { notes: number; cards: number; decks: string[] }
      const server = await anki(cwd)
      const run = sync(cwd, server, 'notes', '--json')
      expect(run.stderr).not.toContain('anki-rejected')
      expect(run.code).toBe(0)
      expect(run.json?.added.length).toBe(build.notes)
      const notes = await server.call<number[]>('findNotes', { query: 'deck:*' })
      const cards = await allCards(server)
      expect(notes.length).toBe(build.notes)
      expect(cards.length).toBe(build.cards)
      for (const card of cards) expect(build.decks).toContain(card.deckName)
      expect(await server.call<string[]>('deckNames')).toEqual(expect.arrayContaining(build.decks))
      // Every note carries the id Anki gave it, and nothing else is in Anki.
      expect(await vaultIds(join(cwd, 'notes'))).toEqual([...notes].sort())
      // The lab link is never in an answer field.
      for (const card of cards)
        expect(card.fields.Back?.value ?? '').not.toContain('decklab lab run')
      // New notes are of decklab's own types, which the sync created in Anki, with the lab
      // link in their Lab field; this AnkiConnect (2019) cannot make a cloze type, so Cloze
      // notes fall back to the stock type, without it.
      expect(await server.call<string[]>('modelNames')).toEqual(
        expect.arrayContaining(['Basic (decklab)', 'Basic (and reversed card) (decklab)']),
      )
      for (const card of cards) expect(card.modelName).toMatch(/ \(decklab\)$|^Cloze$/)
      const linked = cards.filter((card) => (card.fields.Lab?.value ?? '') !== '')
      expect(linked.length).toBeGreaterThan(50)
      for (const card of linked) expect(card.fields.Lab?.value).toContain('decklab lab run')
    })

    it('applies one edit, one deck move, one deletion and one new card, and nothing else', async () => {
      const cwd = await workspace({
        'notes/a.md': `---\ndeck: One\n---\n${note('Alpha?', 'alpha')}\n${note('Beta?', 'beta')}`,
        'notes/b.md': `---\ndeck: Two\n---\n${note('Gamma?', 'gamma')}\n${note('Delta?', 'delta')}`,
        'notes/c.md': `---\ndeck: Three\n---\nSTART\nBasic (and reversed card)\nEpsilon?\nBack: epsilon\nEND\n`,
      })
      let server = await anki(cwd, 'first.log')
      expect(sync(cwd, server, '--json').code).toBe(0)
      const before = await allCards(server)
      expect(before.length).toBe(6)
      await server.stop()

      const a = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      await writeFile(join(cwd, 'notes/a.md'), a.replace('Back: alpha', 'Back: ALPHA edited'))
      const b = await readFile(join(cwd, 'notes/b.md'), 'utf8')
      const deltaStart = b.indexOf('START\nBasic\nDelta?')
      await writeFile(join(cwd, 'notes/b.md'), `${b.slice(0, deltaStart)}${note('Zeta?', 'zeta')}`)
      const c = await readFile(join(cwd, 'notes/c.md'), 'utf8')
      await writeFile(join(cwd, 'notes/c.md'), c.replace('deck: Three', 'deck: Four'))
      const idOf = (text: string, front: string) =>
        ids(text.slice(text.indexOf(front)))[0] as number
      const alpha = idOf(a, 'Alpha?')
      const delta = idOf(b, 'Delta?')
      const epsilon = idOf(c, 'Epsilon?')

      server = await anki(cwd, 'second.log', server.port)
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(0)
      expect(run.json?.updated.map((entry) => entry.id)).toEqual([alpha])
      expect(run.json?.moved).toEqual([
        expect.objectContaining({ id: epsilon, deck: 'Four', cards: 2 }),
      ])
      expect(run.json?.deleted).toEqual([{ id: delta, file: 'notes/b.md', reason: 'removed' }])
      expect(run.json?.added.length).toBe(1)
      const after = await allCards(server)
      await server.stop()
      // Besides making sure the deck and note type exist, one write per change (and the new
      // note's pending tag removed once its id is in the Markdown).
      const writes = loggedActions(join(cwd, 'second.log')).filter(
        (action) =>
          !readOnlyActions.has(action) && action !== 'createDeck' && action !== 'createModel',
      )
      expect(writes.sort()).toEqual(
        ['addNote', 'changeDeck', 'deleteNotes', 'removeTags', 'updateNoteFields'].sort(),
      )

      const zeta = ids(await readFile(join(cwd, 'notes/b.md'), 'utf8')).at(-1) as number
      expect(zeta).toBe(run.json?.added[0]?.id)
      const byCard = new Map(after.map((card) => [card.cardId, card]))
      // Every card that was there, except the deleted note's, is still there under its id.
      for (const card of before) {
        if (card.note === delta) expect(byCard.has(card.cardId)).toBe(false)
        else expect(byCard.get(card.cardId)?.note).toBe(card.note)
      }
      expect(after.length).toBe(6)
      const alphaCard = after.find((card) => card.note === alpha)
      expect(alphaCard?.fields.Back?.value).toBe('ALPHA edited')
      expect(after.filter((card) => card.note === epsilon).map((card) => card.deckName)).toEqual([
        'Four',
        'Four',
      ])
      const untouched = after.filter((card) => card.note !== epsilon && card.note !== zeta)
      for (const card of untouched) {
        expect(card.deckName).toBe(before.find((old) => old.cardId === card.cardId)?.deckName)
      }
      expect(after.find((card) => card.note === zeta)?.deckName).toBe('Two')
    })

    it('updates in place the notes the plugin added through AnkiConnect, adding none', async () => {
      const cwd = await workspace()
      let server = await anki(cwd, 'plugin.log')
      await server.call('createDeck', { deck: 'Sockets' })
      // As Obsidian_to_Anki adds them: stock note types, then the ids written into the Markdown.
      const added = await server.call<number[]>('addNotes', {
        notes: [
          {
            deckName: 'Sockets',
            modelName: 'Basic',
            fields: { Front: 'What is a socket?', Back: 'An endpoint' },
            tags: ['uds'],
          },
          {
            deckName: 'Sockets',
            modelName: 'Cloze',
            fields: { Text: '{{c1::bind}} then listen', 'Back Extra': '' },
            tags: [],
          },
        ],
      })
      expect(added.every((id) => typeof id === 'number')).toBe(true)
      const cardsBefore = await allCards(server)
      await server.stop()
      await mkdir(join(cwd, 'notes'))
      await writeFile(
        join(cwd, 'notes/sockets.md'),
        `TARGET DECK\nSockets\n\nSTART\nBasic\nWhat is a **socket**?\nBack: An endpoint\nTags: uds\n<!--ID: ${added[0]}-->\nEND\n\nSTART\nCloze\n{{c1::bind}} then {{c2::listen}}\n<!--ID: ${added[1]}-->\nEND\n`,
      )
      server = await anki(cwd, 'sync.log', server.port)
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(0)
      expect(run.json?.added).toEqual([])
      expect(run.json?.updated.map((entry) => entry.id).sort()).toEqual([...added].sort())
      const notes = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(notes.sort()).toEqual([...added].sort())
      const info = await server.call<
        Array<{ modelName: string; fields: Record<string, { value: string }> }>
      >('notesInfo', { notes: added })
      expect(info.map((entry) => entry.modelName)).toEqual(['Basic', 'Cloze'])
      expect(info[0]?.fields.Front?.value).toBe('What is a <strong>socket</strong>?')
      expect(info[1]?.fields.Text?.value).toContain('{{c2::listen}}')
      const cardsAfter = await allCards(server)
      // The old cards keep their ids; the new cloze number adds one card.
      for (const card of cardsBefore) {
        expect(cardsAfter.some((after) => after.cardId === card.cardId)).toBe(true)
      }
      expect(cardsAfter.length).toBe(cardsBefore.length + 1)
    })

    it('sends no write when the vault is unchanged', async () => {
      const cwd = await workspace({
        'notes/a.md': `---\ndeck: One\n---\n${note('Alpha?', 'alpha')}\n${note('Beta?', 'beta')}`,
      })
      let server = await anki(cwd, 'first.log')
      expect(sync(cwd, server).code).toBe(0)
      await server.stop()
      server = await anki(cwd, 'second.log', server.port)
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(0)
      expect(run.json?.unchanged).toBe(2)
      expect(run.json?.writes).toBe(0)
      await server.stop()
      const actions = loggedActions(join(cwd, 'second.log'))
      expect(actions.length).toBeGreaterThan(0)
      expect(actions.filter((action) => !readOnlyActions.has(action))).toEqual([])
    })

    it('stores media only when it changed', async () => {
      const cwd = await workspace({
        'notes/a.md': `${note('What does the diagram show?', 'A socket ![[pic.png]]')}`,
        'notes/pic.png': 'first bytes',
      })
      let server = await anki(cwd, 'first.log')
      const first = sync(cwd, server, '--json').json?.media ?? []
      expect(first).toEqual([expect.stringMatching(/^pic-[0-9a-f]+\.png$/)])
      const stored = await server.call<string>('retrieveMediaFile', { filename: first[0] })
      expect(Buffer.from(stored, 'base64').toString()).toBe('first bytes')
      await server.stop()
      server = await anki(cwd, 'second.log', server.port)
      expect(sync(cwd, server, '--json').json?.media).toEqual([])
      await server.stop()
      expect(loggedActions(join(cwd, 'second.log'))).not.toContain('storeMediaFile')
      await writeFile(join(cwd, 'notes/pic.png'), 'second bytes')
      server = await anki(cwd, 'third.log', server.port)
      const run = sync(cwd, server, '--json')
      // New bytes, new name: stored under it, and the note points at it.
      const [renamed] = run.json?.media ?? []
      expect(renamed).toMatch(/^pic-[0-9a-f]+\.png$/)
      expect(renamed).not.toBe(first[0])
      expect(run.json?.updated).toHaveLength(1)
      const restored = await server.call<string>('retrieveMediaFile', { filename: renamed })
      expect(Buffer.from(restored, 'base64').toString()).toBe('second bytes')
      const [card] = await allCards(server)
      expect(card?.fields.Back?.value).toContain(`src="${renamed}"`)
    })

    it('stores only the media the card shows, never one in a comment or a removed element', async () => {
      const cwd = await workspace({
        'notes/a.md': note(
          'What does the diagram show?',
          'A socket ![[pic.png]] <textarea>![](secret.png)</textarea>\n> <!-- draft\n\n![[secret.png]]',
        ),
        'notes/pic.png': 'the diagram',
        'notes/secret.png': 'not for the students',
      })
      const server = await anki(cwd)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.media).toEqual([expect.stringMatching(/^pic-[0-9a-f]+\.png$/)])
      const [card] = await allCards(server)
      expect(card?.fields.Back?.value).not.toContain('secret')
    })

    it('updates a note whose unchanged link now finds another file (one put next to the note)', async () => {
      const cwd = await workspace({
        'notes/sub/a.md': `${note('What does the diagram show?', 'A socket ![[pic.png]]')}`,
        'notes/pic.png': 'the vault-wide one',
      })
      const server = await anki(cwd)
      const first = sync(cwd, server, '--json')
      expect(first.code).toBe(0)
      const [firstName] = first.json?.media ?? []
      expect(firstName).toMatch(/^pic-[0-9a-f]+\.png$/)
      // A file of that name next to the note: the link means it now, as a build finds.
      await writeFile(join(cwd, 'notes/sub/pic.png'), 'the one beside the note')
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(0)
      expect(run.json?.updated).toHaveLength(1)
      const [name] = run.json?.media ?? []
      expect(name).toMatch(/^pic-[0-9a-f]+\.png$/)
      expect(name).not.toBe(firstName)
      const stored = await server.call<string>('retrieveMediaFile', { filename: name })
      expect(Buffer.from(stored, 'base64').toString()).toBe('the one beside the note')
      const [card] = await allCards(server)
      expect(card?.fields.Back?.value).toContain(name)
      // And then it is as synced: nothing more to do.
      const again = sync(cwd, server, '--json')
      expect(again.json?.updated).toEqual([])
      expect(again.json?.media).toEqual([])
    })

    it('--dry-run prints the plan and changes neither Anki nor the notes', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      const types = await server.call<string[]>('modelNames')
      const run = sync(cwd, server, '--dry-run')
      expect(run.code).toBe(0)
      expect(run.stderr).toMatch(/^add {5}notes\/a\.md:1 to /m)
      expect(run.stderr).toContain('dry run')
      expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('Alpha?', 'alpha'))
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
      expect(await server.call<string[]>('modelNames')).toEqual(types)
      await server.stop()
      // Only the question whether Anki would create decklab's note type: a `createModel`
      // without fields, which Anki refuses before it changes anything (models.ts).
      expect(
        loggedActions(join(cwd, 'anki.log')).filter((action) => !readOnlyActions.has(action)),
      ).toEqual(['createModel'])
    })

    it('reports a note Anki rejects at its line and syncs the rest', async () => {
      const cwd = await workspace({
        'notes/a.md': `${note('Same front', 'one')}\n${note('Same front', 'two')}\n${note('Other', 'three')}`,
      })
      const server = await anki(cwd)
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(1)
      expect(run.json?.added.length).toBe(2)
      // Line 8 of the file as the sync left it: the first block's new ID line moved it from 7.
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({
          code: 'anki-rejected',
          file: 'notes/a.md',
          line: 8,
          severity: 'error',
        }),
      ])
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      expect(ids(text).length).toBe(2)
      expect(text.split('\n').slice(7, 10)).toEqual(['START', 'Basic', 'Same front'])
    })

    // added[].line and updated[].line were lines as read: below a new ID line, a line too high.
    it('names the notes it added and updated at their lines in the file as it left it', async () => {
      const kept = note('Kept?', 'k')
      const cwd = await workspace({ 'notes/a.md': kept })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const edited = synced.replace('Back: k', 'Back: k, edited')
      await writeFile(
        join(cwd, 'notes/a.md'),
        `${note('One?', '1')}\n${note('Two?', '2')}\n${edited}`,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      const lines = (await readFile(join(cwd, 'notes/a.md'), 'utf8')).split('\n')
      const at = (line: number) => lines.slice(line - 1, line + 2)
      const added = run.json?.added ?? []
      expect(added.map((entry) => [entry.file, entry.line])).toEqual([
        ['notes/a.md', 1],
        ['notes/a.md', 8],
      ])
      expect(at(added[1]!.line)).toEqual(['START', 'Basic', 'Two?'])
      expect(run.json?.updated).toEqual([
        {
          file: 'notes/a.md',
          line: 15,
          id: ids(synced)[0],
          fields: ['Back'],
          addTags: [],
          removeTags: [],
        },
      ])
      expect(at(15)).toEqual(['START', 'Basic', 'Kept?'])
    })

    it('deletes the notes of a file that is gone, never of one it cannot look at', async () => {
      const cwd = await workspace({
        'notes/a.md': note('Alpha?', 'alpha'),
        'notes/sub/x.md': note('Ex?', 'x'),
        'notes/gone/y.md': note('Why?', 'y'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [x] = ids(await readFile(join(cwd, 'notes/sub/x.md'), 'utf8'))
      const [y] = ids(await readFile(join(cwd, 'notes/gone/y.md'), 'utf8'))
      // `sub` becomes a link to itself: `sub/x.md` cannot be looked at (ELOOP), not "no such file".
      await rm(join(cwd, 'notes/sub'), { recursive: true })
      await symlink('sub', join(cwd, 'notes/sub'))
      await rm(join(cwd, 'notes/gone'), { recursive: true })
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: y, reason: 'removed', file: expect.any(String) }])
      const left = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(left).toContain(x)
      expect(left).not.toContain(y)
    })

    it('holds the deletion of most of the synced notes at once until --allow-mass-delete', async () => {
      const many = (prefix: string, count: number) =>
        Array.from({ length: count }, (_, index) => note(`${prefix} ${index}?`, 'x')).join('\n')
      const cwd = await workspace({
        'notes/kept.md': many('Kept', 4),
        'notes/part/one.md': many('One', 7),
        'notes/part/two.md': many('Two', 7),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const count = async () =>
        (await server.call<number[]>('findNotes', { query: 'deck:*' })).length
      expect(await count()).toBe(18)
      // The folder leaves the vault (here: hidden, as an unmounted drive is): 14 of 18 look removed.
      await rename(join(cwd, 'notes/part'), join(cwd, '.part'))
      const held = sync(cwd, server, '--json')
      expect(held.code).toBe(1)
      expect(held.json?.deleted).toEqual([])
      expect(held.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'mass-delete-held', file: 'notes', severity: 'error' }),
      ])
      // With --json the problem is on stderr too, and nothing else is.
      expect(held.stderr).toMatch(
        /^notes:\d+:\d+ error mass-delete-held .*\n1 error, 0 warnings\n$/s,
      )
      expect(await count()).toBe(18)
      // Still held on the next run; put back, nothing to do.
      expect(sync(cwd, server, '--json').json?.deleted).toEqual([])
      await rename(join(cwd, '.part'), join(cwd, 'notes/part'))
      expect(sync(cwd, server, '--json').json).toMatchObject({ deleted: [], writes: 0 })
      // Meant: the dry run lists them, and the flag deletes them.
      await rm(join(cwd, 'notes/part'), { recursive: true })
      const dry = sync(cwd, server, '--json', '--dry-run', '--allow-mass-delete')
      expect(dry.json?.deleted).toHaveLength(14)
      expect(await count()).toBe(18)
      const meant = sync(cwd, server, '--json', '--allow-mass-delete')
      expect(meant.code, meant.stderr).toBe(0)
      expect(meant.json?.deleted).toHaveLength(14)
      expect(await count()).toBe(4)
    })

    // The hint named a sync of the whole vault, which would list and delete the rest's removals too.
    it('names the paths of a partial sync in the hint of a held mass removal', async () => {
      const many = (prefix: string, count: number) =>
        Array.from({ length: count }, (_, index) => note(`${prefix} ${index}?`, 'x')).join('\n')
      const cwd = await workspace({
        'notes/kept.md': many('Kept', 4),
        'notes/my part/kept.md': many('Also kept', 1),
        'notes/my part/one.md': many('One', 7),
        'notes/my part/two.md': many('Two', 7),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      await rm(join(cwd, 'notes/my part/one.md'))
      await rm(join(cwd, 'notes/my part/two.md'))
      await rm(join(cwd, 'notes/kept.md'))
      const held = sync(cwd, server, 'notes/my part')
      expect(held.code).toBe(1)
      expect(held.stderr).toContain(
        "`decklab sync 'notes/my part' --dry-run --allow-mass-delete` lists them",
      )
      // What it says lists the removals of those paths only (notes/kept.md's are not read).
      const listed = sync(
        cwd,
        server,
        'notes/my part',
        '--dry-run',
        '--allow-mass-delete',
        '--json',
      )
      expect(listed.json?.deleted).toHaveLength(14)
    })

    it('stops with exit 2, no internal error, when the state folder cannot note new IDs', async () => {
      const cwd = await workspace({
        'notes/a.md': note('Alpha?', 'alpha', '<!--ID: 1700000000001-->\n'),
      })
      await mkdir(join(cwd, 'state', 'id-moves.jsonl'), { recursive: true })
      const server = await anki(cwd)
      const run = sync(cwd, server)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/^error Cannot record the new IDs .* \(EISDIR\)/m)
      expect(run.stderr).not.toMatch(/internal error|--help/)
      // Its own words say what to do: not those of a sync Anki stopped ("once Anki answers").
      expect(run.stderr).not.toContain('stopped midway')
      expect(ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))).toEqual([1700000000001])
      await rm(join(cwd, 'state', 'id-moves.jsonl'), { recursive: true })
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, rerun.stderr).toBe(0)
      expect(rerun.json?.recovered).toBe(1)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual(
        await vaultIds(join(cwd, 'notes')),
      )
    })

    it('in an Obsidian vault without notes/, deletes the notes of a deleted file', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('Alpha?', 'alpha'),
        'b.md': note('Beta?', 'beta'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [b] = ids(await readFile(join(cwd, 'b.md'), 'utf8'))
      await rm(join(cwd, 'b.md'))
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: b, reason: 'removed', file: expect.any(String) }])
    })

    it('keeps a note whose file moved out of the folder synced, and syncs it from there', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'sub1/x.md': note('Ex?', 'x'),
        'sub1/w.md': note('Double-u?', 'w'),
        'sub2/y.md': note('Why?', 'y'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [x] = ids(await readFile(join(cwd, 'sub1/x.md'), 'utf8'))
      await rename(join(cwd, 'sub1/x.md'), join(cwd, 'sub2/x.md'))
      const part = sync(cwd, server, 'sub1', '--json')
      expect(part.code, part.stderr).toBe(0)
      expect(part.json?.deleted).toEqual([])
      const whole = sync(cwd, server, '--json')
      expect(whole.json).toMatchObject({ added: [], deleted: [] })
      expect(ids(await readFile(join(cwd, 'sub2/x.md'), 'utf8'))).toEqual([x])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(x)
    })

    /** Vaults A (n.md, keep.md) and B (other.md) syncing into one Anki, sharing one state folder as they do by default. */
    async function twoVaults() {
      const root = await workspace({
        'A/.obsidian/app.json': '{}',
        'A/n.md': note('Moves?', 'to B'),
        'A/keep.md': note('Stays?', 'in A'),
        'B/.obsidian/app.json': '{}',
        'B/other.md': note('In B?', 'yes'),
      })
      const server = await anki(root)
      const syncVault = (vault: string) => {
        const run = runDecklab(['sync', '--url', server.url, '--json'], {
          cwd: join(root, vault),
          env: { DECKLAB_STATE_DIR: join(root, 'state') },
          timeoutMs: 120_000,
        })
        expect(run.code, run.stderr).toBe(0)
        return JSON.parse(run.stdout) as {
          added: unknown[]
          deleted: unknown[]
          diagnostics: Array<{ code: string; message: string }>
        }
      }
      return { root, server, syncVault }
    }

    it('keeps a note whose file moved to another vault synced into the same Anki, which synced it first', async () => {
      const { root, server, syncVault } = await twoVaults()
      syncVault('A')
      syncVault('B')
      const [moved] = ids(await readFile(join(root, 'A/n.md'), 'utf8'))
      await rename(join(root, 'A/n.md'), join(root, 'B/n.md'))
      expect(syncVault('B')).toMatchObject({ added: [], deleted: [] })
      const old = syncVault('A')
      expect(old.deleted).toEqual([])
      expect(old.diagnostics.map((d) => d.code)).toEqual(['note-in-other-vault'])
      expect(old.diagnostics[0]?.message).toContain(`note ${moved} gone from this vault`)
      // Forgotten by A, kept by B under its ID: no warning again, nothing added.
      expect(syncVault('A').diagnostics).toEqual([])
      expect(syncVault('B')).toMatchObject({ added: [], deleted: [] })
      expect(ids(await readFile(join(root, 'B/n.md'), 'utf8'))).toEqual([moved])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(moved)
    })

    it('keeps a note whose file moved to another vault synced into the same Anki, when the old vault syncs first', async () => {
      const { root, server, syncVault } = await twoVaults()
      syncVault('A')
      syncVault('B')
      const [moved] = ids(await readFile(join(root, 'A/n.md'), 'utf8'))
      const before = await server.call<Array<{ reps: number }>>('cardsInfo', {
        cards: await server.call<number[]>('findCards', { query: `nid:${moved}` }),
      })
      await rename(join(root, 'A/n.md'), join(root, 'B/n.md'))
      // B has not synced the note yet: only its file says it is B's now.
      const old = syncVault('A')
      expect(old.deleted).toEqual([])
      expect(old.diagnostics.map((d) => d.code)).toEqual(['note-in-other-vault'])
      expect(old.diagnostics[0]?.message).toContain(`note ${moved} gone from this vault`)
      expect(old.diagnostics[0]?.message).toContain(join(root, 'B/n.md'))
      expect(syncVault('A').diagnostics).toEqual([])
      // B takes it over under its ID: nothing added, the same note and cards in Anki.
      expect(syncVault('B')).toMatchObject({ added: [], deleted: [] })
      expect(ids(await readFile(join(root, 'B/n.md'), 'utf8'))).toEqual([moved])
      const after = await server.call<Array<{ reps: number }>>('cardsInfo', {
        cards: await server.call<number[]>('findCards', { query: `nid:${moved}` }),
      })
      expect(after).toHaveLength(before.length)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(moved)
    })

    it('deletes a removed note of a vault synced before through a link to it, as its own, not as another vault’s', async () => {
      const root = await workspace({
        'real/.obsidian/app.json': '{}',
        'real/a.md': `${note('One?', '1')}\n${note('Two?', '2')}`,
      })
      await symlink(join(root, 'real'), join(root, 'link'))
      const server = await anki(root)
      // Named through the link (`decklab sync ~/vault`), then run inside it, where the path is the real one.
      expect(sync(root, server, 'link').code).toBe(0)
      const real = join(root, 'real')
      const run = (...args: string[]) =>
        runDecklab(['sync', '--url', server.url, '--json', ...args], {
          cwd: real,
          env: { DECKLAB_STATE_DIR: join(root, 'state') },
          timeoutMs: 120_000,
        })
      expect(run().code).toBe(0)
      const [, two] = ids(await readFile(join(real, 'a.md'), 'utf8'))
      await writeFile(
        join(real, 'a.md'),
        (await readFile(join(real, 'a.md'), 'utf8')).split('\n\n')[0] as string,
      )
      const after = run()
      expect(after.code, after.stderr).toBe(0)
      const json = JSON.parse(after.stdout) as {
        deleted: Array<{ id: number }>
        diagnostics: unknown[]
      }
      expect(json.diagnostics).toEqual([])
      expect(json.deleted.map((entry) => entry.id)).toEqual([two])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).not.toContain(two)
    })

    it('gives a file put back to an older ID, or to none, the ID of its note in Anki', async () => {
      const shipped = note('Alpha?', 'alpha', '<!--ID: 1700000000001-->\n')
      const cwd = await workspace({ 'notes/a.md': shipped, 'notes/b.md': note('Beta?', 'beta') })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const before = await vaultIds(join(cwd, 'notes'))
      const [a] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
      // A checkout puts back the shipped ID; b.md loses its ID line.
      await writeFile(join(cwd, 'notes/a.md'), shipped)
      await writeFile(join(cwd, 'notes/b.md'), note('Beta?', 'beta'))
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ added: [], deleted: [] })
      expect(run.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'id-restored',
        'id-restored',
      ])
      expect(ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))).toEqual([a])
      expect(await vaultIds(join(cwd, 'notes'))).toEqual(before)
      expect((await server.call<number[]>('findNotes', { query: 'deck:*' })).sort()).toEqual(before)
    })

    // One vault, two Ankis: each sync gives the note that Anki's ID. Edited in between, the
    // note matched no record by content, and the first Anki's copy (studied) was deleted.
    it.each([
      ['its answer', (text: string) => text.replace('alpha', 'alpha, edited')],
      ['its question', (text: string) => text.replace('Alpha?', 'Alpha, edited?')],
    ])(
      'synced into a second Anki, then %s edited: back in the first, the note keeps its ID there',
      async (_, edit) => {
        const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
        const first = await anki(cwd, 'first.log')
        const second = await startAnki(join(cwd, 'second.anki2'), join(cwd, 'second.log'))
        onTestFinished(() => second.stop())
        expect(sync(cwd, first).code).toBe(0)
        const [inFirst] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
        expect(sync(cwd, second).code).toBe(0)
        const [inSecond] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
        expect(inSecond).not.toBe(inFirst)
        await writeFile(
          join(cwd, 'notes/a.md'),
          edit(await readFile(join(cwd, 'notes/a.md'), 'utf8')),
        )
        const back = sync(cwd, first, '--json')
        expect(back.code, back.stderr).toBe(0)
        expect(back.json).toMatchObject({ added: [], deleted: [] })
        expect(back.json?.updated.map((entry) => entry.id)).toEqual([inFirst])
        expect(back.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['id-restored'])
        expect(ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))).toEqual([inFirst])
        expect(await first.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([inFirst])
      },
    )

    it('holds the removal of a note beside a note Anki refused to add', async () => {
      const older = note('Alpha?', 'alpha, as first written', '<!--ID: 1700000000001-->\n')
      const cwd = await workspace({ 'notes/a.md': older })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const synced = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      await writeFile(join(cwd, 'notes/a.md'), synced.replace('alpha, as first written', 'alpha'))
      expect(sync(cwd, server).code).toBe(0)
      const [kept] = await server.call<number[]>('findNotes', { query: 'deck:*' })
      // An older copy comes back: same front (Anki refuses it as a duplicate), older ID, other back.
      await writeFile(join(cwd, 'notes/a.md'), older)
      const run = sync(cwd, server, '--json')
      expect(run.code).toBe(1)
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual([
        'anki-rejected',
        'delete-held',
      ])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([kept])
    })

    it('deletes a note marked DELETE once, then says there is nothing left to delete', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [id] = ids(text)
      await writeFile(join(cwd, 'notes/a.md'), text.replace('<!--ID:', 'DELETE\n<!--ID:'))
      const first = sync(cwd, server, '--json')
      expect(first.json?.deleted).toEqual([{ id, reason: 'delete-marker', file: 'notes/a.md' }])
      const again = sync(cwd, server, '--json')
      expect(again.code).toBe(0)
      expect(again.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'delete-done', line: 5, severity: 'warning' }),
      ])
    })

    it('keeps a note marked DELETE whose ID a card still holds (a block copied with its ID, the original marked)', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [id] = ids(text)
      await writeFile(join(cwd, 'notes/b.md'), text)
      await writeFile(join(cwd, 'notes/a.md'), text.replace('<!--ID:', 'DELETE\n<!--ID:'))
      // Both files read, then only the marked one (the card is in a file it does not read).
      for (const paths of [[], ['notes/a.md']]) {
        const run = sync(cwd, server, ...paths, '--json')
        expect(run.code, run.stderr).toBe(0)
        expect(run.json?.deleted).toEqual([])
        expect(run.json?.diagnostics).toEqual([
          expect.objectContaining({ code: 'delete-in-use', file: 'notes/a.md', line: 5 }),
        ])
      }
      const after = sync(cwd, server, '--json')
      expect(after.json).toMatchObject({ added: [], deleted: [], writes: 0 })
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([id])
    })

    it('keeps the quiz progress of notes whose IDs Anki did not have, under their new IDs', async () => {
      // A shipped course: its IDs are from the author's Anki, not this one.
      const cwd = await workspace({
        'notes/a.md': note('Alpha?', 'alpha', '<!--ID: 1700000000001-->\n'),
        'notes/b.md': note('Beta?', 'beta', '<!--ID: 1700000000002-->\n'),
        'notes/c.md': note('Gamma?', 'gamma', '<!--ID: 1700000000003-->\n'),
      })
      const state = join(cwd, 'state')
      const stats = () => {
        const run = runDecklab(['stats', '--json', '--state', state], { cwd })
        expect(run.code, run.stderr).toBe(0)
        return JSON.parse(run.stdout) as { cards: number; new: number; reviews: number }
      }
      const quiz = runDecklab(['quiz', '--answers', '-', '--state', state], {
        cwd,
        input: 'easy\ngood\neasy\n',
      })
      expect(quiz.code, quiz.stderr).toBe(0)
      expect(stats()).toMatchObject({ cards: 3, new: 0, reviews: 3 })
      // c.md refuses its new ID: its progress stays with the ID it keeps.
      const server = await anki(cwd)
      const run = await syncRefusingFile(cwd, server, 'notes/c.md', '--json')
      expect(run.json?.diagnostics.map((diagnostic) => diagnostic.file)).toEqual(['notes/c.md'])
      const newIds = await vaultIds(join(cwd, 'notes'))
      expect(newIds).toHaveLength(3)
      expect(newIds).not.toContain(1700000000001)
      expect(newIds).toContain(1700000000003)
      expect(stats()).toMatchObject({ cards: 3, new: 0, reviews: 3 })
      // And it stays so once c.md takes its ID.
      expect(sync(cwd, server, '--json').code).toBe(0)
      expect(await vaultIds(join(cwd, 'notes'))).not.toContain(1700000000003)
      expect(stats()).toMatchObject({ cards: 3, new: 0, reviews: 3 })
    })
  },
)
