import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { formatDiagnostics } from '../../src/diagnostics/format.js'
import { diagnosticsJson } from '../../src/diagnostics/json.js'
import { createNoteReporter, createReporter } from '../../src/diagnostics/reporter.js'

/** A diagnostic's keys in order, as `--json` writes them (`hint` follows when there is one). */
const keysWithoutHint = [
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'severity',
  'code',
  'message',
]

describe('createReporter', () => {
  it('records each report in the sink and returns it, with named fields', () => {
    const sink: Diagnostic[] = []
    const report = createReporter('notes/a.md', sink)
    const error = report.error('unterminated-block', 'Unexpected end of file', {
      place: { start: { line: 3, column: 1 }, end: { line: 9, column: 4 } },
      hint: 'the block is skipped',
    })
    const warning = report.warning('stray-end', 'Unexpected `END`', {
      place: { line: 12, column: 2 },
    })
    expect(sink).toEqual([error, warning])
    expect(error).toEqual({
      file: 'notes/a.md',
      line: 3,
      column: 1,
      endLine: 9,
      endColumn: 4,
      severity: 'error',
      code: 'unterminated-block',
      message: 'Unexpected end of file',
      hint: 'the block is skipped',
    })
    // A point: the end is the start; no hint key at all when there is none.
    expect(warning).toEqual({
      file: 'notes/a.md',
      line: 12,
      column: 2,
      endLine: 12,
      endColumn: 2,
      severity: 'warning',
      code: 'stray-end',
      message: 'Unexpected `END`',
    })
    expect('hint' in warning).toBe(false)
  })

  it('points at line 1, column 1 of the file when given no place', () => {
    const diagnostic = createReporter('data.json').error('malformed-settings', 'Unexpected JSON')
    expect([diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn]).toEqual([
      1, 1, 1, 1,
    ])
  })

  it('drops the offsets a parser point carries', () => {
    // A parser's span (model `Span`) is a place as it is.
    const span = {
      start: { line: 2, column: 1, offset: 6 },
      end: { line: 6, column: 4, offset: 30 },
    }
    const diagnostic = createReporter('a.md').error('x', 'y', { place: span })
    expect(Object.keys(diagnostic)).toEqual(keysWithoutHint)
  })
})

describe('createNoteReporter', () => {
  const note = { source: { file: 'n.md', line: 4, column: 1, end: { line: 8, column: 4 } } }

  it('spans the note unless a report gives its own place', () => {
    const sink: Diagnostic[] = []
    const report = createNoteReporter(note, sink)
    report.warning('cloze-without-deletion', 'Unexpected note without a cloze')
    report.error('unknown-lab', 'Unexpected lab', { place: { line: 6, column: 6 } })
    expect(sink.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.code}`)).toEqual([
      '4:1-8:4 cloze-without-deletion',
      '6:6-6:6 unknown-lab',
    ])
  })

  it('points at the note start when its end is not known', () => {
    const diagnostic = createNoteReporter({ source: { file: 'n.md', line: 2, column: 5 } }).error(
      'missing-media',
      'Unexpected missing media',
    )
    expect([diagnostic.endLine, diagnostic.endColumn]).toEqual([2, 5])
  })
})

describe('printing sorts, once', () => {
  const sink: Diagnostic[] = []
  createReporter('b.md', sink).error('second-file', 'B')
  const a = createReporter('a.md', sink)
  a.warning('later-line', 'A2', { place: { line: 2, column: 1 } })
  a.error('earlier-line', 'A1', { place: { line: 1, column: 3 } })

  it('formats the text form by file, then position', () => {
    expect(formatDiagnostics(sink)).toBe(
      [
        'a.md:1:3 error earlier-line A1',
        'a.md:2:1 warning later-line A2',
        'b.md:1:1 error second-file B',
        '',
      ].join('\n'),
    )
    expect(formatDiagnostics([])).toBe('')
  })

  it('writes the JSON form in the same order, with every key', () => {
    expect(diagnosticsJson(sink).map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      'a.md:1:3',
      'a.md:2:1',
      'b.md:1:1',
    ])
    expect(Object.keys(diagnosticsJson(sink)[0]!)).toEqual(keysWithoutHint)
    // The reports themselves stay in the order they were made.
    expect(sink.map((d) => d.code)).toEqual(['second-file', 'later-line', 'earlier-line'])
  })
})
