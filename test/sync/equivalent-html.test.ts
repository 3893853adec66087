import { describe, expect, it } from 'vitest'
import {
  equivalentBesideTagSpaces,
  equivalentFieldHtml,
  withAmpersandReferences,
  withAngleReferences,
  withoutBlockIndents,
  withoutHeadingIds,
  withoutTagSpaces,
  withoutVoidSlashes,
  withQuoteCharacters,
} from '../../src/sync/equivalent-html.js'
import { fieldsHash, sameAsSynced, syncedFieldsHash } from '../../src/sync/plan.js'

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

  it('reads a long tag once: a field of `<br` and 300,000 spaces', () => {
    // The first pattern's lazy attribute run beside `\s*` took time the square of the run
    // (16,000 spaces: 0.65 s; these 300,000: 77 s, past the test's timeout), on Anki's fields at every sync.
    const field = `<br${' '.repeat(300_000)}<p>/>`
    expect(withoutVoidSlashes(field)).toBe(field)
    expect(withoutVoidSlashes(`<br${' '.repeat(300_000)}/>`)).toBe('<br>')
  })

  it("takes only a slash after a space, or alone, as the tag's own", () => {
    expect(withoutVoidSlashes('<br/src=a />')).toBe('<br/src=a />')
    expect(withoutVoidSlashes('<hr/>')).toBe('<hr>')
    expect(withoutVoidSlashes('<img alt="a"/>')).toBe('<img alt="a">')
  })

  it("takes showdown's heading ids for decklab's headings without, and nothing else of them", () => {
    expect(
      equivalentFieldHtml(
        '<h1 id="headersaresupportedtoo">Headers are supported too</h1>\n<p>a<br />\nb</p>',
        '<h1>Headers are supported too</h1>\n<p>a<br>\nb</p>',
      ),
    ).toBe(true)
    expect(equivalentFieldHtml('<h6 id="">x</h6>', '<h6>x</h6>')).toBe(true)
    // Another attribute, another element, another text: shown otherwise.
    expect(equivalentFieldHtml('<h2 id="a" class="b">x</h2>', '<h2>x</h2>')).toBe(false)
    expect(equivalentFieldHtml('<div id="a">x</div>', '<div>x</div>')).toBe(false)
    expect(equivalentFieldHtml('<h2 id="x">One</h2>', '<h2>Two</h2>')).toBe(false)
    // The stock templates' `<hr id=answer>` is where Anki scrolls to: a heading of that id is not taken out.
    expect(equivalentFieldHtml('<h2 id="answer">Answer</h2>', '<h2>Answer</h2>')).toBe(false)
  })

  it('reads a long unclosed heading id once', () => {
    const field = `<h1 id="${'a'.repeat(300_000)}`
    expect(withoutHeadingIds(field)).toBe(field)
    expect(withoutHeadingIds(`${'<h1 id="'.repeat(100_000)}x">`)).toBe(
      `${'<h1 id="'.repeat(99_999)}<h1>`,
    )
  })

  it("takes the plugin's quotes in text for decklab's references, and only in text", () => {
    expect(equivalentFieldHtml('He said "hi"', 'He said &quot;hi&quot;')).toBe(true)
    expect(equivalentFieldHtml("<code>a 'b'</code>", '<code>a &#039;b&#39;</code>')).toBe(true)
    expect(equivalentFieldHtml("\\(f'(x)\\)", '\\(f&#x27;(x)\\)')).toBe(true)
    expect(withQuoteCharacters('&#34;&#x22;&apos;&#0039;')).toBe(`""''`)
    // A reference in an attribute value is no quote of the text; `&amp;quot;` shows `&quot;`.
    expect(withQuoteCharacters('<a title="&quot;">&quot;</a>')).toBe('<a title="&quot;">"</a>')
    expect(equivalentFieldHtml('&amp;quot;', '&amp;"')).toBe(false)
    expect(equivalentFieldHtml('"', "'")).toBe(false)
    expect(equivalentFieldHtml('&lt;b', '<b')).toBe(false)
  })
})

describe('withoutBlockIndents', () => {
  it("takes showdown's indented blockquote for decklab's", () => {
    // showdown 2.1 for `> quoted text`, and decklab's.
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <p>quoted text</p>\n</blockquote>',
        '<blockquote>\n<p>quoted text</p>\n</blockquote>',
      ),
    ).toBe(true)
    expect(
      equivalentFieldHtml(
        '<p>x</p>\n<blockquote>\n  <p>one</p>\n  <p>two</p>\n  <blockquote>\n    <p>nested</p>\n  </blockquote>\n</blockquote>',
        '<p>x</p>\n<blockquote>\n<p>one</p>\n<p>two</p>\n<blockquote>\n<p>nested</p>\n</blockquote>\n</blockquote>',
      ),
    ).toBe(true)
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <ul>\n  <li>c</li>\n  </ul>\n</blockquote>',
        '<blockquote>\n<ul>\n<li>c</li>\n</ul>\n</blockquote>',
      ),
    ).toBe(true)
    // decklab's own spelling is left as it is: a record's hash of it holds.
    const decklab = '<blockquote>\n<p>a</p>\n</blockquote>\n<pre><code>b\n  c\n</code></pre>'
    expect(withoutBlockIndents(decklab)).toBe(decklab)
  })

  it("takes showdown's indent of a quote's later lines, and of a quoted table, for decklab's", () => {
    // showdown 2.1 for `> a` / `> b`, a nested quote's, a quoted list item's, and decklab's.
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <p>a<br />\n  b</p>\n</blockquote>',
        '<blockquote>\n<p>a<br>\nb</p>\n</blockquote>',
      ),
    ).toBe(true)
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <blockquote>\n    <p><strong>b</strong><br />\n    <em>c</em><br />\n\t d</p>\n  </blockquote>\n</blockquote>',
        '<blockquote>\n<blockquote>\n<p><strong>b</strong><br>\n<em>c</em><br>\nd</p>\n</blockquote>\n</blockquote>',
      ),
    ).toBe(true)
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <ol>\n  <li>a<br />\n  b</li>\n  </ol>\n</blockquote>',
        '<blockquote>\n<ol>\n<li>a<br>\nb</li>\n</ol>\n</blockquote>',
      ),
    ).toBe(true)
    // `> | a |` / `> |---|` / `> | 1 |`
    expect(
      equivalentFieldHtml(
        '<blockquote>\n  <table>\n  <thead>\n  <tr>\n  <th>a</th>\n  </tr>\n  </thead>\n  <tbody>\n  <tr>\n  <td>1</td>\n  </tr>\n  </tbody>\n  </table>\n</blockquote>',
        '<blockquote>\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n</blockquote>',
      ),
    ).toBe(true)
    const decklab = '<blockquote>\n<p>a<br>\nb</p>\n</blockquote>'
    expect(withoutBlockIndents(decklab)).toBe(decklab)
  })

  it('keeps whitespace that shows: in `<pre>`, in text, beside inline tags, where a style may keep it', () => {
    expect(equivalentFieldHtml('<pre>\n  <p>a</p></pre>', '<pre>\n<p>a</p></pre>')).toBe(false)
    expect(
      equivalentFieldHtml(
        '<pre><code>x</code>\n  <div>a</div>\n</pre>',
        '<pre><code>x</code>\n<div>a</div>\n</pre>',
      ),
    ).toBe(false)
    // After a `</pre>` the rule holds again; an unclosed `<pre>` keeps the rest.
    expect(withoutBlockIndents('<pre><p>x</p>\n  <p>y</p></pre>\n<div>\n  <p>z</p></div>')).toBe(
      '<pre><p>x</p>\n  <p>y</p></pre>\n<div>\n<p>z</p></div>',
    )
    expect(withoutBlockIndents('<PRE class="a"><div>\n  <p>z</p></div>')).toBe(
      '<PRE class="a"><div>\n  <p>z</p></div>',
    )
    expect(equivalentFieldHtml('<p>a</p>\n  b', '<p>a</p>\nb')).toBe(false)
    // After a `<br>` only the newline's spaces: not a line's spaces without a newline, nor in `<pre>`.
    expect(equivalentFieldHtml('<p>a<br />  b</p>', '<p>a<br>b</p>')).toBe(false)
    expect(equivalentFieldHtml('<pre>a<br />\n  b</pre>', '<pre>a<br>\nb</pre>')).toBe(false)
    expect(equivalentFieldHtml('<p>a<brx>\n  b</p>', '<p>a<brx>\nb</p>')).toBe(false)
    expect(
      equivalentFieldHtml(
        '<p style="white-space: pre-wrap">a<br>\n  b</p>',
        '<p style="white-space: pre-wrap">a<br>\nb</p>',
      ),
    ).toBe(false)
    expect(equivalentFieldHtml('<p>a</p>\n  <span>b</span>', '<p>a</p>\n<span>b</span>')).toBe(
      false,
    )
    expect(equivalentFieldHtml('<pa>\n  <p>', '<pa>\n<p>')).toBe(false)
    expect(
      equivalentFieldHtml(
        '<div style="white-space: pre">\n  <p>a</p></div>',
        '<div style="white-space: pre">\n<p>a</p></div>',
      ),
    ).toBe(false)
    expect(
      equivalentFieldHtml('<textarea><p>\n  <p></textarea>', '<textarea><p>\n<p></textarea>'),
    ).toBe(false)
  })

  it("still reads an older record, which hashed a raw `&` of decklab's own HTML as it stood", () => {
    // decklab keeps a note's raw HTML as written; a record before 2026-12-07 hashed it as spelled.
    const link = { Front: '<a href="?a=1&b=2">x</a>' }
    expect(syncedFieldsHash(link)).not.toBe(fieldsHash(link))
    expect(sameAsSynced(link, fieldsHash(link))).toBe(true)
    expect(sameAsSynced({ ...link, Back: 'c' }, fieldsHash(link))).toBe(false)
  })

  it('still reads a record of the one spelling before tables and line breaks were in it', () => {
    // decklab's own HTML: its quotes as `&quot;`, an indented raw table, a line after a `<br>`
    // indented. The record hashed it with the quotes as characters and those indents kept.
    const fields = {
      Front: '<p>say &quot;hi&quot;</p>\n<table>\n  <tr><td>a</td></tr>\n</table>',
      Back: 'x<br>\n  y &amp; z',
    }
    const recorded = fieldsHash({
      Front: '<p>say "hi"</p>\n<table>\n  <tr><td>a</td></tr>\n</table>',
      Back: 'x<br>\n  y &amp; z',
    })
    expect(syncedFieldsHash(fields)).not.toBe(recorded)
    expect(sameAsSynced(fields, recorded)).toBe(true)
    expect(sameAsSynced({ ...fields, Back: 'x<br>\n  w &amp; z' }, recorded)).toBe(false)
  })

  it('takes the spaces the plugin left for a `#tag` as equal beside the templates only, and hashes without them', () => {
    // "Add Obsidian Tags": `What is ATP? #bio` stored as `What is ATP? `; `Energy #cell` before a line break.
    const plugin = { Front: 'What is ATP? ', Back: 'Energy <br />\nof the cell' }
    const decklab = { Front: 'What is ATP?', Back: 'Energy<br>\nof the cell' }
    expect(equivalentFieldHtml(plugin.Front, decklab.Front)).toBe(false)
    expect(equivalentFieldHtml(plugin.Back, decklab.Back)).toBe(false)
    expect(equivalentBesideTagSpaces(plugin.Front, decklab.Front)).toBe(true)
    expect(equivalentBesideTagSpaces(plugin.Back, decklab.Back)).toBe(true)
    expect(syncedFieldsHash(plugin)).toBe(syncedFieldsHash(decklab))
    expect(sameAsSynced(plugin, syncedFieldsHash(decklab))).toBe(true)
    // A space inside the text, a `&nbsp;`, or where whitespace may show, is no tag's.
    expect(equivalentBesideTagSpaces('a  b', 'a b')).toBe(false)
    expect(equivalentBesideTagSpaces('a&nbsp;', 'a')).toBe(false)
    expect(withoutTagSpaces('<pre>a <br>b</pre> ')).toBe('<pre>a <br>b</pre> ')
    expect(withoutTagSpaces('<span style="white-space: pre">a </span> ')).toBe(
      '<span style="white-space: pre">a </span> ',
    )
  })

  it('still reads a record of the one spelling before the spaces a `#tag` left were out of it', () => {
    // decklab's own HTML with a space before a line break (a raw `<br>` in the Markdown).
    const fields = { Front: 'one <br>two', Back: 'say &quot;hi&quot;' }
    const recorded = fieldsHash({ Front: 'one <br>two', Back: 'say "hi"' })
    expect(syncedFieldsHash(fields)).not.toBe(recorded)
    expect(sameAsSynced(fields, recorded)).toBe(true)
    expect(sameAsSynced({ ...fields, Front: 'two <br>one' }, recorded)).toBe(false)
  })

  it('reads a long run of spaces once for the spaces of a `#tag`', () => {
    const spaces = `a${' '.repeat(300_000)}b`
    expect(withoutTagSpaces(` ${spaces}`)).toBe(spaces)
    expect(withoutTagSpaces(`${spaces}${' '.repeat(300_000)}<br>`)).toBe(`${spaces}<br>`)
  })

  it('reads a long run once: 300,000 spaces after a tag, and 100,000 tags and line breaks', () => {
    const spaces = `<p>\n${' '.repeat(300_000)}x`
    expect(withoutBlockIndents(spaces)).toBe(spaces)
    const unclosed = `<p${' '.repeat(300_000)}\n  <p>`
    expect(withoutBlockIndents(unclosed)).toBe(unclosed)
    const openBreak = `<br${' '.repeat(300_000)}\n  x`
    expect(withoutBlockIndents(openBreak)).toBe(openBreak)
    expect(withoutBlockIndents(`${'<br>\n '.repeat(100_000)}x`)).toBe(
      `${'<br>\n'.repeat(100_000)}x`,
    )
    expect(withoutBlockIndents(`${'<p>\n '.repeat(100_000)}<p>`)).toBe(
      `${'<p>\n'.repeat(100_000)}<p>`,
    )
    const pres = '<pre>\n <p>'.repeat(100_000)
    expect(withoutBlockIndents(pres)).toBe(pres)
  })
})

describe('withAmpersandReferences', () => {
  it("takes showdown's raw `&` in a link's href and an autolink's text for decklab's `&amp;`", () => {
    // showdown 2.1 for `[a](http://x.org/?a=1&b=2) and http://x.org/?a=1&b=2`, and decklab's.
    expect(
      equivalentFieldHtml(
        '<a href="http://x.org/?a=1&b=2">a</a> and <a href="http://x.org/?a=1&b=2">http://x.org/?a=1&b=2</a>',
        '<a href="http://x.org/?a=1&amp;b=2">a</a> and <a href="http://x.org/?a=1&amp;b=2">http://x.org/?a=1&amp;b=2</a>',
      ),
    ).toBe(true)
    expect(equivalentFieldHtml('a & b, a&&b, a&', 'a &amp; b, a&amp;&amp;b, a&amp;')).toBe(true)
    // decklab's own spelling is left as it is: a record's hash of it holds.
    const decklab = '<a href="http://x.org/?a=1&amp;b=2">x &amp; y &lt;</a>'
    expect(withAmpersandReferences(decklab)).toBe(decklab)
  })

  it('keeps every `&` that could start a character reference, or stands where none is read', () => {
    // A legacy name decodes without `;` in text (`&copy` is ©); in an attribute before `=` it
    // would not, but only a certain equality is taken.
    expect(equivalentFieldHtml('a &copy b', 'a &amp;copy b')).toBe(false)
    expect(equivalentFieldHtml('a&lt3', 'a&amp;lt3')).toBe(false)
    expect(equivalentFieldHtml('<a href="?a&copy=2">x</a>', '<a href="?a&amp;copy=2">x</a>')).toBe(
      false,
    )
    expect(
      equivalentFieldHtml('<a href="?a&notes=2">x</a>', '<a href="?a&amp;notes=2">x</a>'),
    ).toBe(false)
    expect(equivalentFieldHtml('a&#38;b', 'a&amp;#38;b')).toBe(false)
    expect(equivalentFieldHtml('a&hearts;', 'a&amp;hearts;')).toBe(false)
    expect(equivalentFieldHtml('a&amp=1', 'a&amp;amp=1')).toBe(false)
    // Another attribute, a tag's name, and text a browser does not decode: as they are.
    expect(equivalentFieldHtml('<a title="&b">x</a>', '<a title="&amp;b">x</a>')).toBe(false)
    expect(equivalentFieldHtml('<style>a&b{}</style>', '<style>a&amp;b{}</style>')).toBe(false)
    expect(equivalentFieldHtml('<script>a&&b</script>', '<script>a&amp;&amp;b</script>')).toBe(
      false,
    )
    expect(equivalentFieldHtml('a&b=1', 'a&amp;c=1')).toBe(false)
  })

  it('reads long runs once: 300,000 letters after an `&`, and 150,000 `&`s', () => {
    const letters = `&${'a'.repeat(300_000)};`
    expect(withAmpersandReferences(letters)).toBe(letters)
    expect(withAmpersandReferences(`<a href="${'&x'.repeat(150_000)}">`)).toBe(
      `<a href="${'&amp;x'.repeat(150_000)}">`,
    )
    expect(withAmpersandReferences(`<a href="${'&'.repeat(300_000)}`)).toBe(
      `<a href="${'&amp;'.repeat(300_000)}`,
    )
  })
})

describe('withAngleReferences', () => {
  it("takes showdown's raw `<` and `>` of text for decklab's `&lt;` and `&gt;`", () => {
    // showdown 2.1 for `a < b, c > d` and `x <= 6, y >= 2` (it took them for a tag), and decklab's.
    expect(equivalentFieldHtml('a < b, c > d', 'a &lt; b, c &gt; d')).toBe(true)
    expect(
      equivalentFieldHtml(
        '<p>x <= 6, y >= 2</p>\n<p>i <3</p>',
        '<p>x &lt;= 6, y &gt;= 2</p>\n<p>i &lt;3</p>',
      ),
    ).toBe(true)
    expect(withAngleReferences('<a href="x">a -> b <</a>')).toBe('<a href="x">a -&gt; b &lt;</a>')
    // decklab's own spelling is left as it is.
    const decklab = '<p>a &lt; b <em>c</em> &gt; d</p>'
    expect(withAngleReferences(decklab)).toBe(decklab)
  })

  it('keeps a `<` that starts a tag, and fields where a `<` or `>` is no text', () => {
    // `i<n; i++ > done` is a tag `<n;` to a browser: it shows `for i done`.
    expect(equivalentFieldHtml('for i<n; i++ > done', 'for i&lt;n; i++ &gt; done')).toBe(false)
    expect(equivalentFieldHtml('a </ b', 'a &lt;/ b')).toBe(false)
    expect(equivalentFieldHtml('a <!x> b', 'a &lt;!x&gt; b')).toBe(false)
    expect(equivalentFieldHtml('<!-- a > b --> c', '<!-- a &gt; b --> c')).toBe(false)
    expect(equivalentFieldHtml('<style>a > b {}</style>', '<style>a &gt; b {}</style>')).toBe(false)
    expect(equivalentFieldHtml('a < b', 'a &gt; b')).toBe(false)
  })

  it('reads long runs once: an unclosed tag of 300,000 spaces, and 150,000 `<`s', () => {
    const unclosed = `<a${' '.repeat(300_000)}`
    expect(withAngleReferences(unclosed)).toBe(unclosed)
    expect(withAngleReferences('< >'.repeat(100_000))).toBe('&lt; &gt;'.repeat(100_000))
    const opens = '<a'.repeat(150_000)
    expect(withAngleReferences(opens)).toBe(opens)
  })
})
