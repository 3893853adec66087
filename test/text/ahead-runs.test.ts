// A `%%` after a backtick run that nothing closed yet asks whether a later line of the
// paragraph has a run as long (`closesAhead`). Reading the lines ahead again for each such
// marker cost a paragraph of runs of many lengths the cube of its lines: 2,000 lines
// `` x `…` %% ``, one backtick more on each, took 7.6 s in `check`, 9,000 lines minutes.
// `AheadRuns` reads each line once; it must answer as reading the lines ahead does.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AheadRuns } from '../../src/text/ahead-runs.js'
import { closesAhead, type LinesAhead } from '../../src/text/paragraph-code.js'

/** The lines after line `index`, read one by one (no index of runs: `closesAhead`'s own loop). */
function linesAfter(lines: readonly (string | undefined)[], index: number): LinesAhead {
  return (count) => lines[index + count]
}

describe('the runs ahead of a line', () => {
  it('answer as reading the lines ahead does, whatever the order of the questions', () => {
    const piece = fc.constantFrom(
      'a',
      ' ',
      '\\',
      '`',
      '``',
      '```',
      '%%',
      '> ',
      '>',
      '- ',
      '# ',
      '***',
    )
    const line = fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join(''))
    // Undefined: where the reader stops (a begin marker, the end of a field).
    const text = fc.array(fc.option(line, { freq: 8 }), { minLength: 1, maxLength: 10 })
    const question = fc.record({
      index: fc.nat(10),
      quotes: fc.nat(2),
      lengths: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
    })
    fc.assert(
      fc.property(
        text,
        fc.array(question, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (written, questions, ascending) => {
          const lines = written.map((line) => line ?? undefined)
          const runs = new AheadRuns((index) => lines[index])
          const asked = ascending ? [...questions].sort((a, b) => a.index - b.index) : questions
          for (const { index, quotes, lengths } of asked) {
            const read = closesAhead(linesAfter(lines, index), quotes, lengths)
            expect(
              runs.closes(index, quotes, lengths),
              JSON.stringify({ index, quotes, lengths }),
            ).toBe(read)
          }
        },
      ),
      { numRuns: 10_000 },
    )
  })

  it('reads a paragraph of runs of many lengths in time linear in its text', () => {
    const lines = Array.from({ length: 3_000 }, (_, index) => `x ${'`'.repeat(index + 1)} %%`)
    const runs = new AheadRuns((index) => lines[index])
    const started = performance.now()
    let closed = 0
    for (let index = 0; index < lines.length; index++) {
      if (runs.closes(index, 0, [index + 1])) closed++
    }
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(closed).toBe(0)
  })
})
