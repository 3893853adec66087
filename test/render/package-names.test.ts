import { describe, expect, it } from 'vitest'
import { renameMediaReferences } from '../../src/render/media-references.js'
import { withPackageNames } from '../../src/render/package-names.js'

describe('renameMediaReferences', () => {
  const names = new Map([
    ['d-11111111.png', 'd-aaaaaaaaaaaaaaaa.png'],
    ['s-22222222.mp3', 's-bbbbbbbbbbbbbbbb.mp3'],
  ])

  it("renames each <img>'s src and each [sound:…] of the map, in every place", () => {
    const html =
      '<p><img src="d-11111111.png" alt="d"> and <img alt="x" src="d-11111111.png"></p>[sound:s-22222222.mp3]'
    expect(renameMediaReferences(html, names)).toBe(
      '<p><img src="d-aaaaaaaaaaaaaaaa.png" alt="d"> and <img alt="x" src="d-aaaaaaaaaaaaaaaa.png"></p>[sound:s-bbbbbbbbbbbbbbbb.mp3]',
    )
  })

  it('leaves text that only reads like a name, and names not in the map', () => {
    const html =
      'd-11111111.png <a href="d-11111111.png">x</a> <img src="other.png"> [sound:other.mp3] [sound:'
    expect(renameMediaReferences(html, names)).toBe(html)
  })
})

describe('withPackageNames', () => {
  const rendered = {
    fields: { Front: '<img src="d-11111111.png">', Back: '<img src="e-33333333.png">' },
    media: [
      { name: 'd-11111111.png', sourcePath: '/v/d.png', kind: 'image' },
      { name: 'e-33333333.png', sourcePath: '/v/img/e.png', kind: 'image' },
    ],
    diagnostics: [],
  }

  it('renames fields and media list by source path, sorted, one entry per name', () => {
    const named = withPackageNames(
      rendered,
      new Map([
        ['/v/d.png', 'same-cccccccccccccccc.png'],
        ['/v/img/e.png', 'same-cccccccccccccccc.png'],
      ]),
    )
    expect(named.fields).toEqual({
      Front: '<img src="same-cccccccccccccccc.png">',
      Back: '<img src="same-cccccccccccccccc.png">',
    })
    expect(named.media).toEqual([
      { name: 'same-cccccccccccccccc.png', sourcePath: '/v/d.png', kind: 'image' },
    ])
    expect(named.diagnostics).toBe(rendered.diagnostics)
  })

  it("keeps the renderer's name for a file not read, and a note without media as it is", () => {
    const named = withPackageNames(rendered, new Map([['/v/d.png', 'd-dddddddddddddddd.png']]))
    expect(named.fields.Back).toBe('<img src="e-33333333.png">')
    expect(named.media.map((file) => file.name)).toEqual([
      'd-dddddddddddddddd.png',
      'e-33333333.png',
    ])
    const plain = { fields: { Front: 'x' }, media: [] }
    expect(withPackageNames(plain, new Map())).toBe(plain)
  })
})
