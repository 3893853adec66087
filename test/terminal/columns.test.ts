import { describe, expect, it } from 'vitest'
import { terminalColumns } from '../../src/terminal/io.js'

describe('terminalColumns', () => {
  it("is the terminal's columns when it knows them", () => {
    expect(terminalColumns({ columns: 120 }, { COLUMNS: '40' })).toBe(120)
  })

  it('takes 0 or no columns as unknown: COLUMNS when a positive integer, else 80', () => {
    expect(terminalColumns({ columns: 0 }, { COLUMNS: '40' })).toBe(40)
    expect(terminalColumns({}, { COLUMNS: '100' })).toBe(100)
    expect(terminalColumns({ columns: 0 }, {})).toBe(80)
    for (const bad of ['0', '-5', 'abc', '12.5', ''])
      expect(terminalColumns({ columns: 0 }, { COLUMNS: bad })).toBe(80)
  })
})
