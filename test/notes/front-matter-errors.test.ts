/**
 * A YAML error in front matter is reported where it is: the line and column
 * js-yaml names, counted in the note file, whatever its line endings or BOM.
 */
import { describe, expect, it } from 'vitest'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'

function place(text: string): string {
  const found = parseNoteFile(text, { file: 'a.md' }).diagnostics.filter(
    (diagnostic) => diagnostic.code === 'malformed-front-matter',
  )
  expect(found).toHaveLength(1)
  return `${found[0]?.line}:${found[0]?.column}`
}

const block = 'START\nBasic\nq\nBack: a\nEND\n'

describe('malformed front matter', () => {
  it('is placed at the YAML error, on the first, a middle or the last YAML line', () => {
    // `deck: a: b`: the second `:` (column 8) makes the mapping invalid.
    expect(place(`---\ndeck: a: b\nx: 1\ny: 2\n---\n${block}`)).toBe('2:8')
    expect(place(`---\nx: 1\ndeck: a: b\ny: 2\n---\n${block}`)).toBe('3:8')
    // A duplicate key on the last YAML line: that line, not the closing `---`.
    expect(place(`---\nx: 1\nx: 2\n---\n${block}`)).toBe('3:1')
    // A key indented under a scalar: where the indentation goes wrong.
    expect(place(`---\na: 1\n  b: 2\n---\n${block}`)).toBe('3:4')
  })

  // (A BOM is taken off when the file is read, before this parser.)
  it('is placed the same with CRLF line endings', () => {
    const crlf = `---\nx: 1\ndeck: a: b\n---\n${block}`.replaceAll('\n', '\r\n')
    expect(place(crlf)).toBe('3:8')
  })

  it('names the closing `---` only when the YAML runs into it', () => {
    expect(place(`---\nx: [1\n---\n${block}`)).toBe('3:1')
  })
})

// decklab reads its own keys in lower case: `Deck: Biology::Cells` was ignored without a word, and
// every card of the file went to `Default` (or the folder's deck).
describe('a front matter key of decklab’s in another case', () => {
  const warned = (text: string) =>
    parseNoteFile(text, { file: 'a.md' }).diagnostics.filter(
      (diagnostic) => diagnostic.code === 'front-matter-key-case',
    )

  it('is the warning front-matter-key-case, at its line, naming the key it is read as', () => {
    const text = `---\ntitle: x\nDeck: Biology::Cells\nLABS: [a]\n---\n${block}`
    const parsed = parseNoteFile(text, { file: 'a.md' })
    const found = warned(text)
    expect(found.map((d) => [d.severity, d.line, d.column])).toEqual([
      ['warning', 3, 1],
      ['warning', 4, 1],
    ])
    expect(found[0]?.message).toBe(
      'Unexpected front matter key `Deck`, expected `deck`: decklab reads its keys in lower case, so this one is ignored',
    )
    expect(found[0]?.hint).toBe('rename it `deck`')
    // Still ignored: the file's deck is not taken from it.
    expect(parsed.frontMatter?.deck).toBeUndefined()
    expect(parsed.frontMatter?.labs).toEqual([])
  })

  it('is not said of the keys themselves, of tags in any case (Obsidian reads them so), nor of other keys', () => {
    expect(warned(`---\ndeck: A\nlabs: [a]\nTags: [x]\nTAG: y\nDecks: z\n---\n${block}`)).toEqual(
      [],
    )
  })
})

// `tags: [a, [b]]` and a list item `- {x: y}` were left out without a word, while `tags: 42` is an error.
describe('a front matter list item that is not a word', () => {
  const errors = (yaml: string) =>
    parseNoteFile(`---\n${yaml}\n---\n${block}`, { file: 'a.md' }).diagnostics.filter(
      (diagnostic) => diagnostic.code === 'malformed-front-matter',
    )

  it('is malformed-front-matter at the key, naming what the item is', () => {
    expect(errors('tags: [a, [b]]').map((d) => [d.line, d.message])).toEqual([
      [2, 'Unexpected value for `tags`, expected a list of words, not a list in it'],
    ])
    expect(errors('title: x\ntags:\n  - a\n  - {x: y}').map((d) => [d.line, d.message])).toEqual([
      [3, 'Unexpected value for `tags`, expected a list of words, not a mapping in it'],
    ])
    expect(errors('labs: [stale-socket, true]').map((d) => d.message)).toEqual([
      'Unexpected value for `labs`, expected a list of lab links, not `true` in it',
    ])
  })

  it('is not said of words, numbers or an empty item', () => {
    expect(errors('tags: [a, 2, "b c"]')).toEqual([])
    expect(errors('tags:\n  - a\n  -\n  - b')).toEqual([])
  })
})
