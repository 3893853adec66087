import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSafeMediaName } from '../../src/model/media.js'
import { mediaName, normalizeAnkiFilename, packageMediaName } from '../../src/render/media-name.js'

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

describe('packageMediaName', () => {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex')

  it('is the safe stem, 16 hex digits of the content hash and the extension', () => {
    expect(packageMediaName('My Photo (1).JPG', hash('x'))).toBe(
      `My_Photo_1-${hash('x').slice(0, 16)}.jpg`,
    )
    expect(packageMediaName('notes', hash('x'))).toBe(`notes-${hash('x').slice(0, 16)}`)
  })

  it('changes with the bytes and not with the folder', () => {
    expect(packageMediaName('d.png', hash('VERSION1'))).not.toBe(
      packageMediaName('d.png', hash('VERSION2')),
    )
    expect(packageMediaName('d.png', hash('VERSION1'))).toBe(
      packageMediaName('d.png', hash('VERSION1')),
    )
  })

  it('is a name Anki keeps as it is, for any file name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string(), (name, bytes) => {
        const packaged = packageMediaName(name, hash(bytes))
        expect(normalizeAnkiFilename(packaged)).toBe(packaged)
        expect(isSafeMediaName(packaged)).toBe(true)
        expect(packaged.startsWith('_')).toBe(false)
      }),
    )
  })
})
