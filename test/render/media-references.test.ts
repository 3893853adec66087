import { describe, expect, it } from 'vitest'
import { fieldReferences } from '../../src/render/media-references.js'
import { sanitizeHtml } from '../../src/render/sanitize.js'

describe('fieldReferences', () => {
  it("reads an image's src decoded, from the src attribute only", () => {
    const html = sanitizeHtml(
      '<img alt=" src=&quot;b.png&quot;" src="a&amp;b.png"><span title="c.png">c.png</span>',
    ).html
    const references = fieldReferences(html)
    expect(references.shows({ src: 'a&b.png' })).toBe(true)
    expect(references.shows({ src: 'b.png' })).toBe(false)
    expect(references.shows({ src: 'c.png' })).toBe(false)
  })

  it('finds sound tags as Anki does: from `[sound:` to the next `]`, in text only', () => {
    const references = fieldReferences('[sound:a.mp3] [sound:b [sound:c.mp3] [sound:]d.mp3]')
    expect(references.shows({ sound: 'a.mp3' })).toBe(true)
    // Anki reads `b [sound:c.mp3` as one name, and `]d.mp3` as the next.
    expect(references.shows({ sound: 'b [sound:c.mp3' })).toBe(true)
    expect(references.shows({ sound: 'c.mp3' })).toBe(false)
    expect(references.shows({ sound: ']d.mp3' })).toBe(true)
    // In an attribute the serializer writes the marker as character references: Anki sees none.
    const attribute = sanitizeHtml('<span title="[sound:e.mp3]">x</span>').html
    expect(fieldReferences(attribute).shows({ sound: 'e.mp3' })).toBe(false)
  })

  it('reads text across tags and character references', () => {
    const references = fieldReferences('<b>![[a &amp; b</b>.png]]')
    expect(references.shows({ text: '![[a & b.png]]' })).toBe(true)
    expect(references.shows({ text: 'b>' })).toBe(false)
  })

  it('takes time proportional to the field for many `[sound:` without a `]`', () => {
    // The fastest of three runs: a busy machine only ever adds time.
    const time = (count: number) => {
      const html = '[sound:'.repeat(count)
      let best = Number.POSITIVE_INFINITY
      for (let run = 0; run < 3; run += 1) {
        const start = performance.now()
        fieldReferences(html).shows({ sound: 'a.mp3' })
        best = Math.min(best, performance.now() - start)
      }
      return best
    }
    time(1_000)
    // Quadratic would be 100× slower for 10× the size; allow for a loaded machine.
    expect(time(200_000)).toBeLessThan(Math.max(50, time(20_000) * 40))
  })
})
