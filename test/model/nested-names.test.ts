import { describe, expect, it } from 'vitest'
import { nameAndParents, namesWithParents } from '../../src/model/nested-names.js'
import { compareStrings } from '../../src/text/compare-strings.js'

describe('nameAndParents', () => {
  it('gives the name and its parents, outermost first', () => {
    expect(nameAndParents('A::B::C')).toEqual(['A', 'A::B', 'A::B::C'])
    expect(nameAndParents('solo')).toEqual(['solo'])
  })
})

describe('namesWithParents', () => {
  it('adds every parent deck once', () => {
    expect(namesWithParents(['UDS::Basics::Paths', 'UDS::Basics', 'Other'])).toEqual([
      'Other',
      'UDS',
      'UDS::Basics',
      'UDS::Basics::Paths',
    ])
  })

  it('sorts by code unit, as compareStrings does, whatever the locale', () => {
    const names = ['a', 'Z', 'é', 'B::x', 'ä', '_', 'A', 'z::Ω']
    const sorted = namesWithParents(names)
    expect(sorted).toEqual([...sorted].sort(compareStrings))
    expect(sorted).toEqual(['A', 'B', 'B::x', 'Z', '_', 'a', 'z', 'z::Ω', 'ä', 'é'])
  })
})
