// Every reader takes an ID in the same spellings (`model/id-syntax.ts`): a
// block's ID line, an inline note, a regex note, and the scan of IDs in use.
// A reader that skipped one would take the note as new and write a second ID
// beside it, the first one lost.
import { describe, expect, it } from 'vitest'
import { collectUsedIds } from '../../src/ids/allocate.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { defaultSettings, parseSettings } from '../../src/notes/settings.js'

const regexSettings = parseSettings(
  JSON.stringify({
    settings: {
      CUSTOM_REGEXPS: {
        Basic: '^Q: ((?:.+\\n)*)\\n*A: (.+(?:\\n(?:^.{1,3}$|^.{4}(?<!<!--).*))*)',
      },
    },
  }),
  'data.json',
).settings

const id = 1700000000123
const spellings = [
  `<!--ID: ${id}-->`,
  `<!--ID:${id}-->`,
  `<!--ID:\t${id}-->`,
  `<!-- ID: ${id} -->`,
  `ID: ${id}`,
  `ID:${id}`,
]

function read(text: string, settings = defaultSettings()) {
  const { blocks, diagnostics } = parseNoteFile(text, { file: 'n.md', settings })
  return {
    notes: blocks.map((block) => ({
      id: block.id,
      written: block.idSpan && text.slice(block.idSpan.start.offset, block.idSpan.end.offset),
    })),
    codes: diagnostics.map((diagnostic) => diagnostic.code),
  }
}

describe.each(spellings)('the ID written %j', (written) => {
  const expected = { notes: [{ id, written }], codes: [] }

  it('is read by a block', () => {
    expect(read(`START\nBasic\nQ\nBack: A\n${written}\nEND\n`)).toEqual(expected)
  })

  it('is read by an inline note', () => {
    expect(read(`STARTI [Basic] Q Back: A ${written} ENDI\n`)).toEqual(expected)
  })

  it('is read by a regex note', () => {
    expect(read(`Q: q\nA: a\n${written}\n`, regexSettings)).toEqual(expected)
  })

  it('is an ID in use', () => {
    expect([...collectUsedIds([written])]).toEqual([id])
  })
})

describe('an ID comment in another case, which the plugin does not read either', () => {
  for (const written of [`<!--id: ${id}-->`, `<!--Id: ${id}-->`]) {
    it(`${written} is malformed-id in a block, an inline note and after a regex note`, () => {
      for (const [text, settings] of [
        [`START\nBasic\nQ\nBack: A\n${written}\nEND\n`, defaultSettings()],
        [`STARTI [Basic] Q Back: A ${written} ENDI\n`, defaultSettings()],
        [`Q: q\nA: a\n${written}\n`, regexSettings],
      ] as const) {
        expect(read(text, settings), text).toEqual({ notes: [], codes: ['malformed-id'] })
      }
    })
  }

  it('is malformed-id at its line after a regex note that ends with its line break (CRLF)', () => {
    const table = parseSettings(
      JSON.stringify({
        settings: {
          CUSTOM_REGEXPS: { Basic: '\\|([^\n|]+)\\|\n\\|(?:[^\n|]+)\\|\n\\|([^\n|]+)\\|\n?' },
        },
      }),
      'data.json',
    ).settings
    const text = `x\r\n| Q |\r\n| --- |\r\n| A |\r\n  <!--id: ${id}-->\r\n`
    const { blocks, diagnostics } = parseNoteFile(text, { file: 'n.md', settings: table })
    expect(blocks).toEqual([])
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'malformed-id',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 3 + `<!--id: ${id}-->`.length,
      }),
    ])
  })
})

describe('a last block line that only looks like an ID in another case', () => {
  it('is the field text when its number is short (`id: 5`), not malformed-id', () => {
    const text = 'START\nBasic\nQ\nBack: the record reads\nid: 5\nEND\n'
    const { blocks, diagnostics } = parseNoteFile(text, { file: 'n.md' })
    expect(diagnostics).toEqual([])
    expect(blocks[0]?.id).toBeNull()
    expect(blocks[0]?.fields.Back).toBe('the record reads\nid: 5')
  })

  it('is malformed-id with an id’s many digits, or as a comment', () => {
    for (const line of ['id: 1700000000000', 'Id: 1700000000000', '<!--id: 5-->']) {
      const { blocks, diagnostics } = parseNoteFile(`START\nBasic\nQ\nBack: A\n${line}\nEND\n`, {
        file: 'n.md',
      })
      expect(blocks).toEqual([])
      expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['malformed-id'])
    }
  })
})
