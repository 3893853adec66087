import { describe, expect, it } from 'vitest'
import { functionsLongerThan } from './function-length.js'
import { readModules } from './source-modules.js'

/** The house's rule (issue 13): no function in src/ over about 120 lines. */
const limit = 120

/**
 * The functions over the limit, each with why it stays for now. The test
 * fails on one that is no longer over it, so the list only shrinks.
 */
const longFunctions: Readonly<Record<string, string>> = {}

describe('function length in src/', () => {
  const long = readModules('src').flatMap((module) => functionsLongerThan(module, limit))

  it(`has no function over ${limit} lines beyond the list, each listed with its reason`, () => {
    expect(long.filter((found) => !(found.where in longFunctions))).toEqual([])
  })

  it('lists no function that is no longer over the limit (delete those entries)', () => {
    const stillLong = new Set(long.map((found) => found.where))
    expect(Object.keys(longFunctions).filter((where) => !stillLong.has(where))).toEqual([])
  })
})

describe('functionsLongerThan (the measure itself)', () => {
  const body = (lines: number) => Array.from({ length: lines - 2 }, () => '  step()').join('\n')

  it('counts from the signature to the closing brace, not the comment above', () => {
    const text = `/** why */\nfunction long() {\n${body(121)}\n}\nfunction fits() {\n${body(120)}\n}\n`
    expect(functionsLongerThan({ path: 'src/made-up.ts', text }, limit)).toEqual([
      { where: 'src/made-up.ts long', lines: 121 },
    ])
  })

  it('names arrow functions by their variable, methods by their name, and measures nested ones too', () => {
    const text = [
      `const outer = () => {\n  const inner = () => {\n${body(5)}\n  }\n}`,
      `class Store {\n  save() {\n${body(5)}\n  }\n}`,
    ].join('\n')
    expect(
      functionsLongerThan({ path: 'src/made-up.ts', text }, 4).map((found) => found.where),
    ).toEqual(['src/made-up.ts outer', 'src/made-up.ts inner', 'src/made-up.ts save'])
  })
})
