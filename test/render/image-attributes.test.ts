/**
 * Anki 2.1.15's reviewer rewrites each `<img>` by regex, reading the last
 * ` src=` in the tag as its file: none may stand in another attribute.
 */
import { describe, expect, it } from 'vitest'
import { guardImageAttributes } from '../../src/render/image-attributes.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeNote } from './temp-vault.js'

describe("an image's attributes", () => {
  it('hold no `=` but in src, whatever the attribute', () => {
    expect(guardImageAttributes('<img src="a.png" alt="a src=b" title="t=1">')).toBe(
      '<img src="a.png" alt="a src&#61;b" title="t&#61;1">',
    )
    expect(guardImageAttributes('<IMG alt="x SRC=y" src="https://h/?w=1">')).toBe(
      '<IMG alt="x SRC&#61;y" src="https://h/?w=1">',
    )
  })

  it('leave other tags and plain images alone', () => {
    const html = '<a href="https://x/?a=b" title="c=d">z</a><img src="a.png" alt="plain">'
    expect(guardImageAttributes(html)).toBe(html)
  })

  it('are guarded in a field rendered from Markdown alone (no HTML check)', () => {
    const rendered = renderNote(
      makeNote({
        Front: '![a src=b](data:image/png;base64,AA==)[z](https://x/onload=alert(1)//)',
        Back: 'b',
      }),
    )
    expect(rendered.fields.Front).toBe(
      '<img src="data:image/png;base64,AA==" alt="a src&#61;b"><a href="https://x/onload=alert(1)//">z</a>',
    )
  })
})
