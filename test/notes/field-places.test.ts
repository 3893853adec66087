import { describe, expect, it } from 'vitest'
import { fieldPlacesIn } from '../../src/notes/field-places.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { resolveNotes } from '../../src/notes/resolve-notes.js'
import { parseSettings } from '../../src/notes/settings.js'

// Where each field of a block starts, so a problem found while rendering it
// can point into the field instead of at the block's `START` line.

const placesOf = (text: string) =>
  parseNoteFile(text, { file: 'a.md', fieldPlaces: true }).blocks[0]?.fieldPlaces

describe('field places of a block', () => {
  it('puts the first field after the type line and a prefixed field after its prefix and blanks', () => {
    const text = 'intro\n\nSTART\nBasic\n\n  What is it?\nBack:   It is\nthis.\nEND\n'
    expect(placesOf(text)).toEqual({
      Front: { line: 6, column: 3, verbatim: true },
      Back: { line: 7, column: 9, verbatim: true },
    })
  })

  it('moves past a `Field:` line left empty to the text on the lines after it', () => {
    const text = 'START\nBasic\nQ\nBack:\n\n   answer\nEND\n'
    expect(placesOf(text)?.Back).toEqual({ line: 6, column: 4, verbatim: true })
  })

  it('gives no place to an empty field', () => {
    expect(placesOf('START\nBasic\nQ\nBack:\nEND\n')).toEqual({
      Front: { line: 3, column: 1, verbatim: true },
    })
  })

  it('is not verbatim when a `Lab:` or ID line sits inside the field, or its prefix comes twice', () => {
    const withLab = 'START\nBasic\nQ\nBack: a\nLab: stale-socket\nb\nEND\n'
    expect(placesOf(withLab)?.Back).toEqual({ line: 4, column: 7, verbatim: false })
    const twice = 'START\nBasic\nQ\nBack: a\nBack: b\nEND\n'
    expect(placesOf(twice)?.Back?.verbatim).toBe(false)
    // The same field with nothing between its lines stays verbatim.
    expect(placesOf('START\nBasic\nQ\nBack: a\nb\nEND\n')?.Back?.verbatim).toBe(true)
  })

  it('counts columns in the lines as read, whatever their ending', () => {
    const text = 'START\r\nBasic\r\nQ\r\nBack: é \u{1F600} x\r\nEND\r\n'
    expect(placesOf(text)?.Back).toEqual({ line: 4, column: 7, verbatim: true })
  })

  it('reaches the note, no longer verbatim for a field a setting rewrote', () => {
    const text = 'START\nCloze\nA {path} name\nBack Extra: kept\nEND\n'
    const { settings } = parseSettings(
      JSON.stringify({ settings: { Defaults: { CurlyCloze: true } } }),
      'data.json',
    )
    const parsed = parseNoteFile(text, { file: 'a.md', settings, fieldPlaces: true })
    const context = { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', vaultPath: 'a.md' }
    const [note] = resolveNotes(parsed, { ...context, settings }).notes
    expect(note?.fields.Text).toBe('A {{c1::path}} name')
    expect(note?.source.fieldPlace?.('Text')).toEqual({ line: 3, column: 1, verbatim: false })
    expect(note?.source.fieldPlace?.('Back Extra')).toEqual({ line: 4, column: 13, verbatim: true })
    // Without the setting the fields are the block's own, and so are their places.
    const plain = parseNoteFile(text, { file: 'a.md', fieldPlaces: true })
    expect(resolveNotes(plain, context).notes[0]?.source.fieldPlace?.('Text')).toBe(
      plain.blocks[0]?.fieldPlaces?.Text,
    )
  })
})

describe('field places worked out when asked', () => {
  const text = 'intro\nSTART\nBasic\nQ\nBack: a\nEND\n\nSTART\nBasic\nR\nLab: x\nBack:  b\nEND\n'
  const context = { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', vaultPath: 'a.md' }

  it('are not recorded by a plain parse', () => {
    expect(parseNoteFile(text, { file: 'a.md' }).blocks.map((block) => block.fieldPlaces)).toEqual([
      undefined,
      undefined,
    ])
  })

  it('are found by parsing the file again, the same places as a parse that records them', () => {
    const settings = parseSettings('{}', 'data.json').settings
    let parses = 0
    const placesOf = fieldPlacesIn(text, 'a.md', settings)
    const counted = (blockStart: number) => {
      parses += 1
      return placesOf(blockStart)
    }
    const notes = resolveNotes(parseNoteFile(text, { file: 'a.md', settings }), {
      ...context,
      settings,
      fieldPlacesOf: counted,
    }).notes
    const eager = parseNoteFile(text, { file: 'a.md', settings, fieldPlaces: true }).blocks
    expect(parses).toBe(0)
    expect(notes.map((note) => note.source.fieldPlace?.('Back'))).toEqual(
      eager.map((block) => block.fieldPlaces?.Back),
    )
    expect(notes[1]?.source.fieldPlace?.('Back')).toEqual({ line: 12, column: 8, verbatim: true })
    expect(notes[0]?.source.fieldPlace?.('Front')).toEqual({ line: 4, column: 1, verbatim: true })
  })

  it('are an inline note’s from its parse: each field’s first word', () => {
    const inline = 'STARTI [Basic] Q Back: A ENDI\n'
    const settings = parseSettings('{}', 'data.json').settings
    const [note] = resolveNotes(parseNoteFile(inline, { file: 'a.md', settings }), {
      ...context,
      settings,
      fieldPlacesOf: fieldPlacesIn(inline, 'a.md', settings),
    }).notes
    expect(note?.kind).toBe('inline')
    expect(note?.source.fieldPlace?.('Front')).toEqual({ line: 1, column: 16, verbatim: true })
    expect(note?.source.fieldPlace?.('Back')).toEqual({ line: 1, column: 24, verbatim: true })
  })
})
