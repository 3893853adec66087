// Raw HTML, entities and comments in a field: the screen shows them as the
// card in Anki does, and plainText (a typed card's expected answer) is the
// text Anki compares with: tags stripped, entities decoded, no decoration.
import { describe, expect, it } from 'vitest'
import { plainText, renderTerminal } from '../../src/terminal/markdown.js'

const plain = (markdown: string) => renderTerminal(markdown, { color: false })
const markers = (markdown: string) => renderTerminal(markdown, { color: false, markers: true })
const colored = (markdown: string) => renderTerminal(markdown, { color: true })

describe('plainText: the text a typed answer is compared with', () => {
  it.each([
    ['it&#39;s', "it's"],
    ['it&#x27;s', "it's"],
    ['&quot;unix&quot;', '"unix"'],
    ['&copy; 2024 &mdash; &rarr;', '© 2024 — →'],
    ['a&nbsp;b', 'a b'],
    ['&amp;lt;b&amp;gt;', '&lt;b&gt;'],
    ['&lt;b&gt;', '<b>'],
    ['- EPIPE', 'EPIPE'],
    ['* EPIPE', 'EPIPE'],
    ['- [x] EPIPE', 'EPIPE'],
    ['> EPIPE', 'EPIPE'],
    ['1. EPIPE', 'EPIPE'],
    ['## EPIPE', 'EPIPE'],
    ['- EPIPE\n- EAGAIN', 'EPIPE EAGAIN'],
    ['EPIPE  <!-- comment -->', 'EPIPE'],
    ['EPIPE <!--\na comment\nover lines\n-->', 'EPIPE'],
    ['EPIPE %%see write(2)%%', 'EPIPE'],
    ['EPIPE\n%%\nan Obsidian comment\n%%', 'EPIPE'],
    ['H<sub>2</sub>O', 'H2O'],
    ['x<sup>2</sup>', 'x2'],
    ['<code>SOCK_STREAM</code>', 'SOCK_STREAM'],
    ['<b>bold</b> and <em>em</em>', 'bold and em'],
    ['<div>a</div><div>b</div>', 'a b'],
    ['a<br>b', 'a b'],
    ['<img src="x.png" alt="pic">EPIPE', 'EPIPE'],
    ['![[x.png]] EPIPE', 'EPIPE'],
    ['EPIPE [sound:x.mp3]', 'EPIPE'],
    ['<script>x()</script>EPIPE', 'EPIPE'],
    ['<a href="https://x.org" title="a>b">EPIPE</a>', 'EPIPE'],
  ])('%j → %j', (markdown, text) => {
    expect(plainText(markdown)).toBe(text)
  })

  it('keeps what is not HTML: a bare `<`, an unknown entity, an escaped `&`, code spans', () => {
    expect(plainText('x < y > z')).toBe('x < y > z')
    expect(plainText('0<n && n>9 and if (a<b && c>d)')).toBe('0<n && n>9 and if (a<b && c>d)')
    expect(plainText('&nosuchentity; &nota; &copy')).toBe('&nosuchentity; &nota; &copy')
    expect(plainText('\\&amp;')).toBe('&amp;')
    expect(plainText('\\<b>x')).toBe('<b>x')
    expect(plainText('`&amp; <!-- x -->`')).toBe('&amp; <!-- x -->')
  })
})

describe('the screen: bidi overrides are shown, never sent', () => {
  it('escapes a right-to-left override, raw or written as a reference', () => {
    expect(plain('a\u202eb\u2066c')).toBe('a\\u202eb\\u2066c')
    expect(plain('a&#x202E;b')).toBe('a\\u202eb')
  })
})

describe('the screen: inline HTML the card keeps, as text', () => {
  it('shows sub- and superscripts, code, entities, and no comment', () => {
    expect(plain('H<sub>2</sub>O, x<sup>2</sup>, 1<sup>st</sup>')).toBe('H₂O, x², 1st')
    expect(plain('<code>ls -l</code> &copy; 2024<!-- hidden -->')).toBe('ls -l © 2024')
    expect(markers('<code>ls</code> <b>b</b> <i>i</i> <del>d</del> <mark>m</mark>')).toBe(
      '`ls` **b** *i* ~~d~~ ==m==',
    )
    expect(plain('<q>quoted</q> <img src="a.png" alt="a socket">')).toBe('“quoted” [a socket]')
  })

  // `<ruby>108<rt>x</rt></ruby>` showed 108x: the gloss ran into its base.
  it("shows a ruby gloss after its base in parentheses; a typed answer keeps Anki's text", () => {
    expect(plain('<ruby>108<rt>x</rt></ruby> bytes')).toBe('108(x) bytes')
    expect(plain('<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>')).toBe('漢(kan)')
    expect(plain('<ruby>漢<rt>kan<rt>ji</ruby>字')).toBe('漢(kan)(ji)字')
    expect(plainText('<ruby>108<rt>x</rt></ruby>')).toBe('108x')
    expect(plainText('<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>')).toBe('漢(kan)')
  })

  it('styles the tags with colour on', () => {
    expect(colored('<b>b</b> <code>c</code> <del>d</del>')).toBe(
      '\u001b[1mb\u001b[22m \u001b[36mc\u001b[39m \u001b[9md\u001b[29m',
    )
  })

  it('breaks lines at block tags and keeps list decorations on screen', () => {
    expect(plain('<div>a</div><div>b</div>')).toBe('a\nb')
    expect(plain('<ul><li>a</li><li>b</li></ul>')).toBe('• a\n• b')
    expect(plain('- EPIPE\n> EPIPE\n1. EPIPE')).toBe('  • EPIPE\n│ EPIPE\n  1. EPIPE')
  })

  it('keeps comments inside code, and hides multi-line ones', () => {
    expect(plain('```\n<!-- kept -->\n```')).toBe('    <!-- kept -->')
    expect(plain('a <!--\nhidden\n--> b')).toBe('a  b')
  })

  it('never sends a control character spelled as an entity', () => {
    for (const text of [plain('&#27;[2J &#x9b;x'), colored('&#27;[2J &#x9b;x')]) {
      expect(text.replace(/\u001b\[[\d;]*m/g, '')).not.toMatch(
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/,
      )
    }
    // Private-use characters are text (the renderer marks nothing in-band): no style is forged.
    expect(colored('&#xE004;1&#xE005;x')).toBe('\uE0041\uE005x')
    expect(plain('a&#13;b&NewLine;c&Tab;d')).toBe('a b c d')
  })
})
