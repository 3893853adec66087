import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { renderNote } from '../../src/render/render-note.js'
import { expectFixture } from '../support/expect-fixture.js'
import { formatRendered, readFixtureNote } from './fixture-note.js'

// A missing `fields.html` fails; UPDATE=1 writes it (review its diff).
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
    const note = readFixtureNote(directory)
    const actual = formatRendered(renderNote(note), directory)
    expectFixture(join(directory, 'fields.html'), actual)
  })
})
