/**
 * Render fixtures: `input.md` holds one note, with Obsidian comments for
 * what the parser would supply (`%% type: Cloze %%`, `%% lab: id#check %%`,
 * `%% option: obsidian-vault=Name %%`, `%% field: Front %%` before each field).
 * The case folder is the vault root, so media paths resolve inside it.
 */
import { readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { LabLink, Note } from '../../src/model/note.js'
import { findNoteType } from '../../src/model/note-types.js'
import type { RenderedNote } from '../../src/render/render-note.js'

/** Read a fixture folder's `input.md` into a note. */
export function readFixtureNote(caseDirectory: string): Note {
  const path = join(caseDirectory, 'input.md')
  const text = readFileSync(path, 'utf8')
  let noteType = 'Basic'
  const labs: LabLink[] = []
  let obsidianVault: string | undefined
  const written: Record<string, string[]> = {}
  let current: string[] | undefined
  text.split('\n').forEach((line, index) => {
    const directive = /^%% (\w[\w-]*): (.*) %%$/.exec(line)
    if (directive === null) {
      current?.push(line)
      return
    }
    const [, key, value = ''] = directive
    if (key === 'type') noteType = value
    else if (key === 'lab') {
      const [lab = '', check] = value.split('#')
      labs.push({ lab, check, line: index + 1, column: 1 })
    } else if (key === 'option' && value.startsWith('obsidian-vault=')) {
      obsidianVault = value.slice('obsidian-vault='.length)
    } else if (key === 'field') {
      current = []
      written[value] = current
    }
  })
  const fieldNames = findNoteType(noteType)?.fields ?? Object.keys(written)
  const fields: Record<string, string> = {}
  for (const name of fieldNames) fields[name] = (written[name] ?? []).join('\n').trim()
  const note: Note = {
    id: 1700000000000,
    guid: 'fixture',
    noteType,
    fields,
    tags: [],
    deck: 'Default',
    labs,
    kind: 'block',
    source: {
      file: 'input.md',
      absolutePath: path,
      vaultRoot: caseDirectory,
      line: 1,
      column: 1,
      idInsertOffset: 0,
    },
    ...(obsidianVault === undefined ? {} : { obsidianVault }),
  }
  return note
}

/** The text stored in `fields.html`: each field's HTML, then media and diagnostics. */
export function formatRendered(rendered: RenderedNote, caseDirectory: string): string {
  const parts: string[] = []
  for (const [name, html] of Object.entries(rendered.fields)) {
    parts.push(`<!-- field: ${name} -->\n${html}\n`)
  }
  for (const media of rendered.media) {
    const source = relative(caseDirectory, media.sourcePath).split(sep).join('/')
    parts.push(`<!-- media: ${media.name} (${media.kind}) from ${source} -->\n`)
  }
  for (const diagnostic of rendered.diagnostics) {
    parts.push(`<!-- ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message} -->\n`)
  }
  return parts.join('')
}
