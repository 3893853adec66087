import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mediaName, normalizeAnkiFilename } from '../../src/render/media-name.js'

describe('normalizeAnkiFilename', () => {
  it('applies Anki’s rules', () => {
    expect(normalizeAnkiFilename('a:b*c?.png')).toBe('abc.png')
    expect(normalizeAnkiFilename('CON.txt')).toBe('CON_.txt')
    expect(normalizeAnkiFilename('name.')).toBe('name._')
    expect(Buffer.byteLength(normalizeAnkiFilename(`${'é'.repeat(100)}.png`))).toBeLessThanOrEqual(
      120,
    )
  })
})

describe('mediaName', () => {
  it('is a name Anki keeps as it is, for any path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (parts) => {
          const name = mediaName(parts.join('/'))
          expect(normalizeAnkiFilename(name)).toBe(name)
          expect(name.startsWith('_')).toBe(false)
          expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120)
        },
      ),
    )
  })

  it('is deterministic and tells same-named files in different folders apart', () => {
    expect(mediaName('a/pic.png')).toBe(mediaName('a/pic.png'))
    expect(mediaName('a/pic.png')).not.toBe(mediaName('b/pic.png'))
    expect(mediaName('img/My Photo (1).JPG')).toMatch(/^My_Photo_1-[0-9a-f]{8}\.jpg$/)
  })
})
