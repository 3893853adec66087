import { describe, expect, it } from 'vitest'
import { placeInFieldText } from '../../src/diagnostics/text-place.js'

/** The place as counted from the text's start, one offset at a time. */
function counted(text: string, offset: number, start: { line: number; column: number }) {
  const lines = text.slice(0, offset).split('\n')
  const last = lines.at(-1) as string
  return {
    line: start.line + lines.length - 1,
    column: lines.length === 1 ? start.column + offset : last.length + 1,
  }
}

describe('placeInFieldText', () => {
  it('places every offset of texts asked about in turn as counting from the start does', () => {
    const texts = ['a\nbc\n\nd', 'one line', '\n\nx\n', 'a\nbc\n\nd!']
    const start = { line: 5, column: 7 }
    for (let round = 0; round < 2; round++) {
      for (const text of texts) {
        for (let index = 0; index < text.length; index++) {
          const length = Math.min(2, text.length - index)
          expect(
            placeInFieldText(text, index, length, start),
            `${JSON.stringify(text)} ${index}`,
          ).toEqual({
            start: counted(text, index, start),
            end: counted(text, index + length, start),
          })
        }
      }
    }
  })
})
