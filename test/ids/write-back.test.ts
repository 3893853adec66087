import { readFileSync } from 'node:fs'
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { planIdWriteBack, type WritableSource } from '../../src/ids/plan.js'
import { applyIdEdits } from '../../src/ids/write-back.js'
import type { Note } from '../../src/model/note.js'

const now = new Date(1_700_000_000_000)

async function tempDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-ids-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

/** A source file as the loader reads it, plus one note per `END`/`ENDI` marker without an ID. */
async function load(path: string): Promise<{ source: WritableSource; notes: Note[] }> {
  const raw = await readFile(path, 'utf8')
  const bom = raw.startsWith('\uFEFF')
  const text = bom ? raw.slice(1) : raw
  const source: WritableSource = {
    file: 'note.md',
    absolutePath: path,
    vaultRoot: join(path, '..'),
    text,
    bom,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  }
  const notes: Note[] = []
  for (const match of text.matchAll(/^(ENDI|END)$|(ENDI)/gm)) {
    const kind = match[0] === 'END' ? 'block' : 'inline'
    const before = text.slice(0, match.index)
    if (/ID: \d+-->\s*$/.test(before)) continue
    notes.push({
      id: null,
      guid: null,
      noteType: 'Basic',
      fields: { Front: 'Q', Back: 'A' },
      tags: [],
      deck: 'Default',
      labs: [],
      kind,
      source: {
        file: 'note.md',
        absolutePath: path,
        vaultRoot: join(path, '..'),
        line: 1,
        column: 1,
        idInsertOffset: match.index,
      },
    })
  }
  return { source, notes }
}

describe('ID write-back', () => {
  it.each([
    ['LF', '', '\n'],
    ['CRLF', '', '\r\n'],
    ['BOM + LF', '\uFEFF', '\n'],
    ['BOM + CRLF', '\uFEFF', '\r\n'],
  ])('round-trips a %s file, changing only the inserted line', async (_name, bom, eol) => {
    const directory = await tempDirectory()
    const path = join(directory, 'note.md')
    const lines = ['# Title', '', 'START', 'Basic', 'Question?', 'Back: Answer', 'END', '', 'tail']
    await writeFile(path, bom + lines.join(eol) + eol)
    const { source, notes } = await load(path)
    const plan = planIdWriteBack(notes, [source], now)
    const result = await applyIdEdits(plan.edits)
    expect(result.diagnostics).toEqual([])
    expect(result.written).toEqual(['note.md'])
    const expected = [...lines.slice(0, 6), '<!--ID: 1700000000000-->', ...lines.slice(6)]
    expect(await readFile(path, 'utf8')).toBe(bom + expected.join(eol) + eol)
    // Reading the result back finds no note without an ID: the write is idempotent.
    const again = await load(path)
    expect(again.notes).toEqual([])
  })

  it('writes the inline form before ENDI', async () => {
    const directory = await tempDirectory()
    const path = join(directory, 'note.md')
    await writeFile(path, 'Text STARTI [Basic] Q Back: A ENDI more\n')
    const { source, notes } = await load(path)
    await applyIdEdits(planIdWriteBack(notes, [source], now).edits)
    expect(await readFile(path, 'utf8')).toBe(
      'Text STARTI [Basic] Q Back: A <!--ID: 1700000000000--> ENDI more\n',
    )
  })

  it('never reuses an ID that appears in the vault, even in a fenced example', async () => {
    const directory = await tempDirectory()
    const path = join(directory, 'note.md')
    const example = '```\nSTART\nBasic\nX\n<!--ID: 1700000000000-->\nEND\n```\n'
    await writeFile(path, `${example}START\nBasic\nQ\nEND\n`)
    const { source } = await load(path)
    const text = source.text
    const offset = text.lastIndexOf('END')
    const { notes } = await load(path)
    const real = notes.filter((note) => note.source.idInsertOffset === offset)
    const plan = planIdWriteBack(real, [source], now)
    await applyIdEdits(plan.edits)
    expect(await readFile(path, 'utf8')).toBe(
      `${example}START\nBasic\nQ\n<!--ID: 1700000000001-->\nEND\n`,
    )
  })

  it('keeps the file mode and leaves no temp file behind', async () => {
    const directory = await tempDirectory()
    const path = join(directory, 'note.md')
    await writeFile(path, 'START\nBasic\nQ\nEND\n')
    await chmod(path, 0o640)
    const { source, notes } = await load(path)
    await applyIdEdits(planIdWriteBack(notes, [source], now).edits)
    expect((await stat(path)).mode & 0o777).toBe(0o640)
    expect(await readdir(directory)).toEqual(['note.md'])
  })

  it('refuses a file that changed since it was read, writing nothing', async () => {
    const directory = await tempDirectory()
    const path = join(directory, 'note.md')
    await writeFile(path, 'START\nBasic\nQ\nEND\n')
    const { source, notes } = await load(path)
    const plan = planIdWriteBack(notes, [source], now)
    await writeFile(path, 'START\nBasic\nQ edited meanwhile\nEND\n')
    const result = await applyIdEdits(plan.edits)
    expect(result.written).toEqual([])
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([
      ['file-changed', 'error'],
    ])
    expect(await readFile(path, 'utf8')).toBe('START\nBasic\nQ edited meanwhile\nEND\n')
    expect(await readdir(directory)).toEqual(['note.md'])
  })
})

describe('ID write-back, file by file', () => {
  // Build links quiz progress from this callback: a kill between two files must find the first linked.
  it('tells each file as soon as it holds its IDs, before the next is written', async () => {
    const directory = await tempDirectory()
    const block = (front: string) => `START\nBasic\n${front}\nBack: A\nEND\n`
    await writeFile(join(directory, 'a.md'), block('A?'))
    await writeFile(join(directory, 'b.md'), block('B?'))
    const { loadVault } = await import('../../src/notes/load-vault.js')
    const vault = await loadVault({ cwd: directory, paths: ['a.md', 'b.md'] })
    const plan = planIdWriteBack(vault.notes, vault.files, now)
    const told: Array<{ file: string; bWritten: boolean }> = []
    const result = await applyIdEdits(plan.edits, undefined, (file) => {
      told.push({ file, bWritten: readFileSync(join(directory, 'b.md'), 'utf8').includes('ID:') })
    })
    expect(result.written).toEqual(['a.md', 'b.md'])
    expect(told).toEqual([
      { file: 'a.md', bWritten: false },
      { file: 'b.md', bWritten: true },
    ])
  })
})
