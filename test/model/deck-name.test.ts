// Deck names cleaned as Anki cleans them (rslib decks/name.rs, whose own
// tests give the first cases here), so a package names the decks Anki keeps.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeDeckName } from '../../src/model/deck-name.js'

describe('normalizeDeckName', () => {
  it('matches Anki on its own cases', () => {
    expect(normalizeDeckName('foo')).toBe('foo')
    expect(normalizeDeckName('foo::bar')).toBe('foo::bar')
    expect(normalizeDeckName('foo::::baz')).toBe('foo::blank::baz')
    expect(normalizeDeckName('fo\x1fo::ba\nr')).toBe('foo::bar')
  })

  it('trims each part, drops quotes and control characters, and composes to NFC', () => {
    expect(normalizeDeckName(' Unix :: Sockets ')).toBe('Unix::Sockets')
    expect(normalizeDeckName('::')).toBe('blank::blank')
    expect(normalizeDeckName('a"b"::\u00a0c\u3000')).toBe('ab::c')
    expect(normalizeDeckName('Cafe\u0301')).toBe('Caf\u00e9')
    // Rust's trim is Unicode White_Space: U+0085 goes, U+FEFF (no white space there) stays.
    expect(normalizeDeckName('\u0085x\ufeff')).toBe('x\ufeff')
  })

  it('drops `<` and `>`: Anki 2.1.15 writes deck names into its deck list as HTML', () => {
    expect(normalizeDeckName(`Payload <img src=x onerror=alert('deck')>`)).toBe(
      `Payload img src=x onerror=alert('deck')`,
    )
    expect(normalizeDeckName('C++::<templates>')).toBe('C++::templates')
    expect(normalizeDeckName('<>::a')).toBe('blank::a')
    expect(normalizeDeckName('a &lt; b')).toBe('a &lt; b')
  })

  it('leaves a clean name alone and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const once = normalizeDeckName(name)
        expect(normalizeDeckName(once)).toBe(once)
        expect(once.split('::').every((part) => part !== '' && part.trim() === part)).toBe(true)
      }),
    )
    for (const clean of ['Default', 'Unix Domain Sockets::Errors', 'Ω::日本語']) {
      expect(normalizeDeckName(clean)).toBe(clean)
    }
  })
})
