// A paragraph's open code is carried line by line (`joinCode`), reading its
// spans again only when a line has a run as long as one left open: it must be
// what reading the whole paragraph at once gives (`openCode`), and a long
// table after one stray run must not cost each line all the lines above it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stripObsidianComments } from '../../src/markdown/obsidian-comments.js'
import { joinCode, type OpenCode, openCode } from '../../src/text/paragraph-code.js'

describe('the open code of a paragraph', () => {
  it('carried line by line is the open code of the lines read at once', () => {
    const piece = fc.constantFrom('a', ' ', '\\', '`', '``', '```', '%%')
    const line = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''))
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        let carried: OpenCode | undefined
        for (let index = 0; index < lines.length; index++) {
          const rest = lines[index]!
          carried = carried === undefined ? openCode(rest, 0) : joinCode(carried, rest)
          expect(carried?.text).toBe(openCode(lines.slice(0, index + 1).join('\n'), 0)?.text)
        }
      }),
      { numRuns: 5000 },
    )
  })

  it('reads a long table after a stray run in time linear in its lines', () => {
    const row = (index: number) => `| row ${index} | \`code ${index}\` | more text |`
    let carried = openCode('a stray `` run', 0)!
    const started = performance.now()
    for (let index = 0; index < 20_000; index++) carried = joinCode(carried, row(index))!
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(carried.text.startsWith('`` run')).toBe(true)
  })

  // Each row's `%%` follows a run the next row closes: read up to that row, not the table's end.
  it('reads a marker after an open run only up to the line that closes it', () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, index) => `| row ${index} \`\` | %%${index}%% |`,
    )
    const started = performance.now()
    const kept = stripObsidianComments(rows.join('\n'))
    expect(performance.now() - started).toBeLessThan(2_000)
    // Row 1's `%%` is in the span its `` opens and row 2's closes: text; the last row's is a comment.
    expect(kept.startsWith('| row 0 `` | %%0%% |')).toBe(true)
    expect(kept.endsWith('| row 19999 `` |  |')).toBe(true)
  })

  // No later line closes the run: the reader goes to the paragraph's end once, line after line.
  it('reads to the end of a long paragraph no run closes in time linear in its lines', () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => `row ${index} with some text`)
    const text = ['a stray `` run %%x%% here', ...rows].join('\n')
    const started = performance.now()
    const kept = stripObsidianComments(text)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(kept.startsWith('a stray `` run  here\nrow 0')).toBe(true)
  })
})
