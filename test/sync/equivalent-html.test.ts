import { describe, expect, it } from 'vitest'
import { equivalentFieldHtml, withoutVoidSlashes } from '../../src/sync/equivalent-html.js'

describe('equivalentFieldHtml', () => {
  it("takes the plugin's XHTML spelling of void elements for decklab's", () => {
    expect(equivalentFieldHtml('a<br />\nb', 'a<br>\nb')).toBe(true)
    expect(equivalentFieldHtml('a<BR/>b', 'a<br>b')).toBe(true)
    expect(equivalentFieldHtml('<img src="x.png" alt="y" />', '<img src="x.png" alt="y">')).toBe(
      true,
    )
  })

  it('keeps every other difference', () => {
    // An unquoted value's slash is the value's: `src` is `a/`.
    expect(withoutVoidSlashes('<img src=a/>')).toBe('<img src=a/>')
    expect(equivalentFieldHtml('<img src=a/>', '<img src=a>')).toBe(false)
    expect(equivalentFieldHtml('one</p>\n<p>two', '<p>one</p>\n<p>two</p>')).toBe(false)
    expect(equivalentFieldHtml('a<br />b', 'a<br>\nb')).toBe(false)
    expect(equivalentFieldHtml('<brx />', '<brx>')).toBe(false)
  })
})
