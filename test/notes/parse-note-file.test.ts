import { describe, expect, it } from 'vitest'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { defaultSettings, parseSettings } from '../../src/notes/settings.js'

const crlf = (text: string) => text.replace(/\n/g, '\r\n')
const parse = (text: string, settings = defaultSettings()) =>
  parseNoteFile(text, { file: 'note.md', settings })
const codes = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)

describe('parseNoteFile: blocks', () => {
  const block = 'intro\nSTART\nBasic\nQ\nBack: A\nEND\nafter\n'

  it('puts the ID insert offset at the start of the END line (LF and CRLF)', () => {
    for (const text of [block, crlf(block)]) {
      const [note] = parse(text).blocks
      expect(note?.idInsertOffset).toBe(text.indexOf('END'))
      const inserted = `${text.slice(0, note!.idInsertOffset)}<!--ID: 1700000000000-->\n${text.slice(note!.idInsertOffset)}`
      expect(parse(inserted).blocks[0]?.id).toBe(1700000000000)
    }
  })

  it('gives the same fields for LF and CRLF', () => {
    expect(parse(crlf(block)).blocks[0]?.fields).toEqual(parse(block).blocks[0]?.fields)
    expect(parse(block).blocks[0]?.fields).toEqual({ Front: 'Q', Back: 'A' })
  })

  it('keeps the span of the whole block', () => {
    const [note] = parse(block).blocks
    expect(note?.span.start).toEqual({ line: 2, column: 1, offset: 6 })
    expect(note?.span.end).toEqual({ line: 6, column: 4, offset: block.indexOf('END') + 3 })
  })

  it('does not switch fields inside a fence within a block', () => {
    const [note] = parse(
      'START\nBasic\nQ\n```\nBack: not a prefix\nEND\n```\nBack: A\nEND\n',
    ).blocks
    expect(note?.fields).toEqual({ Front: 'Q\n```\nBack: not a prefix\nEND\n```', Back: 'A' })
  })

  it('reads a fence a field opens after its prefix (`Back: ```c`) as code up to its closing fence', () => {
    // The field's text starts with the fence, so the card shows a code block: its closing
    // fence is no new fence swallowing the `END` (unterminated-block, and the card lost).
    const text =
      'START\nBasic\nQ\nBack: ```c\n#include <x.h>\nEND\n```\nafter\nEND\nQ: not ```a fence\n'
    const { blocks, diagnostics } = parse(text)
    expect(diagnostics).toEqual([])
    expect(blocks.map((note) => note.fields)).toEqual([
      { Front: 'Q', Back: '```c\n#include <x.h>\nEND\n```\nafter' },
    ])
    // A line of the first field opens no fence after text, as in Markdown.
    expect(codes('START\nBasic\nQ ```c\n```\nEND\n```\nEND\n')).toEqual([])
  })

  it('ignores blocks in fences of either kind, closed only by a long enough fence', () => {
    const text = '````\nSTART\nBasic\nQ\nEND\n```\n````\n~~~\nSTART\nBasic\nQ\nEND\n~~~\n'
    expect(parse(text).blocks).toEqual([])
    expect(parse(text).diagnostics).toEqual([])
  })

  // A fence indented 2–3 spaces under a list item, or opened on the item's own line (`- ````), ended
  // only at its closing fence: left open, it took every block after the list, which Obsidian shows
  // outside it, with a warning that said the fence was never closed.
  it.each([
    ['left open under `- item`', '- item\n  ```\n  code\n\n'],
    ['left open under `1. item`', '1. item\n   ```\n   code\n'],
    ['whose code goes on after the list', '- item\n  ```\n  code\n\nText after the list\n\n'],
    ['opened on the item line and closed', '- ```\n  code\n  ```\n\n'],
    ['after a nested list', '- a\n  - b\n\n  ```\n  code\n'],
    ['after a lazy line of the item', '- item\nlazy text\n  ```\n  code\n'],
  ])('ends a fence in a list item %s where the item ends', (_name, text) => {
    const parsed = parse(`${text}START\nBasic\nQ\nBack: A\nEND\n`)
    expect(parsed.blocks.map((note) => note.fields)).toEqual([{ Front: 'Q', Back: 'A' }])
    expect(parsed.diagnostics).toEqual([])
  })

  it.each([
    ['indented 2 spaces after a paragraph', 'para\n\n  ```\n'],
    ['indented 2 spaces under `1. item` (whose text starts at 3)', '1. item\n  ```\n'],
    ['after a list item and a line at the margin', '- item\nlazy\n\nText\n\n  ```\n'],
  ])('keeps a fence %s open to the end of the file, as no list item holds it', (_name, text) => {
    const parsed = parse(`${text}START\nBasic\nQ\nBack: A\nEND\n`)
    expect(parsed.blocks).toEqual([])
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['block-in-unclosed-fence'])
  })

  it('treats an indented (4 spaces) fence marker as text, not a fence', () => {
    expect(parse('    ```\nSTART\nBasic\nQ\nEND\n').blocks).toHaveLength(1)
  })

  it('reads ID and Tags lines in either order, with blank lines before END', () => {
    const notes = parse(
      'START\nBasic\nQ\nTags: a b\n<!--ID: 11-->\nEND\nSTART\nBasic\nQ\n<!--ID: 12-->\nTags: c\n\nEND\n',
    ).blocks
    expect(notes.map((note) => [note.id, note.tags])).toEqual([
      [11, ['a', 'b']],
      [12, ['c']],
    ])
  })

  it('reports an ID followed by content and still keeps the id', () => {
    const result = parse('START\nBasic\nQ\n<!--ID: 13-->\nBack: A\nEND\n')
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '4:1 id-not-last',
    ])
    expect(result.blocks[0]?.id).toBe(13)
    expect(result.blocks[0]?.fields.Front).toBe('Q')
  })

  it('does not take an ID from prose on the last line', () => {
    const [note] = parse('START\nBasic\nQ\nBack: See ID: 42 for details\nEND\n').blocks
    expect(note?.id).toBeNull()
    expect(note?.fields.Back).toBe('See ID: 42 for details')
  })

  it('accepts trailing spaces on START, END and the type line', () => {
    expect(parse('START  \nBasic \t\nQ\nEND \n').blocks[0]?.noteType).toBe('Basic')
  })

  it('keeps ENDOCRINE and ENDI lines as content', () => {
    const [note] = parse('START\nBasic\nQ\nENDOCRINE\nENDI\nEND\n').blocks
    expect(note?.fields.Front).toBe('Q\nENDOCRINE\nENDI')
  })

  it('ends a block at `END text` with a warning', () => {
    expect(codes('START\nBasic\nQ\nEND END\n')).toEqual(['4:5 end-not-alone'])
    expect(parse('START\nBasic\nQ\nEND END\n').blocks).toHaveLength(1)
  })

  it('reports an unterminated block and still parses the next one', () => {
    const result = parse('START\nBasic\nlost\nSTART\nBasic\nkept\nEND\n')
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:1 unterminated-block',
    ])
    expect(result.blocks.map((note) => note.fields.Front)).toEqual(['kept'])
  })

  it('reports a nested START once, at the inner START', () => {
    expect(codes('START\nBasic\nouter\nSTART\nBasic\ninner\nEND\nmore\nEND\n')).toEqual([
      '4:1 nested-start',
    ])
  })

  it('reports a stray END', () => {
    expect(codes('text\nEND\n')).toEqual(['2:1 stray-end'])
  })

  it('suggests the nearest note type', () => {
    const [diagnostic] = parse('START\nClose\nQ\nEND\n').diagnostics
    expect(diagnostic?.code).toBe('unknown-note-type')
    expect(diagnostic?.message).toBe(
      'Unexpected note type `Close`, expected a known note type such as `Cloze`',
    )
  })

  it('reads `Lab: none: <reason>` as the reason no lab can test the card, and needs the reason', () => {
    const parsed = parse(
      'START\nBasic\nQ\nBack: A\nLab: none: needs a PostgreSQL server\nTags: t\nEND\n',
    )
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.blocks[0]).toMatchObject({ labs: [], noLabReason: 'needs a PostgreSQL server' })
    expect(parsed.blocks[0]?.fields.Back).toBe('A')
    expect(codes('START\nBasic\nQ\nBack: A\nLab: none\nEND\n')).toEqual(['5:5 malformed-lab-link'])
  })

  it('keeps a Lab: line that is not wholly lab links as text in its field, as Obsidian_to_Anki does, with a warning', () => {
    // An existing Obsidian_to_Anki vault's `Lab: room 3` must still build, and keep its text.
    const parsed = parse(
      'START\nBasic\nQ\nBack: A sink.\nLab: room 3, stale-socket\nEND\n\nSTART\nBasic\nR\nBack: B\nLab: none of these\nEND\n\nSTART\nBasic\nS\nBack: C\nLab: none\nEND\n',
    )
    expect(
      parsed.blocks.map((block) => [block.fields.Back, block.labs, block.noLabReason]),
    ).toEqual([
      ['A sink.\nLab: room 3, stale-socket', [], undefined],
      ['B\nLab: none of these', [], undefined],
      ['C\nLab: none', [], undefined],
    ])
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      '5:6 warning malformed-lab-link',
      '12:6 warning malformed-lab-link',
      '19:5 warning malformed-lab-link',
    ])
    // `Lab\:` is text for both tools, with no warning.
    const escaped = parse('START\nBasic\nQ\nBack: A\nLab\\: room 3\nEND\n')
    expect(escaped.diagnostics).toEqual([])
    expect(escaped.blocks[0]?.fields.Back).toBe('A\nLab\\: room 3')
  })

  it("reads `none: <reason>` in the front matter's `labs` as one error, not its words as lab ids", () => {
    for (const [labs, at] of [
      ['"none: no lab here can test history"', '2:8'],
      ['\n  - stale-socket\n  - "none: no lab here"', '4:6'],
    ] as const) {
      const parsed = parse(`---\nlabs: ${labs}\n---\nSTART\nBasic\nQ\nBack: A\nEND\n`)
      // At the entry itself, where the `none:` is written.
      expect(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
        `${at} malformed-lab-link`,
      ])
      expect(parsed.diagnostics[0]?.message).toMatch(
        /^Unexpected `none: no lab here.*` in `labs`, expected `lab-id` or `lab-id#check`: `none: <reason>` is written in a card, as its `Lab:` line$/,
      )
      expect(parsed.frontMatter?.labs.map((link) => link.lab)).toEqual(
        labs.includes('stale-socket') ? ['stale-socket'] : [],
      )
    }
  })

  it('takes Lab: lines out of the fields', () => {
    const [note] = parse(
      'START\nBasic\nQ\nBack: A\nLab: stream-echo#echo, stale-socket\nEND\n',
    ).blocks
    expect(note?.fields.Back).toBe('A')
    expect(note?.labs).toEqual([
      { lab: 'stream-echo', check: 'echo', line: 5, column: 6 },
      { lab: 'stale-socket', line: 5, column: 24 },
    ])
  })
})

describe('parseNoteFile: file settings and inline notes', () => {
  it('reads TARGET DECK and FILE TAGS on the same or the next line (CRLF too)', () => {
    for (const text of [
      'TARGET DECK\nA::B\nFILE TAGS\nx y\n',
      'TARGET DECK: A::B\nFILE TAGS: x y\n',
    ]) {
      for (const variant of [text, crlf(text)]) {
        const result = parse(variant)
        expect([result.targetDeck, result.fileTags]).toEqual(['A::B', ['x', 'y']])
      }
    }
  })

  it('parses several inline notes on a line, with the ID offset at ENDI', () => {
    const text =
      '- STARTI [Basic] Q1 Back: A1 ENDI and STARTI [Basic] Q2 Back: A2 <!--ID: 5--> ENDI\n'
    const notes = parse(text).blocks
    expect(notes.map((note) => [note.fields, note.id])).toEqual([
      [{ Front: 'Q1', Back: 'A1' }, null],
      [{ Front: 'Q2', Back: 'A2' }, 5],
    ])
    expect(notes[0]?.idInsertOffset).toBe(text.indexOf('ENDI'))
  })

  it('reads FROZEN fields up to the first blank line', () => {
    const result = parse('FROZEN - Basic:\nFront: x\nBack: y\n\nBack: not frozen\n')
    expect(result.frozen).toEqual({ Basic: { Front: 'x', Back: 'y' } })
  })

  it('collects headings outside fences and blocks', () => {
    const result = parse('# One\n```\n# not\n```\n## Two ##\nSTART\nBasic\n# in block\nEND\n')
    expect(result.headings.map((heading) => [heading.level, heading.text])).toEqual([
      [1, 'One'],
      [2, 'Two'],
    ])
  })
})

describe('parseNoteFile: inline notes in inline code', () => {
  it('takes `STARTI … ENDI` in a code span as text, and the notes outside it', () => {
    const text =
      'Write `STARTI [Basic] front Back: back ENDI` for one. STARTI [Basic] real Back: yes ENDI\n' +
      '``a`STARTI [Basic] b ENDI`` and `unclosed STARTI [Basic] z Back: w ENDI\n'
    const result = parse(text)
    expect(result.diagnostics).toEqual([])
    expect(result.blocks.map((note) => note.fields)).toEqual([
      { Front: 'real', Back: 'yes' },
      { Front: 'z', Back: 'w' },
    ])
  })
})

describe('parseNoteFile: inline tags after the ID', () => {
  it('reads `Tags:` after the ID as well as before it', () => {
    const text =
      'STARTI [Basic] q Back: a <!--ID: 1700000000005--> Tags: x y ENDI\n' +
      'STARTI [Basic] r Back: b Tags: u <!--ID: 1700000000006--> ENDI\n' +
      'STARTI [Basic] s Back: c Tags: v <!--ID: 1700000000007--> Tags: w ENDI\n'
    const result = parse(text)
    expect(result.diagnostics).toEqual([])
    expect(result.blocks.map((note) => [note.id, note.fields.Back, note.tags])).toEqual([
      [1700000000005, 'a', ['x', 'y']],
      [1700000000006, 'b', ['u']],
      [1700000000007, 'c', ['v', 'w']],
    ])
  })
})

describe('parseNoteFile: a front matter tag with a space', () => {
  it('warns at a list item with a space, which becomes several tags; a string stays a space-separated list', () => {
    const listed = parse('---\ntags:\n  - one\n  - network stack\n---\nSTART\nBasic\nQ\nEND\n')
    // At the item's own line, not the key's.
    expect(listed.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '4:1 tag-with-space',
    ])
    expect(listed.diagnostics[0]?.message).toContain('becomes the tags `network`, `stack`')
    expect(listed.frontMatter?.tags).toEqual(['one', 'network', 'stack'])
    const inline = parse('---\ntitle: x\ntags: [a, "b c"]\n---\n')
    expect(inline.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '3:1 tag-with-space',
    ])
    const string = parse('---\ntags: one two\n---\n')
    expect(string.diagnostics).toEqual([])
    expect(string.frontMatter?.tags).toEqual(['one', 'two'])
  })
})

describe('parseNoteFile: a comma in a front matter tag', () => {
  it('keeps a comma inside a list item, as `Tags: a,b` keeps it (Anki splits tags at spaces only), with no warning about spaces', () => {
    const listed = parse('---\ntags: ["a,b", c]\n---\nSTART\nBasic\nQ\nBack: A\nTags: d,e\nEND\n')
    expect(listed.diagnostics).toEqual([])
    expect(listed.frontMatter?.tags).toEqual(['a,b', 'c'])
    expect(listed.blocks[0]?.tags).toEqual(['d,e'])
  })

  it('reads `FILE TAGS: a,b` in the front matter as the plugin reads that line: one tag', () => {
    const result = parse('---\nFILE TAGS: a,b c\n---\nSTART\nBasic\nQ\nBack: A\nEND\n')
    expect(result.fileTags).toEqual(['a,b', 'c'])
    const line = parse('FILE TAGS: a,b c\n\nSTART\nBasic\nQ\nBack: A\nEND\n')
    expect(line.fileTags).toEqual(['a,b', 'c'])
  })

  it('splits a front matter string at commas and spaces, as Obsidian reads `tags: a, b`', () => {
    expect(parse('---\ntags: a, b\n---\n').frontMatter?.tags).toEqual(['a', 'b'])
    expect(parse('---\ntags: "a,b"\n---\n').frontMatter?.tags).toEqual(['a', 'b'])
  })
})

describe('parseNoteFile: the front matter key of the tags', () => {
  it('is `tags` or `tag` in any case, the first one written, as Obsidian reads it', () => {
    expect(parse('---\ntag: solo\n---\n').frontMatter?.tags).toEqual(['solo'])
    expect(parse('---\nTags: [Cap, b]\n---\n').frontMatter?.tags).toEqual(['Cap', 'b'])
    expect(parse('---\nTAG: x\ntags: y\n---\n').frontMatter?.tags).toEqual(['x'])
    expect(parse('---\ntagged: no\n---\n').frontMatter?.tags).toEqual([])
    const spaced = parse('---\nTag:\n  - network stack\n---\n')
    expect(spaced.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '3:1 tag-with-space',
    ])
    expect(spaced.diagnostics[0]?.message).toContain('in the list `Tag`')
  })
})

describe('parseNoteFile: settings lines without the space after the colon', () => {
  it('warns at `TARGET DECK:Name` and `FILE TAGS:a b`, which set nothing, as in the plugin', () => {
    const result = parse('TARGET DECK:Name\nFILE TAGS:a b\n\nSTART\nBasic\nQ\nBack: A\nEND\n')
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:1 setting-line-syntax',
      '2:1 setting-line-syntax',
    ])
    expect(result.diagnostics[0]?.hint).toBe('write `TARGET DECK: Name`')
    expect(result.targetDeck).toBeUndefined()
    expect(result.fileTags).toEqual([])
  })
})

describe('parseNoteFile: a prefix in another case', () => {
  it('warns at `back:`, `Add reverse:` and `tags:`, which stay text of the field before, as in the plugin', () => {
    const text =
      'START\nBasic\nQ\nback: A\nEND\n' +
      'START\nBasic (optional reversed card)\nQ\nBack: A\nAdd reverse: y\ntags: a b\nEND\n' +
      'START\nBasic\nQ\nBack: A\nback\\: kept as text\n```\nback: in code\n```\nEND\n'
    const result = parse(text)
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '4:1 field-prefix-case',
      '10:1 field-prefix-case',
      '11:1 field-prefix-case',
    ])
    expect(result.diagnostics[0]?.message).toContain('expected `Back:`')
    expect(result.diagnostics[2]?.message).toContain('expected `Tags:`')
    expect(result.blocks.map((note) => note.fields)).toEqual([
      { Front: 'Q\nback: A', Back: '' },
      { Front: 'Q', Back: 'A\nAdd reverse: y\ntags: a b', 'Add Reverse': '' },
      { Front: 'Q', Back: 'A\nback\\: kept as text\n```\nback: in code\n```' },
    ])
  })
})

describe('parseNoteFile: `lab:` for `Lab:`', () => {
  it('warns at `lab:` and `LAB:`, whose link is lost and whose line shows in the answer', () => {
    const text =
      'START\nBasic\nQ\nBack: A\nlab: stale-socket#connect-refused\nEND\n' +
      'START\nBasic\nQ\nBack: A\nLAB: stale-socket\nLab\\: kept as text\nEND\n'
    const result = parse(text)
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '5:1 field-prefix-case',
      '11:1 field-prefix-case',
    ])
    expect(result.diagnostics[0]?.message).toContain('Unexpected `lab:`, expected `Lab:`')
    expect(result.diagnostics[0]?.hint).toBe(
      'write `Lab:` to start a lab link line, or `lab\\:` to keep the line as text',
    )
    expect(result.blocks.map((note) => note.labs)).toEqual([[], []])
  })
})

describe("parseNoteFile: Cloze's old field name `Extra`", () => {
  const text =
    'FROZEN - Cloze:\nExtra: frozen\n\nSTART\nCloze\nParis is the {{c1::capital}}\nExtra: of France\nEND\n' +
    'STARTI [Cloze] Rome is the {{c1::capital}} Extra: of Italy ENDI\n'
  const withFields = (cloze: string[]) =>
    parseSettings(JSON.stringify({ settings: {}, fields_dict: { Cloze: cloze } }), 'data.json')
      .settings

  it('reads `Extra:` as `Back Extra` where the plugin settings say the collection names it `Extra`, as the plugin does', () => {
    const result = parse(text, withFields(['Text', 'Extra']))
    expect(result.diagnostics).toEqual([])
    expect(result.blocks.map((note) => note.fields)).toEqual([
      { Text: 'Paris is the {{c1::capital}}', 'Back Extra': 'of France' },
      { Text: 'Rome is the {{c1::capital}}', 'Back Extra': 'of Italy' },
    ])
    expect(result.frozen.Cloze).toEqual({ 'Back Extra': 'frozen' })
  })

  it('keeps `Extra:` as text, with a warning, where the collection names it `Back Extra` or nothing says', () => {
    for (const settings of [withFields(['Text', 'Back Extra']), defaultSettings()]) {
      const result = parse(text, settings)
      expect(result.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['7 old-field-name'])
      expect(result.blocks[0]?.fields).toEqual({
        Text: 'Paris is the {{c1::capital}}\nExtra: of France',
        'Back Extra': '',
      })
      expect(result.blocks[1]?.fields.Text).toBe('Rome is the {{c1::capital}} Extra: of Italy')
    }
  })
})

describe('parseNoteFile: regex notes', () => {
  const settingsWith = (regexps: Record<string, string>, defaults: Record<string, unknown> = {}) =>
    parseSettings(
      JSON.stringify({ settings: { CUSTOM_REGEXPS: regexps, Defaults: defaults } }),
      'data.json',
    ).settings

  it('maps groups to fields and puts the ID offset at the end of the match (LF and CRLF)', () => {
    const settings = settingsWith({ Basic: '^(.*[^\\n:]{1}):{2}([^\\n:]{1}.*)' })
    for (const text of ['front::back\nother::side\n', crlf('front::back\nother::side\n')]) {
      const notes = parse(text, settings).blocks
      expect(notes.map((note) => note.fields)).toEqual([
        { Front: 'front', Back: 'back' },
        { Front: 'other', Back: 'side' },
      ])
      expect(notes[0]?.idInsertOffset).toBe(text.indexOf('back') + 4)
      expect(notes[1]?.span.start.line).toBe(2)
    }
  })

  it('reads a following ID line and skips matches in code and blocks', () => {
    const settings = settingsWith({ Basic: '^(.*[^\\n:]{1}):{2}([^\\n:]{1}.*)' })
    const text = 'q::a\n<!--ID: 77-->\n`x::y`\n```\nc::d\n```\nSTART\nBasic\ne::f\nEND\n'
    const notes = parse(text, settings).blocks
    expect(notes.map((note) => [note.kind, note.id])).toEqual([
      ['regex', 77],
      ['block', null],
    ])
  })

  it('skips Cloze matches without a cloze (the plugin CLOZE_ERROR)', () => {
    const settings = settingsWith(
      { Cloze: '((?:.+\\n)*(?:.*{.*)(?:\\n(?:^.{1,3}$|^.{4}(?<!<!--).*))*)' },
      { CurlyCloze: true },
    )
    const notes = parse('Only math $\\frac{3}{4}$ here\n\nA {real} cloze\n', settings).blocks
    expect(notes.map((note) => note.fields.Text)).toEqual(['A {real} cloze'])
  })

  it('stops a catastrophically backtracking regex with a diagnostic', () => {
    const settings = settingsWith({ Basic: '^(a+)+$()' })
    const result = parse(`${'a'.repeat(40)}b\n`, settings)
    expect(result.diagnostics.map((d) => d.code)).toContain('regex-timeout')
  }, 20_000)
})

describe('parseNoteFile: where diagnostics end', () => {
  // In line order (diagnostics are sorted only when printed).
  const ranges = (text: string) =>
    parse(text)
      .diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.code}`)
      .sort()

  it('spans a block from START to the end of END', () => {
    expect(ranges('START\nBasic\n\nEND\n')).toEqual(['1:1-4:4 empty-note'])
  })

  it('spans an unterminated block to where it stops', () => {
    expect(ranges('START\nBasic\nQ\nSTART\nBasic\nR\nEND\n')).toEqual([
      '1:1-3:2 unterminated-block',
    ])
    expect(ranges('x\nSTART\nBasic\nQ')).toEqual(['2:1-4:2 unterminated-block'])
  })

  it('spans the text after END, a bad lab link and an ID line out of place', () => {
    expect(
      ranges('START\nBasic\nQ\nLab: ok, Bad!\n<!--ID: 1700000000000-->\nBack: A\nEND here\n'),
    ).toEqual(['4:10-4:14 malformed-lab-link', '5:1-5:25 id-not-last', '7:5-7:9 end-not-alone'])
    // The text, past every blank and tab after `END`, not the first blank.
    expect(ranges('START\nBasic\nQ\nEND \t  -- done\n')).toEqual(['4:8-4:15 end-not-alone'])
  })

  it('spans an inline note and its type', () => {
    expect(ranges('a STARTI [Basci] Q ENDI b\n')).toEqual(['1:11-1:16 unknown-note-type'])
    expect(ranges('STARTI [Basic] Back: A ENDI\n')).toEqual(['1:1-1:28 missing-first-field'])
  })
})
