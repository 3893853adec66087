// The screen shows what the card shows: on generated fields whose emphasis,
// strikethrough, code and link delimiters interleave, the quiz's terminal
// text (characters and their styles) and its graded text are markdown-it's.
import { describe, expect, it } from 'vitest'
import { disagreement, tangledSample } from './markdown-agreement.js'

describe('the terminal reads a field as markdown-it does', () => {
  it('on 3,000 generated fields with tangled delimiters', () => {
    const sample = tangledSample(3000)
    const found = sample
      .map((field) => ({ field, why: disagreement(field) }))
      .filter((result) => result.why !== undefined)
    const rate = ((100 * found.length) / sample.length).toFixed(2)
    const shown = found.slice(0, 8).map(({ field, why }) => `${JSON.stringify(field)}\n  ${why}`)
    expect(
      found.length,
      `${found.length} of ${sample.length} disagree (${rate}%)\n${shown.join('\n')}`,
    ).toBe(0)
  })
})
