import { describe, expect, it } from 'vitest'
import { defaultOutputPath, fileNameFor } from '../../../src/commands/build/output-path.js'

describe('defaultOutputPath', () => {
  it('names the package after the single root deck', () => {
    expect(defaultOutputPath('/work', ['UDS::Basics', 'UDS', 'UDS::Labs::Deep'])).toBe(
      '/work/dist/UDS.apkg',
    )
  })

  it('falls back to deck.apkg for several root decks or none', () => {
    expect(defaultOutputPath('/work', ['A', 'B::C'])).toBe('/work/dist/deck.apkg')
    expect(defaultOutputPath('/work', [])).toBe('/work/dist/deck.apkg')
  })

  it('makes deck names safe as file names', () => {
    expect(fileNameFor('Sockets: a/b "test"?')).toBe('Sockets- a-b -test-')
    expect(fileNameFor('..')).toBe('deck')
    expect(fileNameFor('  Spaced   out  ')).toBe('Spaced out')
  })
})
