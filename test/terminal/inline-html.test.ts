import { describe, expect, it } from 'vitest'
import { htmlPieces } from '../../src/terminal/inline-html.js'

const tags = (html: string) =>
  htmlPieces(html).map((piece) => (piece.tag ? `[${piece.text}]` : piece.text))

describe('htmlPieces', () => {
  it('splits comments, declarations and tags as they close, and leaves those left open as text', () => {
    expect(tags('a <b>c</b> <i')).toEqual(['a ', '[<b>]', 'c', '[</b>]', ' <i'])
    // A comment ends at the first `-->`, the one inside a later `<!-->` too.
    expect(tags('<!-- a <!-->')).toEqual(['[<!-- a <!-->]'])
    expect(tags('<!--> x <!--')).toEqual(['[<!-->]', ' x <!--'])
    expect(tags('<!---> x')).toEqual(['[<!--->]', ' x'])
    // No `-->` after it: a declaration, to its first `>`.
    expect(tags('<!-- x <!y> z')).toEqual(['[<!-- x <!y>]', ' z'])
    expect(tags('<!-- a --> <!-- b <!--')).toEqual(['[<!-- a -->]', ' <!-- b <!--'])
    expect(tags('<p title="<!--">x</p> <!')).toEqual(['[<p title="<!--">]', 'x', '[</p>]', ' <!'])
  })
})
