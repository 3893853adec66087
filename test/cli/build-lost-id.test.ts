/**
 * A note that lost its `<!--ID: N-->` line since the last build takes N back
 * from the build record (same file, note type and first field, the only such
 * pair both ways, not marked `DELETE`), so its GUID stays and re-importing
 * the package updates the old note in Anki instead of adding a second copy.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { openApkg } from '../anki/read-apkg.js'
import { runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'
import { ankiUnavailable } from '../sync/anki-server.js'

const block = (front: string, back = 'answer', type = 'Basic') =>
  `START\n${type}\n${front}\nBack: ${back}\nEND\n`
const idLine = /<!--ID: (\d+)-->\n/
const idsIn = (text: string) => [...text.matchAll(/<!--ID: (\d+)-->/g)].map((m) => Number(m[1]))

interface BuildJson {
  ids: Array<{ file: string; line: number; id: number }>
  removed: { ids: number[] }
  diagnostics: Array<{ code: string; file: string; line: number; column: number; message: string }>
}

function build(cwd: string, ...args: string[]): BuildJson {
  const run = runDecklab(['build', '-o', 'deck.apkg', '--json', ...args], { cwd })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as BuildJson
}

const restoredWarnings = (result: { diagnostics: BuildJson['diagnostics'] }) =>
  result.diagnostics.filter((entry) => entry.code === 'id-restored')

/** A project built once: `a.md` holds Alpha? and Beta?, each with its ID written. */
async function builtOnce(extra: Record<string, string> = {}) {
  const cwd = await tempProject(
    { 'notes/a.md': `${block('Alpha?')}\n${block('Beta?')}`, ...extra },
    'decklab-lost-id-',
  )
  build(cwd)
  const path = join(cwd, 'notes/a.md')
  const text = await readFile(path, 'utf8')
  const [alpha, beta] = idsIn(text) as [number, number]
  return { cwd, path, text, alpha, beta }
}

/** `text` without its first ID line (Alpha's). */
const withoutFirstId = (text: string) => text.replace(idLine, '')

async function packagedGuids(cwd: string): Promise<Map<number, string>> {
  const apkg = await openApkg(await readFile(join(cwd, 'deck.apkg')))
  return new Map(apkg.notes.map((note) => [Number(note.id), String(note.guid)]))
}

describe('decklab build: a note that lost its ID line', () => {
  it('takes its ID back, says so at the note, and keeps its GUID in the package', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    const before = await packagedGuids(cwd)
    await writeFile(path, withoutFirstId(text))
    const result = build(cwd)
    expect(result.ids).toEqual([{ file: 'notes/a.md', line: 1, id: alpha, restored: true }])
    const [warning, ...others] = restoredWarnings(result)
    expect(others).toEqual([])
    expect(warning).toMatchObject({ file: 'notes/a.md', line: 1, column: 1 })
    expect(warning?.message).toContain(`expected ${alpha}`)
    expect(await readFile(path, 'utf8')).toBe(text)
    expect(result.removed.ids).toEqual([])
    const after = await packagedGuids(cwd)
    expect(after.get(alpha)).toBe(before.get(alpha))
    expect(after.get(alpha)).toBe(guidForNoteId(alpha))
    // Said once, by the build that wrote the ID: the next build keeps the package and says nothing.
    expect(restoredWarnings(build(cwd))).toEqual([])
  })

  it('counts a restored ID apart from new ones in its summary', async () => {
    const { cwd, path, text } = await builtOnce()
    await writeFile(path, `${withoutFirstId(text)}\n${block('A new note?')}`)
    const run = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('wrote 1 new ID and 1 restored ID into 1 file\n')
  })

  it('takes its ID back when its Back was edited too, and packages the new Back', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    await writeFile(path, withoutFirstId(text).replace('answer', 'a new answer'))
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).toEqual([alpha])
    expect(restoredWarnings(result)).toHaveLength(1)
    expect(await readFile(path, 'utf8')).toBe(text.replace('answer', 'a new answer'))
    const apkg = await openApkg(await readFile(join(cwd, 'deck.apkg')))
    const note = apkg.notes.find((entry) => Number(entry.id) === alpha)
    expect(note?.guid).toBe(guidForNoteId(alpha))
    expect(String(note?.flds)).toContain('a new answer')
  })

  it('is said by --dry-run and by check, which write nothing', async () => {
    const cwd = await tempProject({ 'notes/a.md': `${block('Alpha?')}\n${block('Beta?')}` })
    // The default package: `check` reads the record beside it.
    expect(runDecklab(['build'], { cwd }).code).toBe(0)
    const path = join(cwd, 'notes/a.md')
    const text = await readFile(path, 'utf8')
    const [alpha] = idsIn(text)
    await writeFile(path, withoutFirstId(text))
    const dry = runDecklab(['build', '--dry-run', '--json'], { cwd })
    const dryResult = JSON.parse(dry.stdout) as BuildJson
    expect(dryResult.ids.map((write) => write.id)).toEqual([alpha])
    expect(restoredWarnings(dryResult)).toHaveLength(1)
    const check = runDecklab(['check', '--json'], { cwd })
    const checkResult = JSON.parse(check.stdout) as Pick<BuildJson, 'diagnostics'>
    expect(restoredWarnings(checkResult)).toEqual(restoredWarnings(dryResult))
    expect(await readFile(path, 'utf8')).toBe(withoutFirstId(text))
  })

  it('gives a new ID, as before, when two notes without an ID have its first field', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    await writeFile(path, `${withoutFirstId(text)}\n${block('Alpha?', 'another')}`)
    const result = build(cwd)
    expect(result.ids).toHaveLength(2)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
  })

  it('gives a new ID, as before, when its first field changed too', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    await writeFile(path, withoutFirstId(text).replace('Alpha?', 'Alpha, reworded?'))
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
    expect(result.removed.ids).toEqual([alpha])
  })

  it('gives a new ID, as before, when its note type changed', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    await writeFile(
      path,
      withoutFirstId(text).replace(
        'START\nBasic\nAlpha?',
        'START\nBasic (and reversed card)\nAlpha?',
      ),
    )
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
  })

  it('gives a new ID, as before, when it moved to another file', async () => {
    const { cwd, path, text, alpha } = await builtOnce({ 'notes/b.md': block('Gamma?') })
    const [alphaBlock, rest] = [
      text.slice(0, text.indexOf('START', 5)),
      text.slice(text.indexOf('START', 5)),
    ]
    await writeFile(path, rest)
    const other = join(cwd, 'notes/b.md')
    await writeFile(other, `${await readFile(other, 'utf8')}\n${withoutFirstId(alphaBlock)}`)
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
    // Said, with the ID that keeps the note: the build named only the note removed (`nid:…`),
    // and importing added the moved block as a second note, the first's history left behind.
    const moved = result.diagnostics.filter((entry) => entry.code === 'moved-without-id')
    expect(moved).toEqual([expect.objectContaining({ file: 'notes/b.md', line: 8 })])
    expect(moved[0]?.message).toContain(
      `note type and first field of note ${alpha}, which the last build packaged from notes/a.md and no note has now`,
    )
    expect(result.removed.ids).toEqual([alpha])
  })

  it('does not say a note moved when another note without an ID has its first field', async () => {
    const { cwd, path, text } = await builtOnce({ 'notes/b.md': block('Gamma?') })
    await writeFile(path, text.slice(text.indexOf('START', 5)))
    await writeFile(join(cwd, 'notes/b.md'), `${block('Alpha?')}\n${block('Alpha?', 'another')}`)
    const result = build(cwd)
    expect(result.diagnostics.filter((entry) => entry.code === 'moved-without-id')).toEqual([])
  })

  it('gives a new ID, as before, to a new note beside its old ID marked DELETE', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    const alphaBlock = text.slice(0, text.indexOf('START', 5))
    await writeFile(
      path,
      `DELETE\n<!--ID: ${alpha}-->\n\n${text.slice(text.indexOf('START', 5))}\n${withoutFirstId(alphaBlock)}`,
    )
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
  })

  it('gives a new ID, as before, when its old ID is still written in the file (a broken block)', async () => {
    const { cwd, path, text, alpha } = await builtOnce()
    // The old block's START line broken: its ID line is still in the file, not in a note.
    await writeFile(
      path,
      `${text.replace('START\nBasic\nAlpha?', 'STRT\nBasic\nAlpha?')}\n${block('Alpha?')}`,
    )
    const result = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
    const parsed = JSON.parse(result.stdout) as BuildJson
    expect(parsed.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(parsed)).toEqual([])
    expect(idsIn(await readFile(path, 'utf8')).filter((id) => id === alpha)).toHaveLength(1)
  })

  it('gives a new ID, as before, when a partial build finds its old ID in the rest of the vault', async () => {
    const cwd = await tempProject({
      'notes/a.md': `${block('Alpha?')}\n${block('Beta?')}`,
      'notes/b.md': block('Gamma?'),
    })
    build(cwd, 'notes/a.md')
    const path = join(cwd, 'notes/a.md')
    const text = await readFile(path, 'utf8')
    const [alpha] = idsIn(text)
    // Alpha moved, with its ID, to a file this build does not read; a new Alpha in its place.
    const alphaBlock = text.slice(0, text.indexOf('START', 5))
    const other = join(cwd, 'notes/b.md')
    await writeFile(other, `${await readFile(other, 'utf8')}\n${alphaBlock}`)
    await writeFile(path, `${text.slice(text.indexOf('START', 5))}\n${block('Alpha?')}`)
    const result = build(cwd, 'notes/a.md')
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
  })

  it('gives a new ID, without an error, after a build whose record kept no files or first fields', async () => {
    const { cwd, path, text, alpha, beta } = await builtOnce()
    // The record as builds before this change wrote it: no `file`, no `head` in its stamps.
    const recordPath = join(cwd, '.decklab-build', 'deck.apkg.json')
    const record = JSON.parse(await readFile(recordPath, 'utf8')) as {
      notes: Record<string, Record<string, unknown>>
    }
    for (const stamp of Object.values(record.notes)) {
      delete stamp.file
      delete stamp.head
    }
    await writeFile(recordPath, `${JSON.stringify(record)}\n`)
    await writeFile(path, withoutFirstId(text))
    const result = build(cwd)
    expect(result.ids.map((write) => write.id)).not.toContain(alpha)
    expect(restoredWarnings(result)).toEqual([])
    expect(result.diagnostics.filter((entry) => entry.code === 'build-record-damaged')).toEqual([])
    // That build recorded both, for Beta too, whose stamp it kept: Beta's lost ID line is given back.
    const rebuilt = await readFile(path, 'utf8')
    await writeFile(path, rebuilt.replace(`<!--ID: ${beta}-->\n`, ''))
    expect(build(cwd).ids.map((write) => write.id)).toEqual([beta])
  })
})

const importScript = fileURLToPath(
  new URL('../../../shared/tools/anki/anki-import.py', import.meta.url),
)

/** What Anki 2.1.15's own importer says of importing `pkg` into `collection`. */
function importPackage(
  collection: string,
  pkg: string,
): { imports: Array<Record<string, number>>; notes: number } {
  const run = runAnkiPython([importScript, collection, pkg])
  if (run.status !== 0 || run.stdout.trim() === '') {
    throw new Error(`anki-import.py exited ${run.status} (${run.signal}): ${run.stderr}`)
  }
  return JSON.parse(run.stdout)
}

describe('decklab build: a lost ID line and Anki 2.1.15 importing', () => {
  it.skipIf(ankiUnavailable !== undefined)(
    `updates the old note on re-import instead of adding a second one${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const { cwd, path, text } = await builtOnce()
      const collection = join(cwd, 'collection.anki2')
      expect(importPackage(collection, join(cwd, 'deck.apkg')).notes).toBe(2)
      await writeFile(path, withoutFirstId(text).replace('answer', 'a new answer'))
      build(cwd)
      const second = importPackage(collection, join(cwd, 'deck.apkg'))
      expect(second.notes).toBe(2)
      expect(second.imports[0]?.Updated).toBe(1)
    },
  )

  // note-type-changed says: delete the ID line to make it a new note. Done after the build
  // that changed the type, the ID was given back (the last build had that type), so the GUID
  // stayed and a student's Anki, which has the first type, went on skipping the note.
  it.skipIf(ankiUnavailable !== undefined)(
    `gives a new ID to a note whose type Anki does not have, after a build of the new type${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const { cwd, path, text, alpha } = await builtOnce()
      const collection = join(cwd, 'collection.anki2')
      expect(importPackage(collection, join(cwd, 'deck.apkg')).notes).toBe(2)
      const retyped = text.replace(
        'START\nBasic\nAlpha?',
        'START\nBasic (and reversed card)\nAlpha?',
      )
      await writeFile(path, retyped)
      build(cwd)
      expect(importPackage(collection, join(cwd, 'deck.apkg')).imports[0]).toEqual({
        Skipped: 1,
        Identical: 1,
      })
      await writeFile(path, withoutFirstId(retyped))
      const result = build(cwd)
      expect(restoredWarnings(result)).toEqual([])
      expect(result.ids.map((write) => write.id)).not.toContain(alpha)
      expect(result.removed.ids).toEqual([alpha])
      const third = importPackage(collection, join(cwd, 'deck.apkg'))
      expect(third.imports[0]).toEqual({ Added: 1, Identical: 1 })
    },
  )
})
