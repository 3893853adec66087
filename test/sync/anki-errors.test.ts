import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type Answer, ankiProxy, syncThrough } from './anki-proxy.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, type SyncJson, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

const refuse = (error: string) => ({ result: null, error })

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync when AnkiConnect answers with an error${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('stops with exit 2 and a stable code naming the action, with what to do, never an internal error', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      let answer: Answer = () => undefined
      const proxy = await ankiProxy(server, (request) => answer(request))

      // What Anki says while a profile dialog is open or it syncs with AnkiWeb.
      answer = (request) =>
        request.action === 'findNotes' ? refuse('collection is not available') : undefined
      const busy = await syncThrough(cwd, proxy, '--json')
      expect(busy.code, busy.stderr).toBe(2)
      expect(busy.error?.code).toBe('anki-refused')
      expect(busy.error?.message).toContain('`findNotes`')
      expect(busy.error?.message).toContain('collection is not available')
      expect(busy.error?.message).toMatch(/close its open dialogs.*AnkiWeb/)
      expect(busy.stderr).toMatch(/^error Unexpected error from AnkiConnect at /m)
      expect(busy.stderr).not.toMatch(/internal error|bug in decklab|--help/)

      // An AnkiConnect too old for an action.
      answer = (request) =>
        request.action === 'findNotes' ? refuse('unsupported action') : undefined
      const old = await syncThrough(cwd, proxy)
      expect(old.code).toBe(2)
      expect(old.stderr).toContain('`findNotes`: unsupported action')
      expect(old.stderr).toContain('update the AnkiConnect add-on')
      expect(old.stderr).not.toContain('internal error')

      // Nothing was added on the way.
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
      expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).not.toContain('ID:')
    })

    it('stopped after adding notes, says which it added and where their IDs went, in the one JSON document too', async () => {
      // Anki refuses the last step (taking off the pending tag) after it took the notes:
      // the files have new ID lines, which the error said nothing of.
      const cwd = await workspace({
        'notes/a.md': `${note('Alpha?', 'alpha')}\n${note('Beta?', 'beta')}`,
      })
      const server = await anki(cwd)
      let answer: Answer = (request) =>
        request.action === 'removeTags' ? refuse('collection is not available') : undefined
      const proxy = await ankiProxy(server, (request) => answer(request))
      const run = await syncThrough(cwd, proxy, '--json')
      expect(run.code, run.stderr).toBe(2)
      const written = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
      expect(written).toHaveLength(2)
      const document = JSON.parse(run.stdout) as {
        error: { code: string; message: string }
        added: Array<{ file: string; line: number; id: number }>
        diagnostics: unknown[]
      }
      expect(document.error.code).toBe('anki-refused')
      expect(document.error.message).toContain(
        'This sync stopped midway: it had added 2 notes to Anki, whose IDs are written in notes/a.md; run `decklab sync` again',
      )
      expect(document.added.map((entry) => [entry.file, entry.line, entry.id])).toEqual([
        ['notes/a.md', 1, written[0]],
        ['notes/a.md', 8, written[1]],
      ])
      expect(document.diagnostics).toEqual([])
      expect(run.stderr).toMatch(
        /^error Unexpected error from AnkiConnect .* it had added 2 notes/m,
      )

      // Once Anki answers, the next sync finishes, adding nothing twice.
      answer = () => undefined
      const again = await syncThrough(cwd, proxy, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(JSON.parse(again.stdout).added).toEqual([])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toHaveLength(2)
      expect(
        await server.call<number[]>('findNotes', { query: 'tag:decklab-sync-pending' }),
      ).toEqual([])
    })

    it('stops before adding any note when Anki will not create its deck', async () => {
      const cwd = await workspace({
        'notes/a.md': `---\ndeck: Fresh\n---\n${note('Alpha?', 'alpha')}`,
      })
      const server = await anki(cwd)
      const proxy = await ankiProxy(server, (request) => {
        const actions = (request.params?.actions ?? []) as Array<{ action: string }>
        if (request.action !== 'multi' || !actions.some((entry) => entry.action === 'createDeck')) {
          return undefined
        }
        return { result: actions.map(() => refuse('collection is not available')), error: null }
      })
      const run = await syncThrough(cwd, proxy, '--json')
      expect(run.code, run.stderr).toBe(2)
      expect(run.error?.code).toBe('anki-refused')
      expect(run.error?.message).toContain('`createDeck` for deck `Fresh`')
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
      expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).not.toContain('ID:')
      // Once Anki can, the sync goes through.
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.added).toHaveLength(1)
    })

    it("says why a note's lab link is left out when Anki will not create decklab's note type", async () => {
      const cwd = await workspace({
        'notes/a.md': 'START\nBasic\nAlpha?\nBack: alpha\nLab: stream-echo\nEND\n',
      })
      const server = await anki(cwd)
      const proxy = await ankiProxy(server, (request) =>
        request.action === 'createModel' ? refuse("name '_' is not defined") : undefined,
      )
      const run = await syncThrough(cwd, proxy)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/warning lab-field-missing .*for 1 note that links labs,/)
      expect(run.stderr).toMatch(
        /a\.md:1:1 warning note-type-not-created .*`Basic \(decklab\)`: name '_' is not defined/,
      )
      // The note is in Anki all the same, as the stock type the block names.
      const [id] = await server.call<number[]>('findNotes', { query: 'deck:*' })
      const [info] = await server.call<Array<{ modelName: string }>>('notesInfo', { notes: [id] })
      expect(info?.modelName).toBe('Basic')
    })

    it("tells a plugin vault's user which stock type new notes get when Anki will not create decklab's, and why", async () => {
      // No lab links: nothing is lost, and before, nothing was said either.
      const text = [
        'STARTI [Basic] Inline? Back: yes ENDI',
        '',
        note('Alpha?', 'alpha'),
        note('Beta?', 'beta'),
        'START\nCloze\nThe {{c1::answer}}\nEND\n',
      ].join('\n')
      const cwd = await workspace({ 'notes/a.md': text })
      const server = await anki(cwd)
      const proxy = await ankiProxy(server, (request) =>
        // Every createModel but the cloze one, which this AnkiConnect refuses itself.
        request.action === 'createModel' && request.params?.isCloze === undefined
          ? refuse("name '_' is not defined")
          : undefined,
      )
      const dry = await syncThrough(cwd, proxy, '--dry-run', '--json')
      const run = await syncThrough(cwd, proxy, '--json')
      // The real sync names the line as written: two ID lines stand above the cloze by then.
      for (const [result, clozeLine] of [
        [dry, 15],
        [run, 17],
      ] as const) {
        expect(result.code, result.stderr).toBe(0)
        const json = JSON.parse(result.stdout) as SyncJson
        const warnings = json.diagnostics.filter((d) => d.code === 'note-type-not-created')
        expect(warnings?.map((d) => [d.line, d.severity])).toEqual([
          [1, 'warning'],
          [clozeLine, 'warning'],
        ])
        expect(result.stderr).toMatch(
          /a\.md:1:1 warning note-type-not-created .*`Basic \(decklab\)`: name '_' is not defined.*: 3 new notes get Anki's stock `Basic` instead/,
        )
        // This AnkiConnect (2019) takes no `isCloze`: its own reason is quoted.
        expect(result.stderr).toMatch(
          new RegExp(
            `a\\.md:${clozeLine}:1 warning note-type-not-created .*\`Cloze \\(decklab\\)\`: .*isCloze.*: 1 new note gets Anki's stock \`Cloze\` instead`,
          ),
        )
      }
      const added = await server.call<number[]>('findNotes', { query: 'deck:*' })
      const infos = await server.call<Array<{ modelName: string }>>('notesInfo', { notes: added })
      expect(infos.map((info) => info.modelName).sort()).toEqual([
        'Basic',
        'Basic',
        'Basic',
        'Cloze',
      ])
    })
  },
)
