import { hash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { guidFor, guidForNoteId } from '../../src/model/guid.js'

const alphabet =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~'

/** genanki's `guid_for`, written the plain way: the first 8 digest bytes as a BigInt, in base 91. */
function referenceGuid(...values: Array<string | number>): string {
  let number = hash('sha256', values.map(String).join('__'), 'buffer').readBigUInt64BE(0)
  let text = ''
  while (number > 0n) {
    text = alphabet[Number(number % 91n)] + text
    number /= 91n
  }
  return text || alphabet[0]!
}

describe('guidFor', () => {
  it('gives the GUIDs genanki gives (values from its Python guid_for)', () => {
    expect(guidForNoteId(1)).toBe('w6n;u;SvMC')
    expect(guidForNoteId(1700000000001)).toBe('T$BKa#<`A')
    expect(guidFor('a', 'b', 3)).toBe('HP*hL}f/ee')
  })

  it('writes the same digits as BigInt arithmetic for many ids', () => {
    for (let id = 1700000000000; id < 1700000003000; id++) {
      expect(guidForNoteId(id)).toBe(referenceGuid('decklab', id))
    }
    for (const values of [[''], ['x', 0], [-0], ['décklab', 1.5], [2 ** 53]]) {
      expect(guidFor(...values)).toBe(referenceGuid(...values))
    }
  })
})
