import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostics } from '../../src/diagnostics/format.js'
import { cardOrds } from '../../src/model/cards.js'
import { formatLabLink } from '../../src/model/lab-link.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { resolveNotes } from '../../src/notes/resolve-notes.js'
import { defaultSettings, parseSettings } from '../../src/notes/settings.js'
import { expectFixture } from '../support/expect-fixture.js'

// Each folder in test/fixtures/notes/ is a case: input.md (and optionally
// settings.json, an Obsidian_to_Anki data.json) with the expected notes.json
// and messages.txt. A missing expectation fails; `UPDATE=1` writes them all
// (review the diff).
const root = join(import.meta.dirname, '../fixtures/notes')

function runCase(name: string) {
  const folder = join(root, name)
  const text = readFileSync(join(folder, 'input.md'), 'utf8')
  const settingsPath = join(folder, 'settings.json')
  const settings = existsSync(settingsPath)
    ? parseSettings(readFileSync(settingsPath, 'utf8'), 'settings.json').settings
    : defaultSettings()
  // With the fields' places, as a load finds them for a warning placed in a field.
  const parsed = parseNoteFile(text, { file: 'input.md', settings, fieldPlaces: true })
  const resolved = resolveNotes(parsed, {
    file: 'input.md',
    absolutePath: join(folder, 'input.md'),
    vaultRoot: root,
    vaultPath: `${name}/input.md`,
    settings,
  })
  const notes = resolved.notes.map((note) => ({
    line: note.source.line,
    column: note.source.column,
    kind: note.kind,
    noteType: note.noteType,
    id: note.id,
    deck: note.deck,
    tags: note.tags,
    fields: note.fields,
    // What is appended to a field's HTML (`FROZEN` values, the file link), kept apart from its Markdown.
    ...(note.additions === undefined ? {} : { additions: note.additions }),
    labs: note.labs.map(formatLabLink),
    cards: cardOrds(note).length,
    idInsertOffset: note.source.idInsertOffset,
  }))
  const messages = formatDiagnostics([...parsed.diagnostics, ...resolved.diagnostics])
  return { notes: `${JSON.stringify(notes, null, 2)}\n`, messages }
}

describe('note fixtures', () => {
  const cases = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThan(20)
  })
  for (const name of cases) {
    it(name, () => {
      const { notes, messages } = runCase(name)
      expectFixture(join(root, name, 'notes.json'), notes)
      expectFixture(join(root, name, 'messages.txt'), messages)
    })
  }
})
