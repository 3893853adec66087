/** Shared pieces of the sync tests: temp workspaces, Anki servers and decklab runs. */
import { execFileSync } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { python } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { runWithFileSizeLimit } from '../support/file-size-limit.js'
import { tempProject } from '../support/project.js'
import { type AnkiServer, startAnki } from './anki-server.js'

export interface SyncJson {
  url: string
  dryRun: boolean
  record: string
  /** `id` is null in a dry run (Anki gives it). */
  added: Array<{ file: string; line: number; id: number; deck: string; previousId: number | null }>
  /** `fields`: those whose text changes (not those only spelled anew); the tags added and removed. */
  updated: Array<{
    file: string
    line: number
    id: number
    fields: string[]
    addTags: string[]
    removeTags: string[]
  }>
  moved: Array<{ file: string; line: number; id: number; deck: string; cards: number }>
  inFilteredDecks: Array<{ file: string; line: number; id: number; cards: number }>
  unrecordedKept: { notes: number; file: string; ids: number[] } | null
  /** Notes left as Anki has them, as the plugin would (their files unchanged since its last sync). */
  leftAsAnkiHasThem: Array<{
    file: string
    line: number
    id: number
    fields: string[]
    addTags: string[]
    removeTags: string[]
    cards: number
  }>
  deleted: Array<{ id: number; file: string; reason: string }>
  media: string[]
  createdNoteTypes: string[]
  unchanged: number
  recovered: number
  pending: number
  requests: number
  writes: number
  diagnostics: Array<{ code: string; severity: string; file: string; line: number }>
}

/** A temp folder removed after the test, with the given files. */
export function workspace(files: Record<string, string> = {}): Promise<string> {
  return tempProject(files, 'decklab-sync-')
}

/**
 * Start Anki over the workspace's collection, logging to `log`; stopped
 * after the test. A restart passes the same port: the sync record belongs to
 * one address, as a user's Anki keeps its port.
 */
export async function anki(cwd: string, log = 'anki.log', port?: number): Promise<AnkiServer> {
  const server = await startAnki(join(cwd, 'collection.anki2'), join(cwd, log), port)
  onTestFinished(() => server.stop())
  return server
}

export function sync(cwd: string, server: { url: string }, ...args: string[]) {
  const run = runDecklab(['sync', '--url', server.url, ...args], {
    cwd,
    env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
    timeoutMs: 120_000,
  })
  return {
    ...run,
    json: run.stdout.trim().startsWith('{') ? (JSON.parse(run.stdout) as SyncJson) : undefined,
  }
}

/**
 * A sync in which `file` refuses its new IDs midway, as a disk that fills up
 * would: its write fails (a file size limit the file's new text passes,
 * EFBIG), after Anki took its new notes, which stay pending there. A file
 * decklab may not write is refused before anything is added (sync checks),
 * so this is how a test leaves notes pending. `file` is as it was after.
 */
export async function syncRefusingFile(
  cwd: string,
  server: { url: string },
  file: string,
  ...args: string[]
) {
  const limit = 65_536
  const path = join(cwd, file)
  const text = await readFile(path, 'utf8')
  // Padded one byte past the limit: decklab reads it, but no new text of it can be written.
  await writeFile(path, `${'p'.repeat(limit - Buffer.byteLength(text))}\n${text}`)
  try {
    const run = runWithFileSizeLimit(limit, ['sync', '--url', server.url, ...args], {
      cwd,
      env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
    })
    const stdout = run.stdout
    return {
      code: run.status,
      stdout,
      stderr: run.stderr,
      json: stdout.trim().startsWith('{') ? (JSON.parse(stdout) as SyncJson) : undefined,
    }
  } finally {
    await writeFile(path, text)
  }
}

export const ids = (text: string) =>
  [...text.matchAll(/<!--ID: (\d+)-->/g)].map((m) => Number(m[1]))

export async function vaultIds(directory: string): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir(directory, { recursive: true })) {
    if (entry.endsWith('.md')) found.push(...ids(await readFile(join(directory, entry), 'utf8')))
  }
  return found.sort()
}

export interface CardInfo {
  cardId: number
  note: number
  deckName: string
  modelName: string
  fields: Record<string, { value: string }>
}

/** Note `id`'s fields as Anki holds them, by name (`{}` for a note Anki does not have). */
export async function noteFields(server: AnkiServer, id: number): Promise<Record<string, string>> {
  const [info] = await server.call<Array<{ fields: Record<string, { value: string }> }>>(
    'notesInfo',
    { notes: [id] },
  )
  return Object.fromEntries(
    Object.entries(info?.fields ?? {}).map(([name, field]) => [name, field.value]),
  )
}

export async function allCards(server: AnkiServer): Promise<CardInfo[]> {
  const cards = await server.call<number[]>('findCards', { query: 'deck:*' })
  return server.call<CardInfo[]>('cardsInfo', { cards })
}

/** Study note `id`'s cards in the collection (Anki stopped): a review card, interval 3, one review logged. */
export function study(collection: string, id: number): void {
  execFileSync(python, [
    '-c',
    [
      'import sqlite3,sys',
      'c=sqlite3.connect(sys.argv[1]); n=int(sys.argv[2])',
      'c.execute("update cards set type=2, queue=2, ivl=3, reps=1, due=10 where nid=?", (n,))',
      'for (cid,) in c.execute("select id from cards where nid=?", (n,)).fetchall(): c.execute("insert into revlog values (?,?,-1,3,3,0,2500,6000,0)", (cid+1, cid))',
      'c.commit()',
    ].join('\n'),
    collection,
    String(id),
  ])
}

/** The review log entries of note `id`'s cards (Anki stopped). */
export function reviews(collection: string, id: number): number {
  return Number(
    execFileSync(python, [
      '-c',
      'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("select count(*) from revlog where cid in (select id from cards where nid=?)", (int(sys.argv[2]),)).fetchone()[0])',
      collection,
      String(id),
    ]),
  )
}
