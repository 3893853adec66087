import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { renderNote } from '../../src/render/render-note.js'
import { formatRendered, readFixtureNote } from './fixture-note.js'

// `fields.html` is written on the first run and rewritten with UPDATE=1; review its diff.
const fixtures = join(packageRoot(), 'test', 'fixtures', 'render')
const cases = readdirSync(fixtures)
  .filter((name) => existsSync(join(fixtures, name, 'input.md')))
  .sort()

describe('render fixtures', () => {
  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThan(10)
  })

  it.each(cases)('%s', (name) => {
    const directory = join(fixtures, name)
    const { note, options } = readFixtureNote(directory)
    const actual = formatRendered(renderNote(note, options), directory)
    const expectedPath = join(directory, 'fields.html')
    if (process.env.UPDATE === '1' || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, actual)
      return
    }
    expect(actual).toBe(readFileSync(expectedPath, 'utf8'))
  })
})
