import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../../src/text/escape-html.js'

describe('escapeHtml', () => {
  it('escapes the five characters that end text or a quoted attribute, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp; é</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#039;y&#039;&gt;&amp;amp; é&lt;/a&gt;',
    )
  })
})
