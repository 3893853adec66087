import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, onTestFinished } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { ankiProxy, type ProxiedRequest, syncThrough } from './anki-proxy.js'
import { type AnkiServer, ankiUnavailable } from './anki-server.js'
import { anki, sync, syncRefusingFile, vaultIds, workspace } from './sync-fixture.js'

/** A vault of `files` × `perFile` Basic notes without IDs (more `addNote` batches than are sent at once). */
async function bigVault(cwd: string, files = 16, perFile = 100): Promise<number> {
  await mkdir(join(cwd, 'notes'))
  for (let file = 0; file < files; file++) {
    const blocks: string[] = [`---\ndeck: Big::Part ${file}\n---\n`]
    for (let index = 0; index < perFile; index++) {
      blocks.push(`START\nBasic\nQuestion ${file}-${index}?\nBack: Answer ${index}\nEND\n`)
    }
    await writeFile(join(cwd, 'notes', `part-${file}.md`), blocks.join('\n'))
  }
  return files * perFile
}

/** Start `decklab sync` in the background; killed after the test if still running. */
function startSync(
  cwd: string,
  server: { url: string },
  ...args: string[]
): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [decklabBin, 'sync', '--url', server.url, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(cwd, 'state') },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk
  })
  // Resolved once stderr is read to its end too.
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return { child, exit, stderr: () => stderr }
}

/**
 * A sync of a big vault that has started adding, with Anki paused then: the next
 * requests are the addNote batches, which Anki leaves unanswered (a busy Anki) until
 * `whilePaused` is done.
 */
async function syncWithAnkiPaused(
  whilePaused: (run: ReturnType<typeof startSync>) => Promise<void>,
  ...args: string[]
) {
  const cwd = await workspace()
  const total = await bigVault(cwd)
  const server = await anki(cwd)
  const run = startSync(cwd, server, ...args)
  await until(() => recordPending(cwd), 'the sync to start adding')
  server.pause()
  try {
    await whilePaused(run)
  } finally {
    server.resume()
  }
  return { cwd, total, server, run }
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** Whether any note file holds an ID yet. */
async function someIdWritten(cwd: string): Promise<boolean> {
  for (const name of await readdir(join(cwd, 'notes'))) {
    // Only the notes: a write-back's temp file may be renamed away between listing and reading.
    if (name.startsWith('.') || !name.endsWith('.md')) continue
    if (readFileSync(join(cwd, 'notes', name), 'utf8').includes('<!--ID:')) return true
  }
  return false
}

function recordPending(cwd: string): boolean {
  const folder = join(cwd, 'state', 'sync')
  if (!existsSync(folder)) return false
  // Only the records: the sync lock and its temp files come and go beside them.
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .some((name) => readFileSync(join(folder, name), 'utf8').includes('"pending":true'))
}

function isPendingSearch(request: ProxiedRequest): boolean {
  return request.action === 'findNotes' && request.params?.query === 'tag:decklab-sync-pending'
}

function isAddBatch(request: ProxiedRequest): boolean {
  const actions = request.params?.actions as Array<{ action: string }> | undefined
  return request.action === 'multi' && actions?.[0]?.action === 'addNote'
}

function isUpdateBatch(request: ProxiedRequest): boolean {
  const actions = request.params?.actions as Array<{ action: string }> | undefined
  return request.action === 'multi' && actions?.[0]?.action === 'updateNoteFields'
}

/** How many notes in Anki have a Back field starting with `text`. */
async function backs(server: AnkiServer, text: string): Promise<number> {
  return (await server.call<number[]>('findNotes', { query: `"Back:${text}*"` })).length
}

async function pendingNotes(server: AnkiServer): Promise<number> {
  return (await server.call<number[]>('findNotes', { query: 'tag:decklab-sync-pending' })).length
}

/** After the rerun: every note once in Anki, under the ID its Markdown holds, and no pending tag left. */
async function expectNoDuplicates(cwd: string, server: AnkiServer, total: number): Promise<void> {
  const inAnki = (await server.call<number[]>('findNotes', { query: 'deck:*' })).sort()
  const inVault = await vaultIds(join(cwd, 'notes'))
  expect(inVault.length).toBe(total)
  expect(new Set(inVault).size).toBe(total)
  expect(inAnki).toEqual(inVault)
  expect(await server.call<number[]>('findNotes', { query: 'tag:decklab-sync-pending' })).toEqual(
    [],
  )
}

describe.skipIf(ankiUnavailable !== undefined)(
  `an interrupted decklab sync${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('killed (-9) after Anki added a batch but before it read the reply: the rerun adds no duplicate', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd)
      const server = await anki(cwd)
      const run = startSync(cwd, server)
      // Freeze decklab while an addNote batch is on its way, let Anki add it, then kill
      // decklab: Anki then holds notes whose IDs never reached the Markdown.
      await until(() => recordPending(cwd), 'the sync to start adding')
      const count = async () =>
        (await server.call<number[]>('findNotes', { query: 'deck:*' })).length
      let caught = false
      for (let attempt = 0; attempt < 200 && !caught; attempt++) {
        run.child.kill('SIGSTOP')
        const written = (await vaultIds(join(cwd, 'notes'))).length
        const deadline = Date.now() + 1_000
        while (!caught && Date.now() < deadline) {
          caught = (await count()) > written
          if (!caught) await sleep(50)
        }
        if (!caught) {
          run.child.kill('SIGCONT')
          await sleep(30)
        }
      }
      run.child.kill('SIGKILL')
      await run.exit
      expect(caught).toBe(true)
      const added = await count()
      const written = (await vaultIds(join(cwd, 'notes'))).length
      expect(added).toBeGreaterThan(written)
      expect(added).toBeLessThan(total)

      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      // Anki may still be reading a batch the killed run sent when `added` was
      // counted: those notes are found too, at the start or once Anki refuses them.
      const recovered = rerun.json?.recovered ?? 0
      expect(recovered).toBeGreaterThanOrEqual(added - written)
      expect(recovered + (rerun.json?.added.length ?? 0)).toBe(total - written)
      await expectNoDuplicates(cwd, server, total)
    })

    it('a pending note Anki added after the rerun looked for them: adopted, not refused as a duplicate', async () => {
      // A killed sync's last batch can reach Anki after the next run searched
      // for pending notes (AnkiConnect reads a big request in small slices).
      // Here the record is gone, so the rerun's first search is skipped, and
      // the note can only be found after Anki refuses it as a duplicate.
      const cwd = await workspace({
        'notes/a.md':
          'START\nBasic\nWhat does connect() return on a stale socket file?\nBack: ECONNREFUSED\nEND\n',
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [id] = await vaultIds(join(cwd, 'notes'))
      await server.call('addTags', { notes: [id], tags: 'decklab-sync-pending' })
      await writeFile(
        join(cwd, 'notes', 'a.md'),
        readFileSync(join(cwd, 'notes', 'a.md'), 'utf8').replace(/<!--ID: \d+-->\n/, ''),
      )
      await rm(join(cwd, 'state'), { recursive: true })

      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      expect(rerun.json?.recovered).toBe(1)
      expect(rerun.json?.added).toEqual([])
      expect(await vaultIds(join(cwd, 'notes'))).toEqual([id])
      await expectNoDuplicates(cwd, server, 1)
      // The adopted note is in the new record: the next sync has nothing to do.
      const again = sync(cwd, server, '--json')
      expect(again.json?.unchanged).toBe(1)
      expect(again.json?.writes).toBe(0)
    })

    // AnkiConnect reads every connection in small slices, so a killed sync's
    // batches can be added between any two requests of the next run.
    it.each([
      ['after the rerun listed the note IDs, before it looked for pending notes', isPendingSearch],
      ['before the rerun added its first batch', isAddBatch],
    ])(
      "a killed sync's batches reach Anki %s: found, not refused as duplicates",
      async (_, isMoment) => {
        const cwd = await workspace()
        const total = await bigVault(cwd, 4, 100)
        const server = await anki(cwd)
        let letIn!: () => void
        const held = new Promise<void>((resolve) => {
          letIn = resolve
        })
        let holding = true
        let heldBatches = 0
        const proxy = await ankiProxy(server, async (request) => {
          if (holding && isAddBatch(request)) {
            heldBatches++
            await held
          } else if (!holding && heldBatches > 0 && isMoment(request)) {
            heldBatches = 0
            letIn()
            await until(
              async () => (await pendingNotes(server)) === total,
              'Anki to add the batches',
            )
          }
          return undefined
        })
        const run = startSync(cwd, proxy)
        // Both batches (250 notes per batch) are held: Anki has none of the notes yet.
        await until(() => heldBatches === 2, 'both addNote batches')
        run.child.kill('SIGKILL')
        await run.exit
        holding = false
        const rerun = await syncThrough(cwd, proxy, '--json')
        expect(heldBatches, 'the batches were let in').toBe(0)
        expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
        const json = JSON.parse(rerun.stdout) as { recovered: number; added: unknown[] }
        expect(json.recovered).toBe(total)
        expect(json.added).toEqual([])
        await expectNoDuplicates(cwd, server, total)
      },
    )

    // The other batches' replies were handled after the sync had reported its error (and
    // given up the vault lock), and new batches went on being sent.
    it('one add batch fails while others are in flight: their IDs are written before the sync stops, none starts after, and the rerun adds the rest once', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd) // 7 batches of at most 250 notes, 4 at once
      const server = await anki(cwd)
      let failing = true
      let batches = 0
      const proxy = await ankiProxy(server, async (request) => {
        if (!failing || !isAddBatch(request)) return undefined
        batches++
        // What Anki says when a profile dialog opens midway.
        if (batches === 1) return { result: null, error: 'collection is not available' }
        await sleep(1500)
        return undefined
      })
      const run = startSync(cwd, proxy)
      expect(await run.exit).toBe(2)
      expect(run.stderr()).toContain('collection is not available')
      expect(batches).toBe(4)
      expect((await vaultIds(join(cwd, 'notes'))).length).toBe(3 * 250)
      failing = false
      const rerun = await syncThrough(cwd, proxy, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    it('killed between update batches, then the edit undone: the rerun puts the Markdown back into Anki', async () => {
      const cwd = await workspace()
      await bigVault(cwd, 6, 100)
      const server = await anki(cwd)
      // 600 field updates: the first batch of 500 reaches Anki, the second is held.
      let updateBatches = 0
      let holding = true
      const proxy = await ankiProxy(server, (request) => {
        if (!holding || !isUpdateBatch(request)) return undefined
        updateBatches++
        return updateBatches === 1 ? undefined : new Promise(() => {})
      })
      // Every run through the proxy: the sync record belongs to one address.
      expect((await syncThrough(cwd, proxy)).code).toBe(0)
      const original = new Map<string, string>()
      for (const name of await readdir(join(cwd, 'notes'))) {
        const file = join(cwd, 'notes', name)
        original.set(file, readFileSync(file, 'utf8'))
        await writeFile(file, original.get(file)?.replaceAll('Back: Answer', 'Back: EDITED') ?? '')
      }
      const run = startSync(cwd, proxy)
      await until(() => updateBatches === 2, 'the second update batch')
      run.child.kill('SIGKILL')
      await run.exit
      expect(await backs(server, 'EDITED')).toBe(500)
      // The edit was a mistake: the Markdown goes back to what the first sync sent.
      for (const [file, text] of original) await writeFile(file, text)
      holding = false
      const rerun = await syncThrough(cwd, proxy, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      expect(JSON.parse(rerun.stdout).updated).toHaveLength(500)
      expect(await backs(server, 'EDITED')).toBe(0)
      expect(JSON.parse((await syncThrough(cwd, proxy, '--json')).stdout).unchanged).toBe(600)
    })

    it('an adopted note gets the deck and tags its Markdown has now', async () => {
      const cwd = await workspace({
        'notes/a.md': '---\ndeck: Old\n---\nSTART\nBasic\nFront?\nBack: back\nTags: old\nEND\n',
      })
      const server = await anki(cwd)
      // Anki takes the note, its ID cannot be written, the pending tag stays.
      const first = await syncRefusingFile(cwd, server, 'notes/a.md', '--json')
      expect(first.code).toBe(1)
      expect(first.json).toMatchObject({ added: [], pending: 1 })
      const text = readFileSync(join(cwd, 'notes', 'a.md'), 'utf8')
      await writeFile(
        join(cwd, 'notes', 'a.md'),
        text.replace('deck: Old', 'deck: New').replace('Tags: old', 'Tags: new'),
      )
      // The record is lost: the note is found by the pending tag it still carries.
      await rm(join(cwd, 'state'), { recursive: true })
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      expect(rerun.json?.recovered).toBe(1)
      const [id] = await vaultIds(join(cwd, 'notes'))
      const [info] = await server.call<Array<{ tags: string[]; cards: number[] }>>('notesInfo', {
        notes: [id],
      })
      expect(info?.tags).toEqual(['new'])
      const cards = await server.call<Array<{ deckName: string }>>('cardsInfo', {
        cards: info?.cards,
      })
      expect(cards.map((card) => card.deckName)).toEqual(['New'])
      expect(sync(cwd, server, '--json').json?.writes).toBe(0)
    })

    it('without a record, takes the pending tag off notes whose IDs reached their files', async () => {
      // The sync that added them stopped before it took the tag off (Anki refused removeTags),
      // and its record is lost (a deleted state folder, another machine): the tag stayed for ever.
      const cwd = await workspace({
        'notes/a.md': 'START\nBasic\nAlpha?\nBack: a\nEND\n\nSTART\nBasic\nBeta?\nBack: b\nEND\n',
      })
      const server = await anki(cwd)
      const proxy = await ankiProxy(server, (request) =>
        request.action === 'removeTags'
          ? { result: null, error: 'collection is not available' }
          : undefined,
      )
      expect((await syncThrough(cwd, proxy, '--json')).code).toBe(2)
      const written = await vaultIds(join(cwd, 'notes'))
      expect(written).toHaveLength(2)
      const pending = () =>
        server.call<number[]>('findNotes', { query: 'tag:decklab-sync-pending' })
      expect(await pending()).toEqual(written)
      await rm(join(cwd, 'state'), { recursive: true })
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, rerun.stderr).toBe(0)
      expect(rerun.json?.added).toEqual([])
      expect(await pending()).toEqual([])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual(written)
    })

    it('interrupted (SIGTERM) after adding notes: the one JSON document and stderr name the notes added and the files their IDs went to', async () => {
      // The IDs were in the files, and `--json` said only `{"error": {"code": "interrupted"}}`:
      // a script could not tell that its notes had changed, as it can when Anki stops the sync.
      // A file name with a newline and `ESC [` in it: escaped on stderr, as it is in JSON.
      const file = 'notes/a\n\u001b[31mb.md'
      const shown = 'notes/a\\n\\x1b[31mb.md'
      const cwd = await workspace({
        [file]: 'START\nBasic\nAlpha?\nBack: a\nEND\n\nSTART\nBasic\nBeta?\nBack: b\nEND\n',
      })
      const server = await anki(cwd)
      let child: ChildProcess | undefined
      // The signal comes while Anki adds the notes: their IDs are written, then the sync stops.
      const proxy = await ankiProxy(server, async (request) => {
        if (!isAddBatch(request)) return undefined
        child?.kill('SIGTERM')
        await sleep(300)
        return undefined
      })
      child = spawn(process.execPath, [decklabBin, 'sync', '--url', proxy.url, '--json'], {
        cwd,
        env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(cwd, 'state') },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const run = child
      onTestFinished(() => {
        if (run.exitCode === null && run.signalCode === null) run.kill('SIGKILL')
      })
      let stdout = ''
      let stderr = ''
      run.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk
      })
      run.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk
      })
      const code = await new Promise<number | null>((resolve) => run.on('close', resolve))
      expect(code, stderr).toBe(130)
      const written = await vaultIds(join(cwd, 'notes'))
      expect(written).toHaveLength(2)
      const document = JSON.parse(stdout) as {
        error: { code: string; message: string }
        added: Array<{ file: string; id: number }>
      }
      expect(document.error.code).toBe('interrupted')
      expect(document.error.message).toContain(
        `This sync stopped midway: it had added 2 notes to Anki, whose IDs are written in ${file}; run \`decklab sync\` again to finish`,
      )
      expect(document.added.map((note) => [note.file, note.id])).toEqual(
        written.map((id) => [file, id]),
      )
      expect(stderr).toContain(
        `Interrupted: what was synced is recorded. This sync stopped midway: it had added 2 notes to Anki, whose IDs are written in ${shown};`,
      )
      expect(stderr).not.toContain('\u001b')
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, rerun.stderr).toBe(0)
      await expectNoDuplicates(cwd, server, 2)
    })

    it('killed (-9) after writing some IDs: the rerun adds the rest once', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd)
      const server = await anki(cwd)
      const run = startSync(cwd, server)
      await until(() => someIdWritten(cwd), 'the first IDs in the notes')
      run.child.kill('SIGKILL')
      await run.exit
      const written = (await vaultIds(join(cwd, 'notes'))).length
      expect(written).toBeLessThan(total)
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    it('killed (-9) midway: a sync of one file then deletes no note of the others', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd, 4, 400)
      const server = await anki(cwd)
      const run = startSync(cwd, server)
      await until(() => someIdWritten(cwd), 'the first IDs in the notes')
      run.child.kill('SIGKILL')
      await run.exit
      const before = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(before.length).toBeLessThan(total)
      const part = sync(cwd, server, 'notes/part-0.md', '--json')
      expect(part.code, `${part.stderr}\n${part.stdout}`).toBe(0)
      expect(part.json?.deleted).toEqual([])
      // A batch the killed run sent may still arrive: Anki only gains notes.
      const after = new Set(await server.call<number[]>('findNotes', { query: 'deck:*' }))
      expect(before.filter((id) => !after.has(id))).toEqual([])
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      expect(rerun.json?.deleted).toEqual([])
      await expectNoDuplicates(cwd, server, total)
    })

    it('interrupted with Ctrl-C (SIGINT): exit 130, and the rerun completes without duplicates', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd)
      const server = await anki(cwd)
      const run = startSync(cwd, server)
      await until(() => someIdWritten(cwd), 'the first IDs in the notes')
      run.child.kill('SIGINT')
      expect(await run.exit).toBe(130)
      expect((await vaultIds(join(cwd, 'notes'))).length).toBeLessThan(total)
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    it("Ctrl-C while Anki has not answered an add by the end of the grace time: the sync's own message, and the rerun completes without duplicates", async () => {
      // decklab, which waits for a write it sent, is ended by its grace time rather than
      // by the sync's own catch.
      const { cwd, total, server, run } = await syncWithAnkiPaused(async (run) => {
        run.child.kill('SIGINT')
        expect(await run.exit).toBe(130)
      })
      expect(run.stderr()).toContain(
        'Interrupted: what was synced is recorded; run `decklab sync` again to finish (nothing is added twice).',
      )
      expect(run.stderr()).not.toMatch(/^Interrupted\.$/m)
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    // AnkiConnect waits while Anki shows a dialog: the sync stood still without a word.
    it('says so when Anki leaves a request unanswered, and finishes once Anki answers', async () => {
      const { cwd, total, server, run } = await syncWithAnkiPaused((run) =>
        until(() => run.stderr().includes('Anki has not answered'), 'the note that Anki is slow'),
      )
      expect(run.stderr()).toMatch(
        /Anki has not answered `[a-zA-Z, ]+` for 15 s: AnkiConnect waits while Anki shows a dialog/,
      )
      expect(await run.exit).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    // An Anki that never answers held the sync, and the vault lock with it, for ever.
    it('with Anki silent past --timeout: exit 2 naming the request, and once Anki answers again the rerun completes without duplicates', async () => {
      const { cwd, total, server, run } = await syncWithAnkiPaused(
        async (run) => {
          expect(await run.exit).toBe(2)
        },
        '--timeout',
        '2',
      )
      expect(run.stderr()).toMatch(
        /^error Unexpected silence from AnkiConnect at http:\/\/127\.0\.0\.1:\d+\/: no reply to `addNote` in \d+ s, expected one within 2 s \(`--timeout`\)/m,
      )
      // The batches it sent reach Anki once it wakes, pending; the rerun adopts them.
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })

    it('with Anki closed midway: exit 2 naming the URL, and the rerun completes without duplicates', async () => {
      const cwd = await workspace()
      const total = await bigVault(cwd)
      let server = await anki(cwd, 'first.log')
      const run = startSync(cwd, server)
      await until(() => someIdWritten(cwd), 'the first IDs in the notes')
      await server.stop()
      expect(await run.exit).toBe(2)
      server = await anki(cwd, 'second.log', server.port)
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, `${rerun.stderr}\n${rerun.stdout}`).toBe(0)
      await expectNoDuplicates(cwd, server, total)
    })
  },
)
