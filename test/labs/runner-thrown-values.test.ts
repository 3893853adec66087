// A lab may throw anything, not only an Error: a value String() cannot turn
// into text (an object without a prototype, one whose toString is not a
// function) still ends the lab as an error with a reason. It made runLab
// throw a TypeError, which decklab reported as its own bug (exit 70).
import { describe, expect, it } from 'vitest'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'

function throwing(value: unknown): LabDefinition {
  return {
    id: 'throws-a-value',
    title: 'A lab that throws a value that is no Error',
    summary: 'A lab made up for a runner test.',
    requires: [],
    checks: ['never'],
    serve: null,
    async run() {
      throw value
    },
  }
}

describe('a lab that throws a value that is no Error', () => {
  it.each([
    ['an object without a prototype', Object.create(null), '[object Object]'],
    ['an object whose toString is not a function', { toString: null }, '[object Object]'],
    ['a string', 'plain words', 'plain words'],
  ])('ends as an error for %s', async (_, value, reason) => {
    const result = await runLab(throwing(value))
    expect(result.status).toBe('error')
    expect(result.reason).toBe(reason)
  })
})
