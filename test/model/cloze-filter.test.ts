import { describe, expect, it } from 'vitest'
import { hasCloze, renderCloze } from '../../src/model/cloze-filter.js'

describe("Anki's cloze filter", () => {
  it('handles nested clozes as Anki does', () => {
    const nested = '{{c1::outer {{c2::inner}} end}}'
    expect(renderCloze(nested, { number: 1, side: 'question' })).toBe(
      '<span class="cloze">[...]</span>',
    )
    expect(renderCloze(nested, { number: 2, side: 'question' })).toBe(
      'outer <span class="cloze">[...]</span> end',
    )
    expect(renderCloze(nested, { number: 1, side: 'answer' })).toBe(
      '<span class="cloze">outer inner end</span>',
    )
    expect(hasCloze(nested, 2)).toBe(true)
    expect(hasCloze(nested, 3)).toBe(false)
  })

  it('leaves an unterminated cloze and a stray `}}` as written', () => {
    expect(renderCloze('a {{c1::open and b}} c}}', { number: 1, side: 'question' })).toBe(
      'a <span class="cloze">[...]</span> c}}',
    )
    expect(renderCloze('x {{c1::never closed', { number: 1, side: 'question' })).toBe(
      'x {{c1::never closed',
    )
  })

  it('keeps field HTML inside the gap on the back', () => {
    const html = '{{c1::<code>connect()</code>}} fails'
    expect(renderCloze(html, { number: 1, side: 'answer' })).toBe(
      '<span class="cloze"><code>connect()</code></span> fails',
    )
  })

  it('writes the asked cloze without its span on request (Anki 2.1.15 inside math)', () => {
    const html = '\\(x^{{c1::2::power}} + {{c2::y}}\\)'
    expect(renderCloze(html, { number: 1, side: 'question' }, { spans: false })).toBe(
      '\\(x^[power] + y\\)',
    )
    expect(renderCloze(html, { number: 1, side: 'answer' }, { spans: false })).toBe('\\(x^2 + y\\)')
  })
})
