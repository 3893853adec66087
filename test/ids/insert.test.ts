import { describe, expect, it } from 'vitest'
import { allocateIds, collectUsedIds, idPlaces } from '../../src/ids/allocate.js'
import { insertIds, lineEndingAt } from '../../src/ids/insert.js'

describe('allocateIds', () => {
  it('uses the clock and steps past every used ID', () => {
    const now = new Date(1_700_000_000_000)
    const used = new Set([1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_003])
    expect(allocateIds(3, used, now)).toEqual([
      1_700_000_000_002, 1_700_000_000_004, 1_700_000_000_005,
    ])
    // later calls never hand out the same IDs again
    expect(allocateIds(1, used, now)).toEqual([1_700_000_000_006])
  })

  it('treats every ID written anywhere in the vault as used, examples included', () => {
    const used = collectUsedIds([
      '```\nSTART\nBasic\nQ\n<!--ID: 1700000000007-->\nEND\n```',
      'ID: 12',
    ])
    expect([...used].sort()).toEqual([12, 1700000000007])
  })

  it('reads every ID form the note parser reads, with or without a space after the colon', () => {
    const texts = [
      '<!--ID:1700000000001-->',
      'ID:\t1700000000002',
      '<!--ID:  1700000000003-->',
      'ID:\n5',
    ]
    expect([...collectUsedIds(texts)].sort()).toEqual([1700000000001, 1700000000002, 1700000000003])
    const places = idPlaces([{ file: 'a.md', text: 'x\n  START\n<!--ID:1700000000004-->\n' }])
    expect(places.get(1700000000004)).toEqual({ file: 'a.md', line: 3 })
  })
})

describe('insertIds', () => {
  it('puts a block note ID on its own line before END', () => {
    const text = 'START\nBasic\nQ\nBack: A\nEND\nafter\n'
    const offset = text.indexOf('END')
    expect(insertIds(text, [{ offset, id: 1700000000001, kind: 'block' }])).toBe(
      'START\nBasic\nQ\nBack: A\n<!--ID: 1700000000001-->\nEND\nafter\n',
    )
  })

  it('uses CRLF in a CRLF file', () => {
    const text = 'START\r\nBasic\r\nQ\r\nEND\r\n'
    const offset = text.indexOf('END')
    expect(insertIds(text, [{ offset, id: 5, kind: 'block' }], '\r\n')).toBe(
      'START\r\nBasic\r\nQ\r\n<!--ID: 5-->\r\nEND\r\n',
    )
  })

  it('writes the inline form before ENDI', () => {
    const text = 'STARTI [Basic] Q Back: A ENDI\n'
    const offset = text.indexOf('ENDI')
    expect(insertIds(text, [{ offset, id: 7, kind: 'inline' }])).toBe(
      'STARTI [Basic] Q Back: A <!--ID: 7--> ENDI\n',
    )
  })

  it('puts a regex note ID on the next line after the match', () => {
    const text = 'Q :: A\n\nnext\n'
    expect(insertIds(text, [{ offset: 6, id: 9, kind: 'regex' }])).toBe(
      'Q :: A\n<!--ID: 9-->\n\nnext\n',
    )
  })

  describe('a regex note ID', () => {
    const table = '| Q |\n| --- |\n| A |\n'
    const regexId = (text: string, offset = table.length) =>
      insertIds(text, [{ offset, id: 9, kind: 'regex' }])

    it('after a match that ends with its line break: its own line, the next line untouched', () => {
      expect(regexId(`${table}START\nBasic\n`)).toBe(`${table}<!--ID: 9-->\nSTART\nBasic\n`)
      expect(regexId(`${table}# Heading\n`)).toBe(`${table}<!--ID: 9-->\n# Heading\n`)
      expect(regexId(`${table}\nnext\n`)).toBe(`${table}<!--ID: 9-->\n\nnext\n`)
    })

    it('after a match that ends with its line break, in a CRLF file', () => {
      const crlf = table.replaceAll('\n', '\r\n')
      expect(
        insertIds(`${crlf}START\r\n`, [{ offset: crlf.length, id: 9, kind: 'regex' }], '\r\n'),
      ).toBe(`${crlf}<!--ID: 9-->\r\nSTART\r\n`)
    })

    it('at the end of the file, with and without a final line break', () => {
      expect(regexId(table)).toBe(`${table}<!--ID: 9-->\n`)
      expect(regexId('| Q |\n| --- |\n| A |', table.length - 1)).toBe(
        '| Q |\n| --- |\n| A |\n<!--ID: 9-->',
      )
    })

    it('after a match that ends inside a line: the rest of the line after the ID line', () => {
      const text = '| Q |\n| --- |\n| A |more\nnext\n'
      expect(regexId(text, table.length - 1)).toBe(
        '| Q |\n| --- |\n| A |\n<!--ID: 9-->\nmore\nnext\n',
      )
      // Only blanks after the match: they stay at the end of the ID line.
      const blanks = '| Q |\n| --- |\n| A | \t\r\nnext\r\n'
      expect(regexId(blanks, table.length - 1)).toBe(
        '| Q |\n| --- |\n| A |\r\n<!--ID: 9--> \t\r\nnext\r\n',
      )
    })
  })

  it('applies several insertions by their original offsets', () => {
    const text = 'START\nBasic\na\nEND\nSTART\nBasic\nb\nEND\n'
    const first = text.indexOf('END')
    const second = text.lastIndexOf('END')
    expect(
      insertIds(text, [
        { offset: second, id: 2, kind: 'block' },
        { offset: first, id: 1, kind: 'block' },
      ]),
    ).toBe('START\nBasic\na\n<!--ID: 1-->\nEND\nSTART\nBasic\nb\n<!--ID: 2-->\nEND\n')
  })

  it('picks the line ending of the line it follows', () => {
    expect(lineEndingAt('a\r\nb\nEND', 5, '\r\n')).toBe('\n')
    expect(lineEndingAt('a\nb\r\nEND', 5, '\n')).toBe('\r\n')
  })
})
