import { existsSync } from 'node:fs'
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable, startAnki } from '../sync/anki-server.js'
import { workspace } from '../sync/sync-fixture.js'

const importScript = fileURLToPath(
  new URL('../../../shared/tools/anki/anki-import.py', import.meta.url),
)

/** What Anki's own importer reports of importing `pkg` into `collection`. */
function importPackage(
  collection: string,
  pkg: string,
): { imports: Array<Record<string, number>>; log: string[][]; cards: number; empty_cards: number } {
  const run = runAnkiPython([importScript, collection, pkg])
  // An importer that failed says why on stderr: shown, not an empty-JSON error.
  if (run.status !== 0 || run.stdout.trim() === '') {
    throw new Error(`anki-import.py exited ${run.status} (${run.signal}): ${run.stderr}`)
  }
  return JSON.parse(run.stdout)
}

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
/** A block as the plugin leaves it once synced: with the ID Anki gave its note. */
const syncedBlock = (front: string, id = 1708611033509) =>
  `START\nBasic\n${front}\nBack: answer\n<!--ID: ${id}-->\nEND\n`
const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

/**
 * A vault of one note in deck `A`: `buildAs` moves it to another deck, builds and
 * imports the package into one collection (a student's, which only imports), giving
 * the build's stderr; `cardDecks` the decks that collection has the note's cards in.
 */
async function importedDeckBuilds(): Promise<{
  buildAs: (deck: string) => Promise<string>
  cardDecks: () => string[]
}> {
  const cwd = await workspace({ 'notes/a.md': `TARGET DECK\nA\n\n${block('one')}` })
  const collection = join(cwd, 'collection.anki2')
  const cardDecks = () => {
    const run = runAnkiPython([importScript, '--cards', collection, join(cwd, 'deck.apkg')])
    return (JSON.parse(run.stdout) as { cards: Array<{ deck: string }> }).cards.map(
      (card) => card.deck,
    )
  }
  const buildAs = async (deck: string) => {
    await writeFile(
      join(cwd, 'notes/a.md'),
      (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace(
        /^TARGET DECK\n.*$/m,
        `TARGET DECK\n${deck}`,
      ),
    )
    const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    importPackage(collection, join(cwd, 'deck.apkg'))
    return run.stderr
  }
  return { buildAs, cardDecks }
}

describe('decklab build and Anki-side problems', () => {
  it('warns, pointing to sync, when Obsidian_to_Anki synced the notes', async () => {
    const cwd = await workspace({
      'vault/a.md': syncedBlock('Synced by the plugin'),
      'vault/b.md': block('Not synced'),
      [`vault/${pluginSettings}`]: JSON.stringify({
        settings: {},
        'Added Media': {},
        'File Hashes': { 'a.md': 'd41d8cd98f00b204e9800998ecf8427e' },
      }),
    })
    const run = runDecklab(['build', 'vault', '-o', 'out.apkg', '--json'], { cwd })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; file: string; message: string; hint: string }>
    }
    const warning = result.diagnostics.find(
      (diagnostic) => diagnostic.code === 'plugin-synced-vault',
    )
    expect(warning?.file).toBe(`vault/${pluginSettings}`)
    expect(warning?.message).toContain('(1 note with IDs in 1 file of its')
    expect(warning?.hint).toContain('decklab sync')
  })

  it('warns for a file whose name is NFD on disk and NFC in the plugin’s File Hashes', async () => {
    // A vault copied from a Mac keeps `Français` decomposed; Obsidian records its paths in NFC.
    const cwd = await workspace({
      ['vault/Langues/Français été.md'.normalize('NFD')]: syncedBlock('Synced by the plugin'),
      [`vault/${pluginSettings}`]: JSON.stringify({
        settings: {},
        'File Hashes': {
          ['Langues/Français été.md'.normalize('NFC')]: 'd41d8cd98f00b204e9800998ecf8427e',
        },
      }),
    })
    const run = runDecklab(['build', 'vault', '-o', 'out.apkg', '--json'], { cwd })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; message: string }>
    }
    const warning = result.diagnostics.find(
      (diagnostic) => diagnostic.code === 'plugin-synced-vault',
    )
    expect(warning?.message).toContain('(1 note with IDs in 1 file of its')
  })

  it('counts only the notes the plugin could have synced: none in a CRLF block, none without an ID', async () => {
    const settings = (files: string[]) =>
      JSON.stringify({
        settings: {},
        'File Hashes': Object.fromEntries(files.map((file) => [file, '0'])),
      })
    // The plugin hashes every file it reads, but finds no block whose `START` ends in CRLF.
    const crlf = syncedBlock('Written on Windows', 1708611033510).replaceAll('\n', '\r\n')
    const cwd = await workspace({
      'vault/crlf.md': crlf,
      'vault/none.md': block('New since the plugin'),
      'vault/inline.md': 'STARTI [Basic] Q Back: A <!--ID: 1708611033511--> ENDI\r\n',
      [`vault/${pluginSettings}`]: settings(['crlf.md', 'none.md']),
    })
    const check = (cwd: string) => {
      const run = runDecklab(['check', 'vault', '--json'], { cwd })
      expect(run.code, run.stderr).toBe(0)
      const result = JSON.parse(run.stdout) as {
        diagnostics: Array<{ code: string; message: string }>
      }
      return result.diagnostics.find((diagnostic) => diagnostic.code === 'plugin-synced-vault')
    }
    expect(check(cwd)).toBeUndefined()
    // An inline note it finds in a CRLF file too.
    await writeFile(
      join(cwd, 'vault', pluginSettings),
      settings(['crlf.md', 'none.md', 'inline.md']),
    )
    expect(check(cwd)?.message).toContain('(1 note with IDs in 1 file of its')
    // A file of both line ends: each block counts by its own `START` line, not the lines around it.
    const crlfAfterStart = (text: string) =>
      text.replaceAll('\n', '\r\n').replace('START\r\n', 'START\n')
    const mixed = [
      syncedBlock('Pasted from Windows', 1708611033512).replaceAll('\n', '\r\n'),
      crlfAfterStart(syncedBlock('Written here', 1708611033513)),
      syncedBlock('Pasted again', 1708611033514).replaceAll('\n', '\r\n'),
    ].join('\n')
    await writeFile(join(cwd, 'vault', 'mixed.md'), mixed)
    await writeFile(join(cwd, 'vault', pluginSettings), settings(['mixed.md']))
    expect(check(cwd)?.message).toContain('(1 note with IDs in 1 file of its')
  })

  it('does not warn when the plugin synced none of the files', async () => {
    const cwd = await workspace({
      'vault/a.md': block('Only decklab'),
      [`vault/${pluginSettings}`]: JSON.stringify({ settings: {}, 'File Hashes': {} }),
    })
    const run = runDecklab(['build', 'vault', '-o', 'out.apkg', '--json'], { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout).not.toContain('plugin-synced-vault')
  })

  it.skipIf(ankiUnavailable !== undefined)(
    `lists the notes removed since the last build with a search that finds exactly them in Anki${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const cwd = await workspace({
        'notes/a.md': `${block('Kept')}\n${block('Removed one')}\n${block('Removed two')}`,
      })
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
      const collection = join(cwd, 'collection.anki2')
      importPackage(collection, join(cwd, 'deck.apkg'))
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const kept = text.slice(0, text.indexOf('START', 5))
      await writeFile(join(cwd, 'notes/a.md'), kept)
      const run = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
      expect(run.code).toBe(0)
      const result = JSON.parse(run.stdout) as { removed: { ids: number[]; search: string } }
      expect(result.removed.ids.length).toBe(2)
      const human = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(human.stderr).not.toContain('removed') // nothing changed since: nothing newly removed
      // Anki's own search finds exactly the two removed notes.
      const server = await startAnki(collection, join(cwd, 'anki.log'))
      onTestFinished(() => server.stop())
      const found = await server.call<number[]>('findNotes', { query: result.removed.search })
      expect(found.sort()).toEqual([...result.removed.ids].sort())
      const all = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(all.length).toBe(3)
      expect(existsSync(collection)).toBe(true)
    },
  )

  it('says how many notes of the last build are gone, in good grammar for one', async () => {
    const cwd = await workspace({ 'notes/a.md': `${block('Kept')}\n${block('Removed')}` })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    await writeFile(join(cwd, 'notes/a.md'), text.slice(0, text.indexOf('START', 5)))
    const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(run.stderr).toContain(
      "removed: 1 note from the last build is no longer in the notes. Importing keeps it in Anki; to delete it, search Anki's browser (Browse) for:\n  nid:",
    )
    expect(run.stderr).toContain('then select the note and choose Notes → Delete.\n')
  })

  // The crash sweep: a damaged record was replaced without a word, and the removed notes with it.
  it('says a damaged record cannot name the notes removed, and keeps the damaged file', async () => {
    const cwd = await workspace({ 'notes/a.md': `${block('Kept')}\n${block('Removed')}` })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const record = join(cwd, '.decklab-build', 'deck.apkg.json')
    const damaged = (await readFile(record, 'utf8')).slice(0, 200)
    await writeFile(record, damaged)
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    await writeFile(join(cwd, 'notes/a.md'), text.slice(0, text.indexOf('START', 5)))
    const run = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; file: string; message: string }>
    }
    const [warning] = result.diagnostics.filter((d) => d.code === 'build-record-damaged')
    expect(warning?.file).toBe('.decklab-build/deck.apkg.json')
    const kept = /kept as `([^`]+)`/.exec(warning?.message ?? '')?.[1]
    expect(await readFile(join(cwd, kept ?? 'none'), 'utf8')).toBe(damaged)
    // The next build has a good record again: nothing more to say.
    const again = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(again.stderr).not.toContain('build-record-damaged')
  })

  // A vault from a stranger may ship its output folder: a record that is a link to a file
  // elsewhere (`~/.ssh/id_rsa`) had that file copied into the vault beside it.
  it('copies no file a record that is a link points at, and replaces the link', async () => {
    const cwd = await workspace({ 'notes/a.md': block('Kept'), 'secret.txt': 'SECRET KEY\n' })
    const record = join(cwd, '.decklab-build', 'deck.apkg.json')
    await mkdir(dirname(record), { recursive: true })
    await symlink(join(cwd, 'secret.txt'), record)
    const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('build-record-damaged')
    expect(run.stderr).not.toContain('kept as')
    // Nor is its start quoted: V8's message for a text that is not JSON quotes it.
    expect(run.stderr).not.toContain('SECRET')
    const kept = (await readdir(dirname(record))).filter((name) => name.includes('damaged'))
    expect(kept).toEqual([])
    expect(await readFile(join(cwd, 'secret.txt'), 'utf8')).toBe('SECRET KEY\n')
    expect((await lstat(record)).isFile()).toBe(true)
  })

  it('names a note marked DELETE removed, with one warning, in either layout the plugin takes', async () => {
    const cwd = await workspace({
      'notes/a.md': `${block('Kept')}\n${block('Deleted alone')}\n${block('Deleted in its block')}`,
    })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    const [kept, alone, inBlock] = text.split('\n\n')
    const idLine = (note = '') => /<!--ID: \d+-->/.exec(note)?.[0] ?? ''
    // The plugin's two layouts: DELETE and the ID line in place of the block, or before its ID line.
    await writeFile(
      join(cwd, 'notes/a.md'),
      `${kept}\n\nDELETE\n${idLine(alone)}\n\n${inBlock?.replace(idLine(inBlock), `DELETE\n${idLine(inBlock)}`)}`,
    )
    const run = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as {
      removed: { ids: number[] }
      diagnostics: Array<{ code: string; hint?: string }>
    }
    const ids = [idLine(alone), idLine(inBlock)].map((line) => Number(/\d+/.exec(line)?.[0]))
    expect(result.removed.ids.sort()).toEqual(ids.sort())
    expect(result.diagnostics.map((d) => d.code)).toEqual(['delete-ignored', 'delete-ignored'])
    expect(result.diagnostics.map((d) => d.hint)).toEqual(
      ids.map((id) => expect.stringContaining(`nid:${id}`)),
    )
  })

  it('tells how to delete removed notes in Anki, not with `decklab sync` (which deletes only notes it synced)', async () => {
    const cwd = await workspace({
      'notes/a.md': `${block('Kept')}\n${block('Removed')}\n${block('Removed too')}`,
    })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    await writeFile(join(cwd, 'notes/a.md'), text.slice(0, text.indexOf('START', 5)))
    const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(run.stderr).toMatch(
      /removed: 2 notes from the last build are no longer in the notes\. Importing keeps them in Anki; to delete them, search Anki's browser \(Browse\) for:\n {2}nid:\d+,\d+\nthen select all the notes found and choose Notes → Delete\.\n/,
    )
    expect(run.stderr).not.toContain('decklab sync')
  })

  it('names the notes removed when the default package moves with its root decks, and says it moved', async () => {
    const cwd = await workspace({
      'notes/es.md': '---\ndeck: Spanish\n---\nSTART\nBasic\nperro\nBack: dog\nEND\n',
      'notes/scratch.md': '---\ndeck: Scratch\n---\nSTART\nBasic\ntemp\nBack: x\nEND\n',
    })
    expect(runDecklab(['build'], { cwd }).stderr).toContain('wrote dist/deck.apkg')
    const removedId = /<!--ID: (\d+)-->/.exec(
      await readFile(join(cwd, 'notes/scratch.md'), 'utf8'),
    )?.[1]
    await rm(join(cwd, 'notes/scratch.md'))
    const moved = runDecklab(['build', '--json'], { cwd })
    expect(moved.code).toBe(0)
    const result = JSON.parse(moved.stdout) as {
      output: string
      removed: { ids: number[]; search: string }
      diagnostics: Array<{ code: string; message: string }>
    }
    expect(result.output).toBe('dist/Spanish.apkg')
    expect(result.removed.ids).toEqual([Number(removedId)])
    expect(result.diagnostics.map((d) => d.code)).toEqual(['package-moved'])
    expect(result.diagnostics[0]?.message).toContain(
      'Unexpected package name `dist/Spanish.apkg` for notes last built into `dist/deck.apkg`',
    )
    // Said once: the next build keeps the package without a word of it.
    const kept = runDecklab(['build'], { cwd })
    expect(kept.stderr).toContain('unchanged dist/Spanish.apkg')
    expect(kept.stderr).not.toContain('package-moved')
  })

  it("says no package moved after a build `-o` named, as build's --help examples run in turn", async () => {
    // `decklab build notes -o dist/uds.apkg`, then `decklab build --frozen --json`: the
    // decks are the same, so nothing moved; the warning said the root decks had changed.
    const cwd = await workspace({
      'notes/es.md': '---\ndeck: Spanish\n---\nSTART\nBasic\nperro\nBack: dog\nEND\n',
    })
    expect(runDecklab(['build', 'notes', '-o', 'dist/uds.apkg'], { cwd }).code).toBe(0)
    const next = runDecklab(['build', '--frozen', '--json'], { cwd })
    expect(next.code, next.stderr).toBe(0)
    const result = JSON.parse(next.stdout) as { output: string; diagnostics: { code: string }[] }
    expect(result.output).toBe('dist/Spanish.apkg')
    expect(result.diagnostics.map((d) => d.code)).toEqual([])
    expect(runDecklab(['check', '--json'], { cwd }).stdout).not.toContain('package-moved')
  })

  it('names the notes removed when every note was removed, once, and check says the same', async () => {
    const cwd = await workspace({
      'notes/a.md': '---\ndeck: Course::A\n---\nSTART\nBasic\none\nBack: x\nEND\n',
      'notes/b.md': '---\ndeck: Course::B\n---\nSTART\nBasic\ntwo\nBack: y\nEND\n',
    })
    expect(runDecklab(['build'], { cwd }).stderr).toContain('wrote dist/Course.apkg')
    const ids = await Promise.all(
      ['a', 'b'].map(async (name) =>
        Number(/<!--ID: (\d+)-->/.exec(await readFile(join(cwd, `notes/${name}.md`), 'utf8'))?.[1]),
      ),
    )
    await rm(join(cwd, 'notes/a.md'))
    await rm(join(cwd, 'notes/b.md'))
    const check = runDecklab(['check', '--json'], { cwd })
    const emptied = runDecklab(['build', '--json'], { cwd })
    expect(emptied.code).toBe(0)
    for (const run of [check, emptied]) {
      const result = JSON.parse(run.stdout) as {
        removed: { ids: number[] }
        diagnostics: Array<{ code: string; message: string }>
      }
      expect(result.removed.ids.sort()).toEqual(ids.sort())
      expect(result.diagnostics.map((d) => d.code)).toEqual(['package-moved', 'no-notes'])
      expect(result.diagnostics[0]?.message).toContain('last built into `dist/Course.apkg`')
    }
    // Said by the build that wrote the empty package: the next ones say the vault is empty.
    for (const command of ['check', 'build']) {
      const again = runDecklab([command, '--json'], { cwd })
      const result = JSON.parse(again.stdout) as { removed: { ids: number[] } }
      expect(result.removed.ids).toEqual([])
      expect(again.stderr).not.toContain('package-moved')
    }
  })

  it('warns when a note changed its note type since the last build, and again while the package is kept', async () => {
    const cwd = await workspace({
      'notes/a.md': `${block('Changes type')}\n${block('Stays Basic')}`,
    })
    expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    await writeFile(join(cwd, 'notes/a.md'), text.replace('Basic\n', 'Basic (and reversed card)\n'))
    const changed = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    expect(changed.code).toBe(0)
    const result = JSON.parse(changed.stdout) as {
      diagnostics: Array<{ code: string; file: string; line: number; message: string }>
    }
    expect(result.diagnostics.map(({ code, file, line }) => ({ code, file, line }))).toEqual([
      { code: 'note-type-changed', file: 'notes/a.md', line: 1 },
    ])
    expect(result.diagnostics[0]?.message).toContain(
      'Unexpected note type `Basic (and reversed card)` for a note last built as `Basic`',
    )
    const kept = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(kept.stdout + kept.stderr).toContain('unchanged deck.apkg')
    expect(kept.stderr).toContain('note-type-changed')
    // Built once more after another edit, the type is the one last built, but not the one
    // a collection that only imports still has: its import goes on skipping the note.
    await writeFile(
      join(cwd, 'notes/a.md'),
      (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace(
        'Stays Basic',
        'Stays Basic, edited',
      ),
    )
    const later = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(later.code).toBe(0)
    expect(later.stderr).toContain(
      'Unexpected note type `Basic (and reversed card)` for a note first built as `Basic`',
    )
  })

  it.skipIf(ankiUnavailable !== undefined)(
    `the note-type warning is true: Anki's import skips the note whose type changed${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const cwd = await workspace({ 'notes/a.md': block('Changes type') })
      const collection = join(cwd, 'collection.anki2')
      const importDeck = () => importPackage(collection, join(cwd, 'deck.apkg'))
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
      expect(importDeck().cards).toBe(1)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      await writeFile(
        join(cwd, 'notes/a.md'),
        text.replace('Basic\n', 'Basic (and reversed card)\n').replace('answer', 'new answer'),
      )
      const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(run.stderr).toContain('note-type-changed')
      const second = importDeck()
      // The update is skipped: still one card, and the log says why.
      expect(second.cards).toBe(1)
      expect(second.log.flat().join('\n')).toMatch(/note type has changed/i)
      // Edited again, still of the new type: the import skips this edit too, and the build
      // says so (it said nothing: the type was the one it last built).
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace('new answer', 'newer answer'),
      )
      const again = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(again.stderr).toContain(
        'Unexpected note type `Basic (and reversed card)` for a note first built as `Basic`',
      )
      const skipped = importDeck()
      expect(skipped.cards).toBe(1)
      expect(skipped.imports.at(-1)).toEqual({ Skipped: 1 })
      // The change undone: the type Anki kept, so nothing to warn of, and the import updates the note.
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8'))
          .replace('Basic (and reversed card)\n', 'Basic\n')
          .replace('newer answer', 'third answer'),
      )
      const undone = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(undone.code).toBe(0)
      expect(undone.stderr).not.toContain('note-type-changed')
      const third = importDeck()
      expect(third.imports.at(-1)).toEqual({ Updated: 1 })
      expect(third.log.flat().join('\n')).toContain('third answer')
      // A third type is a change again, from the one Anki has.
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace(
          'Basic\n',
          'Basic (type in the answer)\n',
        ),
      )
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).stderr).toContain(
        'Unexpected note type `Basic (type in the answer)` for a note last built as `Basic`',
      )
    },
  )

  it.skipIf(ankiUnavailable !== undefined)(
    `warns once per file when notes changed deck, which an import does not move their cards to${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const file = (deck: string, answer: string) =>
        `TARGET DECK\n${deck}\n\n${block('one').replace('answer', answer)}\n${block('two')}`
      const cwd = await workspace({ 'notes/a.md': file('Old', 'answer') })
      const collection = join(cwd, 'collection.anki2')
      const first = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(first.code).toBe(0)
      importPackage(collection, join(cwd, 'deck.apkg'))
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      await writeFile(join(cwd, 'notes/a.md'), text.replace('TARGET DECK\nOld', 'TARGET DECK\nNew'))
      const moved = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(moved.code).toBe(0)
      // One warning for the file's two notes, at the first.
      expect(moved.stderr.match(/deck-changed/g)).toHaveLength(1)
      expect(moved.stderr).toMatch(
        /^notes\/a\.md:4:1 warning deck-changed Unexpected deck `New` for 2 notes of this file, from this one on, last built into `Old`/m,
      )
      // What it says is so: the import updates the notes and leaves their cards in Old.
      const run = runAnkiPython([importScript, '--cards', collection, join(cwd, 'deck.apkg')])
      const report = JSON.parse(run.stdout) as {
        imports: Array<Record<string, number>>
        cards: Array<{ deck: string }>
      }
      expect(report.imports.at(-1)).toEqual({ Updated: 2 })
      expect(report.cards.map((card) => card.deck)).toEqual(['Old', 'Old'])
      // Said while this package is kept; not by the next build, whose record has the new deck.
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).stderr).toContain('deck-changed')
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace('Back: answer', 'Back: edited'),
      )
      const next = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(next.code).toBe(0)
      expect(next.stderr).not.toContain('deck-changed')
    },
  )

  // A second change of deck said "Anki keeps its cards in `B`", the deck of the last build,
  // and searched only there; a collection that only imports (a student's) has them in `A`.
  it.skipIf(ankiUnavailable !== undefined)(
    `names the deck an import left the cards in when a note changes deck again${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const { buildAs, cardDecks } = await importedDeckBuilds()
      await buildAs('A')
      expect(await buildAs('B')).toContain('Anki keeps its cards in `A`')
      const again = await buildAs('C')
      expect(again).toMatch(
        /warning deck-changed Unexpected deck `C` for this note last built into `B` and first into `A`, expected its cards to move: .* Anki keeps its cards where they are \(an import never moves cards\): in `A`, where the first import put them, unless they were moved to `B` in Anki since$/m,
      )
      expect(again).toContain('search `deck:"A" or deck:"B"`')
      const back = await buildAs('A')
      expect(back).toMatch(
        /warning deck-changed Unexpected deck `A` for this note last built into `C`, expected its cards to move back: `A` is where the first import put them/m,
      )
      expect(back).toContain('search `deck:"C"`')
      // What it says is so: after four imports the card is still in A.
      expect(cardDecks()).toEqual(['A'])
    },
  )

  // `Biology::cells` to `Biology::Cells` was warned as a move, with "search deck:… then Cards →
  // Change Deck": Anki tells deck names apart without case, so the cards are already in that
  // deck, which keeps its old spelling, and there is nowhere to move them.
  it.skipIf(ankiUnavailable !== undefined)(
    `says a deck spelled in another case keeps its name in Anki, not that its cards must move${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const file = (deck: string) => `TARGET DECK\n${deck}\n\n${block('one')}`
      const cwd = await workspace({ 'notes/a.md': file('Biology::cells') })
      const collection = join(cwd, 'collection.anki2')
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).code).toBe(0)
      importPackage(collection, join(cwd, 'deck.apkg'))
      await writeFile(join(cwd, 'notes/a.md'), file('Biology::Cells'))
      const respelled = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(respelled.code).toBe(0)
      expect(respelled.stderr).toMatch(
        /^notes\/a\.md:4:1 warning deck-changed Unexpected deck `Biology::Cells` for this note last built into `Biology::cells`, expected the same spelling: Anki tells deck names apart without case, so importing this package keeps its cards in the deck they are in, still named `Biology::cells`$/m,
      )
      expect(respelled.stderr).toContain('rename the deck in Anki')
      expect(respelled.stderr).not.toContain('Change Deck')
      // What it says is so: the card is in the deck of the old spelling, and no other deck was made.
      const run = runAnkiPython([importScript, '--cards', collection, join(cwd, 'deck.apkg')])
      const report = JSON.parse(run.stdout) as { cards: Array<{ deck: string }> }
      expect(report.cards.map((card) => card.deck)).toEqual(['Biology::cells'])
      const decks = runAnkiPython([
        '-c',
        'import sys; sys.path.insert(0, sys.argv[1]); from anki import Collection; print(sorted(Collection(sys.argv[2]).decks.allNames()))',
        join(dirname(importScript), 'anki-2.1.15'),
        collection,
      ])
      expect(decks.stdout.trim()).toBe("['Biology', 'Biology::cells', 'Default']")
    },
  )

  // `A` to `Biology::Cells` to `Biology::cells` said the cards stay "in the deck they are in,
  // still named `Biology::Cells`", nothing to move: a collection that only imports has them in `A`.
  it.skipIf(ankiUnavailable !== undefined)(
    `names the first deck when a note moved since is only respelled${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const { buildAs, cardDecks } = await importedDeckBuilds()
      await buildAs('A')
      await buildAs('Biology::Cells')
      const respelled = await buildAs('Biology::cells')
      expect(respelled).toMatch(
        /warning deck-changed Unexpected deck `Biology::cells` for this note last built into `Biology::Cells` and first into `A`, expected its cards to move: .*: in `A`, where the first import put them, unless they were moved to `Biology::Cells` in Anki since$/m,
      )
      expect(respelled).toContain('search `deck:"A" or deck:"Biology::Cells"`')
      expect(respelled).not.toContain('nothing needs to move')
      // What it says is so: the card is still in A.
      expect(cardDecks()).toEqual(['A'])
    },
  )

  it.skipIf(ankiUnavailable !== undefined)(
    `warns of a card the last build made and this one does not, which Anki keeps empty${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const cloze = (text: string) => `START\nCloze\n${text}\nEND\n`
      const cwd = await workspace({
        'notes/a.md': cloze('{{c1::Paris}} is the capital of {{c2::France}}.'),
      })
      const collection = join(cwd, 'collection.anki2')
      const importDeck = () => importPackage(collection, join(cwd, 'deck.apkg'))
      const first = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(first.code).toBe(0)
      expect(first.stderr).not.toContain('card-removed')
      expect(importDeck()).toMatchObject({ cards: 2, empty_cards: 0 })
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      await writeFile(join(cwd, 'notes/a.md'), text.replace('{{c2::France}}', 'France'))
      const fewer = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
      expect(fewer.code).toBe(0)
      expect(fewer.stderr).toMatch(
        /^notes\/a\.md:1:1 warning card-removed Unexpected loss of card 2 of this note since the last build/m,
      )
      // What it says is so: the import keeps card 2, and it is empty.
      expect(importDeck()).toMatchObject({ cards: 2, empty_cards: 1 })
      // Said while this package is kept; not by a build that has the card again.
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).stderr).toContain('card-removed')
      await writeFile(join(cwd, 'notes/a.md'), text)
      expect(runDecklab(['build', '-o', 'deck.apkg'], { cwd }).stderr).not.toContain('card-removed')
    },
  )
})
