/**
 * The judge reads a card's answer side as the package renders it (the HTML
 * of `src/render`, as text), not through a Markdown reader of its own: each
 * card below shows the right answer, and a reader that dropped only
 * `` ` ``, `$`, `*` and `==` read it wrongly and refuted it.
 */
import { describe, expect, it } from 'vitest'
import { judgeNote, renderFields } from '../../src/commands/verify/judge-rendered.js'
import type { LabResult, ObservedValue } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { readNote, shownText } from '../../src/verify/answer-side.js'
import { unreadColour } from '../../src/verify/hidden-text.js'
import {
  firstLinePushed,
  insideTheClip,
  offTheLine,
  onTheLine,
  pastTheClip,
  sheetColoured,
  smallCapitals,
} from '../support/line-payloads.js'

function note(noteType: string, fields: Record<string, string>): Note {
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType,
    fields,
    tags: [],
    deck: 'Default',
    labs: [{ lab: 'l', check: 'c', line: 10, column: 6 }],
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: 3,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

/** The lab `l` whose check `c` passed and published `values`. */
function published(...values: ObservedValue[]): Map<string, LabResult> {
  const check = { name: 'c', status: 'pass' as const, expected: 'e', observed: 'o', values }
  return new Map([
    ['l', { lab: 'l', title: 'l', status: 'pass', checks: [check], durationMs: 1, transcript: [] }],
  ])
}

const basic = (back: string) => note('Basic', { Front: 'What happens?', Back: back })
const cloze = (text: string) => note('Cloze', { Text: text, 'Back Extra': '' })

describe('the answer side is the text the rendered card shows', () => {
  it('an escaped underscore is the underscore the card shows', () => {
    const trunc = published({ kind: 'name', value: 'MSG_TRUNC' })
    const verdict = judgeNote(basic('recv() returns 4 bytes and sets MSG\\_TRUNC.'), trunc)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  it('a character reference is the character it shows (`doesn&#39;t`)', () => {
    const blocks = published({ kind: 'bool', value: 'no', label: 'blocks' })
    const verdict = judgeNote(basic('send() doesn&#39;t block: it fails at once.'), blocks)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  it('a cloze inside a cloze is shown whole on the answer side, and is its own card', () => {
    const refused = published({ kind: 'errno', value: 'ECONNREFUSED' })
    const verdict = judgeNote(
      cloze('{{c1::A connect() to a path nothing listens on gets {{c2::ECONNREFUSED}}}}.'),
      refused,
    )
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  it('a `::` in code inside a cloze is code, not the start of a hint', () => {
    const refused = published({ kind: 'errno', value: 'ECONNREFUSED' })
    const verdict = judgeNote(
      cloze('{{c1::A TCP connect() to `[::1]:9` gets ECONNREFUSED}}.'),
      refused,
    )
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  it('a cloze hint is not shown on the answer side, math shows its formula, each card answers its deletions', () => {
    const shown = readNote(
      cloze('It gets {{c1::EAGAIN::which errno?}}, not {{c2::`ECONNREFUSED`}}; $2^{16}$ bytes.'),
      renderFields,
    )
    expect(shown.answer).toBe('It gets EAGAIN, not ECONNREFUSED; 2^{16} bytes.')
    expect(shown.cards).toEqual([
      { card: 'c1', text: 'EAGAIN' },
      { card: 'c2', text: 'ECONNREFUSED' },
    ])
  })
})

describe('the cards the judge reads', () => {
  // It took them from the Markdown: a deletion in code was a card `c1` with no answer, and a
  // reversed card whose Back is only a comment a `card 2 (Front)` the package does not have.
  it('are the cards of the rendered fields, as the package has them', () => {
    const shown = readNote(cloze('`{{c1::in code}}` and {{c2::EPIPE}}'), renderFields)
    expect(shown.cards).toEqual([{ card: 'c2', text: 'EPIPE' }])
    const reversed = note('Basic (and reversed card)', { Front: 'Q?', Back: '<!-- none -->' })
    expect(readNote(reversed, renderFields).cards).toEqual([{ card: 'the Back', text: '' }])
    expect(judgeNote(reversed, published()).cards).toBe(1)
  })
})

describe("a Cloze card's own answer is its deletions as the card shows them", () => {
  // Each deletion was read from its own HTML, outside the element around it: c1's hidden
  // deletion stated ECONNREFUSED, and the Back Extra (or c2) made the note confirmed.
  it('a deletion inside hidden or struck-out text states nothing', () => {
    const refused = published({ kind: 'errno', value: 'ECONNREFUSED' })
    for (const [text, extra] of [
      ['fails with <span style="display:none">{{c1::ECONNREFUSED}}</span>.', 'It is ECONNREFUSED.'],
      [
        'fails with <span style="font-size:0">{{c1::ECONNREFUSED}}</span>. {{c2::ECONNREFUSED}}',
        '',
      ],
      ['fails with <s>{{c1::ECONNREFUSED}}</s> {{c2::ECONNREFUSED}}', ''],
    ] as const) {
      const shown = cloze(text)
      shown.fields['Back Extra'] = extra
      expect(readNote(shown, renderFields).cards[0], text).toEqual({ card: 'c1', text: '' })
      const verdict = judgeNote(shown, refused)
      expect(verdict.status, text).toBe('supported')
      expect(verdict.reason).toContain('c1: states none of the values the kernel showed')
    }
  })

  // Anki wraps a card's own deletion in <span class="cloze">, which decklab's stylesheet colours
  // blue: in white or transparent text the deletion still shows, and the card was refuted.
  it("a deletion in hidden-coloured text shows in the cloze's own colour", () => {
    const enoent = published({ kind: 'errno', value: 'ENOENT' })
    for (const colour of ['transparent', 'white', '#fff']) {
      const text = `connect() fails with <span style="color: ${colour}">{{c1::ENOENT}}</span>.`
      expect(readNote(cloze(text), renderFields).cards[0], text).toEqual({
        card: 'c1',
        text: 'ENOENT',
      })
      const verdict = judgeNote(cloze(text), enoent)
      expect(verdict.status, `${text}: ${verdict.reason}`).toBe('confirmed')
    }
    // Another card's deletion is plain text there: on c2's answer side, c1's stays white.
    const two = cloze('<span style="color: white">{{c1::ENOENT}}</span> {{c2::EPIPE}}')
    expect(readNote(two, renderFields).cards).toEqual([
      { card: 'c1', text: 'ENOENT' },
      { card: 'c2', text: 'EPIPE' },
    ])
    // A colour set inside the deletion, or a size, still hides it.
    const inside = cloze('fails with {{c1::<span style="color: white">ENOENT</span>}}.')
    expect(readNote(inside, renderFields).cards[0]?.text).toBe('')
    // The class shows a Basic card's text in that colour too, as Anki's stylesheet does.
    expect(shownText('<span style="color: white"><span class="cloze">ENOENT</span></span>')).toBe(
      'ENOENT',
    )
  })

  it('a shown deletion is its text, nested clozes and markup read as the card shows them', () => {
    const read = (text: string) => readNote(cloze(text), renderFields).cards
    expect(read('It gives {{c1::**ECONNREFUSED**}}, then {{c2::ENOENT}}.')).toEqual([
      { card: 'c1', text: 'ECONNREFUSED' },
      { card: 'c2', text: 'ENOENT' },
    ])
    expect(read('{{c1::a {{c2::b}} <s>x</s> c}} and {{c1::d}}')).toEqual([
      { card: 'c1', text: 'a b c\nd' },
      { card: 'c2', text: 'b' },
    ])
    // A deletion that opens inside a hidden element and closes outside it shows nothing sure.
    expect(read('<span style="display:none">{{c1::x</span> EPIPE}}')[0]?.text).toBe('')
  })
})

describe('shownText', () => {
  it('reads a ruby gloss, a superscript and a subscript apart from the text they stand by', () => {
    expect(shownText('<ruby>108<rt>x</rt></ruby>')).toBe('108 (x)')
    // An `<rt>` may end where its ruby does; each gloss is read after its own base.
    expect(shownText('<ruby>漢<rt>kan<rt>ji</ruby>字')).toBe('漢 (kan) (ji)字')
    expect(shownText('2<sup>16</sup> bytes')).toBe('2^16 bytes')
    expect(shownText('2<sup><b>16</b></sup>')).toBe('2^16')
    expect(shownText('SO<sub>2</sub>')).toBe('SO₂')
    expect(shownText('108<sub>10</sub> bytes')).toBe('108₁₀ bytes')
    expect(shownText('x<sub>i</sub>, x<sub><b>1</b></sub>')).toBe('x_i, x_1')
    // A gloss that shows nothing is read as nothing, with no marks.
    expect(shownText('108<sup style="display:none">1</sup>')).toBe('108')
    expect(shownText('108<sup style="color: transparent">1</sup>')).toBe('108')
    expect(shownText('108<sup></sup>')).toBe('108')
  })

  it('breaks lines where the card does, decodes references, keeps code and drops math delimiters', () => {
    expect(shownText('<ul>\n<li>EAGAIN</li>\n<li>not <code>ENOENT</code></li>\n</ul>')).toBe(
      'EAGAIN\nnot ENOENT',
    )
    expect(shownText('a<br>\nb &amp;lt; c &#58; &mdash; d')).toBe('a\nb &lt; c : — d')
    expect(shownText('\\(x &lt; 2\\) and <code>\\(y\\)</code>')).toBe('x < 2 and \\(y\\)')
    expect(shownText('EPIPE <!-- a > b --> [sound:x.mp3]')).toBe('EPIPE')
  })

  it('breaks the line around a summary, a table cell and other boxes raw HTML may hold', () => {
    expect(shownText('<details><summary>Answer</summary>ECONNREFUSED</details>')).toBe(
      'Answer\nECONNREFUSED',
    )
    expect(shownText('<table><tr><td>file</td><th>ENOENT</th></tr></table>')).toBe('file\nENOENT')
    expect(shownText('<figure>x<figcaption>EPIPE</figcaption></figure>')).toBe('x\nEPIPE')
    expect(shownText('It fails:<div title="a&gt;b">EPIPE</div>')).toBe('It fails:\nEPIPE')
  })

  // Decided: a closed <details> on the answer side is shown; the learner opens it with a click, as
  // an author hides an answer behind a spoiler. What hides inside it still hides.
  it('reads the body of a closed <details> as shown, and what a style hides in it as hidden', () => {
    expect(shownText('<details><summary>Reveal</summary><p>EPIPE</p></details>')).toBe(
      'Reveal\nEPIPE',
    )
    expect(
      shownText(
        '<details><summary>Reveal</summary><span style="display:none">EPIPE</span></details>',
      ),
    ).toBe('Reveal')
  })

  // decklab's stylesheet draws `<mark>` on #fff3a3 and keeps its text's colour: yellow text in it,
  // or transparent text around it, shows nothing on the day-mode card.
  it("reads a <mark> on decklab's yellow, in its text's own colour", () => {
    expect(shownText('<mark style="color: yellow">ECONNREFUSED</mark> ok')).toBe('ok')
    expect(shownText('<mark><font color="#ffff01">ECONNREFUSED</font></mark> ok')).toBe('ok')
    expect(shownText('<span style="color: transparent"><mark>EPIPE</mark></span> ok')).toBe('ok')
    expect(shownText('<span style="color: yellow"><mark>EPIPE</mark></span> ok')).toBe('ok')
    expect(shownText('<mark>EPIPE</mark>')).toBe('EPIPE')
    expect(shownText('<span style="color: red"><mark>EPIPE</mark></span>')).toBe('EPIPE')
    expect(shownText('<mark style="background: black; color: yellow">EPIPE</mark>')).toBe('EPIPE')
  })

  // A left border pushes the text right as a padding does: 5000 px of it put the answer off screen.
  it('counts a drawn left border in how far right the text starts', () => {
    for (const style of [
      'border-left: 5000px solid white',
      'border: 4000px solid',
      'border-style: solid; border-width: 0 0 0 5000px',
      'border-left-style: dashed; border-left-width: 4000px',
      'padding-left: 2000px; border-left: 2000px double',
    ]) {
      expect(shownText(`<div style="${style}">ECONNREFUSED</div>ok`), style).toBe('ok')
    }
    // A width without a line style draws no border; a thick one is 5 px.
    expect(shownText('<div style="border-left-width: 5000px">EPIPE</div>')).toBe('EPIPE')
    expect(shownText('<div style="border-left: 5000px none">EPIPE</div>')).toBe('EPIPE')
    expect(shownText('<div style="border: thick solid red">EPIPE</div>')).toBe('EPIPE')
  })

  // Right-aligned in a box 9000 px wide, the answer was drawn off screen and read as shown.
  it('puts text aligned right or centred in a box wider than a screen where the card draws it', () => {
    for (const html of [
      '<div style="width: 9000px; text-align: right">ECONNREFUSED</div>',
      '<div style="min-width: 9000px; text-align: center">ECONNREFUSED</div>',
      '<div align="right" style="width: 5000px"><p><b>ECONNREFUSED</b></p></div>',
      '<div style="width: 9000px"><center>ECONNREFUSED</center></div>',
      '<div style="width: 9000px; text-align: right"><span style="display: inline-block">ECONNREFUSED</span></div>',
    ]) {
      expect(shownText(`${html}ok`), html).toBe('ok')
    }
    // Aligned left, in a narrower box, capped by max-width, in a cell, or on a long line: on screen.
    for (const html of [
      '<div style="width: 9000px">EPIPE</div>',
      '<div style="width: 3000px; text-align: right">EPIPE</div>',
      '<div style="width: 9000px; max-width: 500px; text-align: right">EPIPE</div>',
      '<table style="width: 9000px"><tr><td style="text-align: right">EPIPE</td></tr></table>',
      `<div style="width: 5000px; text-align: right">${'a long line '.repeat(40)}EPIPE</div>`,
    ]) {
      expect(shownText(html), html).toContain('EPIPE')
    }
  })

  // `$\phantom{108}$` takes the room of 108 and draws none of it: it was read as stating 108.
  it('leaves out what a formula draws as nothing: phantoms and a transparent colour', () => {
    expect(shownText('\\(\\phantom{ECONNREFUSED}\\) ok')).toBe('ok')
    expect(shownText('\\(x \\hphantom{108} + \\vphantom{\\frac{1}{2}} y\\)')).toBe('x + y')
    expect(shownText('\\[\\textcolor{transparent}{108} 2^{7}\\]')).toBe('2^{7}')
    expect(shownText('\\({a \\color{transparent} 108} b\\)')).toBe('{a } b')
    expect(shownText('\\(\\color{transparent} 108\\) bytes')).toBe('bytes')
    // In code MathJax draws nothing: the text is as written.
    expect(shownText('<code>\\(\\phantom{x}\\)</code>')).toBe('\\(\\phantom{x}\\)')
    expect(shownText('\\(\\color{red}{108}\\)')).toBe('\\color{red}{108}')
  })

  // `$\color{white}{ENOENT}$` draws white on the day-mode card's white: it was read as shown.
  it('leaves out what a formula draws in the colour of the paper behind it', () => {
    for (const hidden of [
      '\\(\\color{white}{\\text{ENOENT}}\\)',
      '\\(\\textcolor{White}{\\text{ENOENT}}\\)',
      '\\(\\colorbox{black}{\\color{black} \\text{ENOENT}}\\)',
      '\\(\\colorbox{yellow}{\\textcolor{#ffff00}{\\text{ENOENT}}}\\)',
      '\\(\\style{color: white}{\\text{ENOENT}}\\)',
      '\\(\\style{display: none}{\\text{ENOENT}}\\)',
      '\\(\\style{font-size: 0}{\\text{ENOENT}}\\)',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).not.toContain('ENOENT')
    }
    for (const shown of [
      '\\(\\colorbox{black}{\\color{white}{\\text{ENOENT}}}\\)',
      '\\(\\colorbox{white}{\\text{ENOENT}}\\)',
      '\\(\\textcolor{red}{\\text{ENOENT}}\\)',
      '\\(\\style{color: red}{\\text{ENOENT}}\\)',
      '\\(\\class{cloze}{\\text{ENOENT}}\\)',
    ]) {
      expect(shownText(shown), shown).toContain('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '$\\colorbox{white}{\\color{white} \\text{ENOENT}}$ Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // A formula's colour is judged on the paper it stands on: white math in a black box shows,
  // and was read as white on the card's white.
  it("judges a formula's colour on the background of the box it stands in", () => {
    expect(
      shownText('<div style="background: black">\\(\\color{white}{\\text{ENOENT}}\\)</div>'),
    ).toContain('ENOENT')
    expect(
      shownText('<div style="background: black">\\(\\color{black}{\\text{ENOENT}}\\)</div> ok'),
    ).not.toContain('ENOENT')
    expect(shownText('\\(\\color{white}{\\text{ENOENT}}\\) ok')).not.toContain('ENOENT')
    // In code there is no formula: the TeX shows as written.
    expect(shownText('<code>\\(\\color{white}{x}\\)</code>')).toBe('\\(\\color{white}{x}\\)')
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<div style="background: black">\\(\\color{white}{\\text{ENOENT}}\\)</div>'
    const verdict = judgeNote(basic(back), refused)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  // A formula's own colour shows it where the text's colour does not: white math in a box as
  // dark as the card's text was cut with that text, and the card was refuted.
  it("shows a formula's own colour where its text's colour does not show", () => {
    const dark = (inner: string) => `<div style="background: #222">${inner}</div>`
    expect(shownText(dark('\\(\\color{white}{\\text{ENOENT}}\\)'))).toContain('ENOENT')
    expect(shownText(dark('fails with \\(\\textcolor{white}{\\text{ENOENT}}\\) ok'))).toBe(
      '\\textcolor{white}{\\text{ENOENT}}',
    )
    // What the formula draws in the text's own colour stays hidden, as the text around it.
    for (const hidden of [
      dark('\\(\\text{ENOENT}\\)'),
      dark('\\(\\text{ENOENT} \\color{white}{x}\\)'),
      '<span style="color: transparent">\\(\\text{ENOENT}\\)</span>',
      '<span style="visibility: hidden">\\(\\color{red}{\\text{ENOENT}}\\)</span>',
      dark('\\(\\color{#222}{\\text{ENOENT}}\\)'),
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).not.toContain('ENOENT')
    }
    expect(shownText(dark('\\(\\text{ENOENT} \\color{white}{x}\\)'))).toBe('\\color{white}{x}')
    expect(
      shownText('<span style="color: transparent">\\(\\color{red}{\\text{ENOENT}}\\)</span>'),
    ).toContain('ENOENT')
    // A `\colorbox` as dark as the card's text hides the text drawn in it: it was read as shown.
    expect(shownText('\\(\\colorbox{#222}{ENOENT}\\) Ask your teacher.')).not.toContain('ENOENT')
    expect(shownText('\\(\\colorbox{#222}{\\color{white}{ENOENT}}\\)')).toContain('ENOENT')
    const eaddrinuse = published({ kind: 'errno', value: 'EADDRINUSE' })
    const back = dark('bind() fails with \\(\\color{white}{\\text{EADDRINUSE}}\\).')
    const verdict = judgeNote(basic(back), eaddrinuse)
    expect(verdict.status, verdict.reason).toBe('confirmed')
    const boxed = 'bind() fails with $\\colorbox{#222}{EADDRINUSE}$. Ask your teacher.'
    expect(judgeNote(basic(boxed), eaddrinuse).status).toBe('refuted')
  })

  // MathJax does not break a formula's line: `$\hspace{9000px}\text{ENOENT}$` drew the answer off
  // screen, and `\enclose{horizontalstrike}` crosses it out as `<s>` does; both were read as shown.
  it('leaves out what a formula pushes off screen or crosses out', () => {
    for (const hidden of [
      '\\(\\hspace{9000px}\\text{ENOENT}\\)',
      '\\(\\kern 5000pt \\text{ENOENT}\\)',
      '\\(\\hspace{100em} x \\hspace{100em} \\text{ENOENT}\\)',
      '\\(\\enclose{horizontalstrike}{\\text{ENOENT}}\\)',
      '\\(\\enclose{circle,updiagonalstrike}[mathcolor="red"]{\\text{ENOENT}}\\)',
      '\\(\\cancel{\\text{ENOENT}}\\)',
      '\\(\\xcancel{\\text{ENOENT}}\\)',
      '\\(\\cancelto{0}{\\text{ENOENT}}\\)',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).not.toContain('ENOENT')
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toContain('Ask your teacher.')
    }
    for (const shown of [
      '\\(\\hspace{2em}\\text{ENOENT}\\)',
      '\\[\\begin{aligned} x \\hspace{9000px} y \\\\ \\text{ENOENT} \\end{aligned}\\]',
      '\\(\\enclose{circle}{\\text{ENOENT}}\\)',
      '\\(\\text{ENOENT} \\hspace{9000px} x\\)',
    ]) {
      expect(shownText(shown), shown).toContain('ENOENT')
    }
    expect(shownText('\\(\\cancelto{108}{x}\\)')).toContain('108')
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '$\\hspace{9000px}\\text{ENOENT}$ Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  it('leaves out what a style hides, which the card never shows', () => {
    expect(shownText('<span style="display:none">ECONNREFUSED</span> Ask your teacher.')).toBe(
      'Ask your teacher.',
    )
    expect(shownText('<div style="color: red; display: none;"><b>EPIPE</b></div>ENOENT')).toBe(
      'ENOENT',
    )
    expect(shownText('<span style="display: inline">EPIPE</span>')).toBe('EPIPE')
  })

  it('leaves out a hidden element whole, however elements of its own name nest in it', () => {
    expect(
      shownText('<span style="display:none"><span>x</span>ECONNREFUSED</span> Ask your teacher.'),
    ).toBe('Ask your teacher.')
    expect(shownText('<div style="display:none"><div><div>a</div></div>EPIPE</div>ENOENT')).toBe(
      'ENOENT',
    )
    // No box: what is either side of it meets, as on the card.
    expect(shownText('EPI<span style="display:none">x</span>PE')).toBe('EPIPE')
    expect(shownText('<s><s>x</s>EPIPE</s> ENOENT')).toBe('ENOENT')
    expect(shownText('<del>a <del>b</del> EPIPE</del><p>ENOENT</p>')).toBe('ENOENT')
    // Markup in an attribute or in code is no element.
    expect(
      shownText('<span title="&lt;s&gt;">EPIPE</span> <code>&lt;s&gt;x&lt;/s&gt;</code>'),
    ).toBe('EPIPE <s>x</s>')
  })

  it('a hidden element nesting its own tag hides the value from the judge too', () => {
    const refused = published({ kind: 'errno', value: 'ECONNREFUSED' })
    for (const back of [
      '<span style="display:none"><span>x</span>ECONNREFUSED</span> Ask your teacher.',
      '<s><s>x</s>ECONNREFUSED</s> Ask your teacher.',
    ]) {
      const verdict = judgeNote(basic(back), refused)
      // The card shows no errno, so it does not state the one the kernel gave.
      expect(verdict.status, back).toBe('refuted')
      expect(verdict.reason).toContain('card does not state ECONNREFUSED')
    }
  })

  it('leaves out text a style makes invisible, unless a descendant shows it again', () => {
    for (const style of [
      'font-size:0',
      'font-size: 0px',
      'font-size: 0.1em',
      'font: bold 0 serif',
      'color: transparent',
      'color: rgba(0, 0, 0, 0)',
      'color: #fff0',
      'color: hsl(0 0% 0% / 0%)',
      'visibility: hidden',
      'opacity: 0',
      'content-visibility: hidden',
      'text-decoration: line-through',
    ]) {
      expect(shownText(`<span style="${style}">ECONNREFUSED</span> Ask your teacher.`), style).toBe(
        'Ask your teacher.',
      )
    }
    expect(shownText('<div style="width: 0; overflow: hidden">EPIPE</div>ENOENT')).toBe('ENOENT')
    // Narrower than an em: of ECONNREFUSED the card shows an E at most.
    expect(
      shownText('<div style="max-width: 10px; overflow: hidden">ECONNREFUSED</div>ENOENT'),
    ).toBe('ENOENT')
    expect(shownText('<div style="width: 3em; overflow: hidden">108</div>')).toBe('108')
    // A ruby gloss is read after its base, apart, as a browser without ruby shows it.
    expect(shownText('<ruby>漢<rp>(ENOENT)</rp><rt>kan</rt></ruby>')).toBe('漢 (kan)')
    // Sizes scale as the browser's do: half of half of half of half of 20 px is unreadable.
    const halves = '<span style="font-size: 50%">'.repeat(4)
    expect(shownText(`${halves}EPIPE${'</span>'.repeat(4)} ok`)).toBe('ok')
    // What a descendant shows again, the card shows.
    expect(
      shownText('<span style="color:transparent"><b style="color: red">EPIPE</b> x</span>'),
    ).toBe('EPIPE')
    // `<font color>` shows it again too (HTML reads its value as an opaque colour), but `transparent`, which it ignores.
    expect(
      shownText('<span style="color:transparent"><font color="red">EPIPE</font> x</span>'),
    ).toBe('EPIPE')
    expect(
      shownText('<span style="color:transparent"><font color="transparent">EPIPE</font> ok</span>'),
    ).toBe('')
    expect(shownText('<span style="font-size:0"><b style="font-size: 16px">EPIPE</b> x</b>')).toBe(
      'EPIPE',
    )
    expect(
      shownText('<p style="visibility:hidden">x <b style="visibility:visible">EPIPE</b></p>'),
    ).toBe('EPIPE')
    // What it cannot: a line through, a clip.
    expect(shownText('<s><b style="text-decoration: none">EPIPE</b></s>ok')).toBe('ok')
    // Readable styles hide nothing.
    for (const style of ['font-size: 12px', 'color: red', 'opacity: 0.5', 'width: 0']) {
      expect(shownText(`<span style="${style}">EPIPE</span>`), style).toBe('EPIPE')
    }
    expect(shownText('<span style="width: 0; overflow: hidden">EPIPE</span>')).toBe('EPIPE')
  })

  it('a card whose value only invisible text states is not confirmed', () => {
    const refused = published({ kind: 'errno', value: 'ECONNREFUSED' })
    for (const style of ['font-size:0', 'color:transparent', 'font-size: 1px', 'color: #0000']) {
      const back = `<span style="${style}">ECONNREFUSED</span> Ask your teacher.`
      const verdict = judgeNote(basic(back), refused)
      expect(verdict.status, style).toBe('refuted')
      expect(verdict.reason).toContain('card does not state ECONNREFUSED')
    }
    const shown = judgeNote(basic('<span style="font-size: 14px">ECONNREFUSED</span>'), refused)
    expect(shown.status, shown.reason).toBe('confirmed')
  })

  // A teacher's trial deck: an errno pushed off the screen, or written in its background's
  // colour, was confirmed, though the card shows nobody the errno.
  it('leaves out text drawn off the right of the screen or in the colour of its background', () => {
    for (const hidden of [
      '<div style="text-indent: 10000px; overflow: hidden; white-space: nowrap">ENOENT</div>',
      '<span style="margin-left: 9000px; white-space: nowrap">ENOENT</span>',
      '<div style="padding: 0 0 0 3000px"><div style="margin-left: 1500px">ENOENT</div></div>',
      '<span style="color: white; background: white">ENOENT</span>',
      '<div style="background-color: #000"><span style="color: rgb(1, 1, 1)">ENOENT</span></div>',
      '<div style="background: yellow"><font color="#ffff00">ENOENT</font></div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<div style="margin: 0 auto">ENOENT</div>',
      '<div style="padding-left: 2em; text-indent: 1em">ENOENT</div>',
      '<span style="background: white">ENOENT</span>',
      '<span style="color: #333; background: #eee">ENOENT</span>',
      '<div style="background: white"><span style="color: white; background: black">ENOENT</span></div>',
      '<span style="color: white; background: linear-gradient(black, black)">ENOENT</span>',
      '<span style="color: white; background: linear-gradient(to right, white, red 50%)">ENOENT</span>',
      '<span style="color: white; background: black linear-gradient(white, white) no-repeat; background-size: 1px 1px">ENOENT</span>',
      '<span style="color: white; background: linear-gradient(white, rgba(0, 0, 0, 0.5))">ENOENT</span>',
    ]) {
      expect(shownText(shown), shown).toBe('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<span style="color: white; background: white">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
    const far = '<span style="margin-left: 9000px">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(far), refused).status).toBe('refuted')
  })

  // An indent of 9000 px on a line that wraps pushes only its first letter: the whole text was read
  // as hidden, though the card shows the rest (`xx ENOENT` shows `x ENOENT`), and the card was refuted.
  it('leaves out only what an indent or an inline margin pushes off the first line', () => {
    for (const [field, reading] of firstLinePushed) expect(shownText(field), field).toBe(reading)
    const enoent = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<p style="text-indent: 9000px">The call fails with ENOENT.</p>'
    const verdict = judgeNote(basic(back), enoent)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  // On a line that cannot break, what comes before the answer pushes it off screen: a nowrap box
  // after an inline block 9000 px wide, or letters 2000 px apart, were read as shown.
  it('leaves out words a line that cannot break pushes off screen', () => {
    for (const hidden of offTheLine) {
      expect(shownText(`${hidden}<p>Ask your teacher.</p>`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of onTheLine) expect(shownText(shown), shown).toBe('ENOENT')
    // An image's width attribute is in pixels.
    expect(
      shownText('<div style="white-space: nowrap"><img src="a.png" width="9000">ENOENT</div>ok'),
    ).toBe('ok')
    expect(
      shownText('<div style="white-space: nowrap"><img src="a.png" width="90">ENOENT</div>'),
    ).toBe('ENOENT')
    // Word by word: what is on screen still shows.
    expect(
      shownText(
        '<span style="word-spacing: 9000px; white-space: nowrap">a&lt;b&amp;c ENOENT</span>',
      ),
    ).toBe('a<b&c')
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = `${offTheLine[0]} Ask your teacher.`
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // A box 300 px wide with overflow: hidden draws nothing of text that starts past its right edge.
  it('leaves out text that starts right of a box that clips it', () => {
    for (const hidden of pastTheClip) {
      expect(shownText(`${hidden}<p>Ask your teacher.</p>`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of insideTheClip) expect(shownText(shown), shown).toBe('ENOENT')
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    expect(judgeNote(basic(`${pastTheClip[0]} Ask your teacher.`), refused).status).toBe('refuted')
  })

  // `text-transform: uppercase` shows `enoent` as ENOENT: the card was refuted for an answer it shows.
  it('reads letters in the case text-transform draws them', () => {
    expect(shownText('<span style="text-transform: uppercase">enoent &amp; epipe</span>')).toBe(
      'ENOENT & EPIPE',
    )
    expect(shownText('<p style="text-transform: lowercase">ENOENT <b>EPIPE</b></p>')).toBe(
      'enoent epipe',
    )
    expect(shownText('<span style="text-transform: capitalize">the socket file</span>')).toBe(
      'The Socket File',
    )
    expect(
      shownText(
        '<div style="text-transform: uppercase"><span style="text-transform: none">x</span></div>',
      ),
    ).toBe('x')
    const enoent = published({ kind: 'errno', value: 'ENOENT' })
    const upper = judgeNote(basic('<span style="text-transform: uppercase">enoent</span>'), enoent)
    expect(upper.status, upper.reason).toBe('confirmed')
    const lower = judgeNote(basic('<span style="text-transform: lowercase">ENOENT</span>'), enoent)
    expect(lower.status).toBe('refuted')
  })

  // `Back: 108. That is the whole array.` is a Markdown list starting at 108: the card shows
  // "108. That is the whole array.", and the card was refuted for not stating 108.
  it('reads the numbers a list that does not count from 1 draws before its items', () => {
    expect(shownText('<ol start="108">\n<li>That is the whole array.</li>\n</ol>')).toBe(
      '108. That is the whole array.',
    )
    expect(shownText('<ol start="3"><li>a</li><li value="10">b</li><li>c</li></ol>')).toBe(
      '3. a\n10. b\n11. c',
    )
    expect(shownText('<ol reversed start="2"><li>a</li><li>b</li></ol>')).toBe('2. a\n1. b')
    // Counting from 1 the numbers are counters, and other markers are no numbers.
    expect(shownText('<ol><li>a</li><li>b</li></ol>')).toBe('a\nb')
    expect(shownText('<ol start="108" type="a"><li>a</li></ol>')).toBe('a')
    expect(shownText('<ol start="108" style="list-style-type: none"><li>a</li></ol>')).toBe('a')
    expect(shownText('<ol start="108" style="list-style: inside"><li>a</li></ol>')).toBe('108. a')
    expect(shownText('<ol start="108" style="display: none"><li>a</li></ol>ok')).toBe('ok')
    const sunPath = published({ kind: 'number', label: 'bytes in sun_path', value: '108 bytes' })
    const verdict = judgeNote(basic('108. That is the whole array.'), sunPath)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  // `color: rgba(0, 0, 0, 0.02)` is drawn over the white card, next to white: it was read as shown.
  it('draws a colour that is not opaque over the paper behind it', () => {
    for (const hidden of [
      '<span style="color: rgba(0, 0, 0, 0.02)">ENOENT</span>',
      '<span style="color: #0000000a">ENOENT</span>',
      '<span style="color: rgb(0 0 0 / 3%)">ENOENT</span>',
      '<span style="background: black; color: rgba(255, 255, 255, 0.02)">ENOENT</span>',
      // A background not opaque is drawn over the one behind it.
      '<span style="color: white; background: rgba(255, 255, 255, 0.5)">ENOENT</span>',
      '<div style="background: black"><span style="color: #000; background: rgba(255, 0, 0, 0.01)">ENOENT</span></div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<span style="color: rgba(0, 0, 0, 0.5)">ENOENT</span>',
      '<span style="color: #00000080">ENOENT</span>',
      '<span style="background: black; color: rgba(255, 255, 255, 0.3)">ENOENT</span>',
      '<span style="color: white; background: rgba(0, 0, 0, 0.5)">ENOENT</span>',
    ]) {
      expect(shownText(shown), shown).toBe('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<span style="color: rgba(0, 0, 0, 0.02)">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // `color: hsl(0 0% 100%)` is white on the white card: hsl() was not read, so the card was confirmed.
  it('reads colours spelled with a hue: hsl(), hsla(), hwb()', () => {
    for (const hidden of [
      '<span style="color: hsl(0 0% 100%)">ENOENT</span>',
      '<span style="color: hsla(0, 0%, 100%, 1)">ENOENT</span>',
      '<span style="color: hsl(0 0% 0% / 2%)">ENOENT</span>',
      '<span style="color: hwb(0 100% 0%)">ENOENT</span>',
      // A channel written `none` is 0: this hsl() is white, this rgb() black on black.
      '<span style="color: hsl(none 0% 100%)">ENOENT</span>',
      '<div style="background: black"><span style="color: rgb(none none none)">ENOENT</span></div>',
      '<span style="color: hsl(120deg 100% 25%); background: hsl(0.3333turn, 100%, 25%)">ENOENT</span>',
      '<span style="color: white; background: linear-gradient(hsl(0 0% 100%), hwb(0 100% 0%))">ENOENT</span>',
      '<div style="background: hsl(210, 13%, 14%)">ENOENT</div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<span style="color: hsl(0 0% 50%)">ENOENT</span>',
      '<span style="color: white; background: hsl(0 0% 0%)">ENOENT</span>',
      '<span style="color: hwb(0 0% 100%)">ENOENT</span>',
      '<span style="color: hsla(0, 0%, 0%, 0.5)">ENOENT</span>',
    ]) {
      expect(shownText(shown), shown).toBe('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<span style="color: hsl(0 0% 100%)">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // `font-variant: small-caps` draws eaddrinuse as capitals: the card was refuted (does not state it).
  it('reads letters in small capitals as the capitals the card draws', () => {
    for (const [field, drawnAs] of smallCapitals) {
      expect(shownText(field), field).toBe(shownText(drawnAs))
    }
    expect(shownText('<span style="font-variant: small-caps">fails with enoent</span>')).toBe(
      'FAILS WITH ENOENT',
    )
    // The sanitizer drops `font-variant-caps`; a wider allowlist would keep it, so it is read too.
    expect(shownText('<span style="font-variant-caps: small-caps">enoent</span>')).toBe('ENOENT')
    const eaddrinuse = published({ kind: 'errno', value: 'EADDRINUSE' })
    const back = 'bind() fails with <span style="font-variant: small-caps">eaddrinuse</span>.'
    expect(judgeNote(basic(back), eaddrinuse).status).toBe('confirmed')
  })

  // `color: floralwhite` (or azure, mintcream: names besides the common ones) was not read, and
  // `background: currentcolor` paints the text's own colour behind it: both were read as shown.
  it('reads every named colour, and currentcolor as the text colour behind it', () => {
    for (const hidden of [
      '<span style="color: floralwhite">ENOENT</span>',
      '<span style="color: Azure">ENOENT</span>',
      '<span style="color: mintcream">ENOENT</span>',
      '<span style="color: aliceblue">ENOENT</span>',
      '<span style="background: currentcolor">ENOENT</span>',
      '<span style="color: red; background-color: currentColor">ENOENT</span>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<span style="color: rebeccapurple">ENOENT</span>',
      '<div style="background: currentcolor"><span style="color: white">ENOENT</span></div>',
      '<span style="color: constructor">ENOENT</span>',
    ]) {
      expect(shownText(shown), shown).toBe('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<span style="color: floralwhite">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // `<font color="ffffff">` is white, as HTML reads a font's colour: it was not read, and confirmed.
  it('reads <font color> as HTML does', () => {
    for (const hidden of [
      '<font color="ffffff">ENOENT</font>',
      '<font color="#fff">ENOENT</font>',
      '<div style="background: #1f2328"><font color="1f2328">ENOENT</font></div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      // HTML reads rgb(255, 255, 255) as #005000, a dark green, not white (chucknorris is #c00000).
      '<font color="rgb(255, 255, 255)">ENOENT</font>',
      '<font color="chucknorris">ENOENT</font>',
      '<span style="color: white"><font color="transparent" style="color: inherit">x</font></span><font color="ffffff" style="color: black">ENOENT</font>',
    ]) {
      expect(shownText(shown), shown).toContain('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back = '<font color="ffffff">ENOENT</font> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // decklab's stylesheet draws a link in blue and a quote in grey: inside white text they were read
  // as white, and the card was refuted.
  it('reads a link, a quote and a code block in the colour decklab gives them', () => {
    for (const field of sheetColoured) expect(shownText(field), field).toBe('ENOENT')
    expect(
      shownText('<div style="background: #0969da"><a href="https://man7.org/">ENOENT</a></div> ok'),
    ).toBe('ok')
    const eaddrinuse = published({ kind: 'errno', value: 'EADDRINUSE' })
    const back =
      'bind() fails with <span style="color: white"><a href="https://man7.org/">EADDRINUSE</a></span>.'
    const verdict = judgeNote(basic(back), eaddrinuse)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  // A table's rows without a `<tbody>`: the parser implies one, with no place in the source, and
  // everything in it was skipped, so white text in a cell was read as shown. (The sanitizer writes
  // the `<tbody>` out, so a card's rendered HTML always has one; HTML read unsanitized did not.)
  it('reads the cells of a table whose <tbody> the parser implies', () => {
    expect(
      shownText('<table><tr><td style="color: white">ENOENT</td><td>ok</td></tr></table>'),
    ).toBe('ok')
    expect(shownText('<table><tr><td><s>ENOENT</s> ok</td></tr></table>')).toBe('ok')
  })

  // `background: oklch(1 0 0)` is white: lab() and oklch() were not read, so white text on it was
  // read as shown.
  it('reads colours in lab(), lch(), oklab() and oklch()', () => {
    for (const hidden of [
      '<span style="color: white; background: oklch(1 0 0)">ENOENT</span>',
      '<span style="color: white; background-color: lab(100 0 0)">ENOENT</span>',
      '<div style="background: oklch(0.25 0.01 250)">ENOENT</div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    expect(shownText('<span style="color: white; background: oklch(0.2 0 0)">ENOENT</span>')).toBe(
      'ENOENT',
    )
  })

  // `color: Canvas` (the card's white) was read as an unknown colour, so as shown.
  it('reads CSS system colours and `initial` as the day-mode card draws them', () => {
    for (const hidden of [
      '<span style="color: Canvas">ENOENT</span>',
      '<span style="color: field">ENOENT</span>',
      '<span style="color: white; background: canvas">ENOENT</span>',
      '<div style="background: black"><span style="color: initial">ENOENT</span></div>',
      '<div style="background: CanvasText"><span style="color: windowtext">ENOENT</span></div>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<span style="color: CanvasText">ENOENT</span>',
      '<span style="color: initial">ENOENT</span>',
      '<span style="color: canvas; background: canvastext">ENOENT</span>',
    ]) {
      expect(shownText(`${shown} Ask your teacher.`), shown).toBe('ENOENT Ask your teacher.')
    }
  })

  // White on a gradient of white was read as shown: `background: linear-gradient(white, white)`.
  it('leaves out text in the colour of every stop of the gradient behind it', () => {
    for (const hidden of [
      '<span style="color: white; background: linear-gradient(white, white)">ENOENT</span>',
      '<span style="color: #fff; background-image: linear-gradient(45deg, #fff 0%, rgb(255, 255, 255) 100%)">ENOENT</span>',
      '<div style="background: black"><span style="color: black; background: radial-gradient(circle, transparent, black)">ENOENT</span></div>',
      // A stop whose alpha is 0 is as transparent as `transparent`: the colour behind it shows there.
      '<div style="background: black"><span style="color: black; background: linear-gradient(rgba(0, 0, 0, 0), black)">ENOENT</span></div>',
      '<div style="background: black"><span style="color: black; background: linear-gradient(hsl(0 0% 100% / 0%), black)">ENOENT</span></div>',
      '<span style="color: white; background: repeating-linear-gradient(white, #fefefe 10px)">ENOENT</span>',
      '<span style="color: white; background: black linear-gradient(white, white) no-repeat">ENOENT</span>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const back =
      '<span style="color: white; background: linear-gradient(white, white)">ENOENT</span> Ask your teacher.'
    expect(judgeNote(basic(back), refused).status).toBe('refuted')
  })

  // Decided: colours are judged on the day-mode card (decklab's #1f2328 on white), the mode Anki
  // starts in. White text there shows a blank, though night mode would show it.
  it('judges a colour on the day-mode card: white text on its background shows nothing', () => {
    for (const hidden of [
      '<span style="color: white">ENOENT</span>',
      '<font color="#ffffff">ENOENT</font>',
      '<span style="color: rgb(254, 254, 254)">ENOENT</span>',
      '<span style="background: #1f2328">ENOENT</span>',
    ]) {
      expect(shownText(`${hidden} Ask your teacher.`), hidden).toBe('Ask your teacher.')
    }
    for (const shown of [
      '<span style="color: black">ENOENT</span>',
      '<span style="color: #777">ENOENT</span>',
      '<span style="color: white; background: #333">ENOENT</span>',
      '<span style="background: black">ENOENT</span>',
    ]) {
      expect(shownText(shown), shown).toBe('ENOENT')
    }
    const refused = published({ kind: 'errno', value: 'ENOENT' })
    const white = judgeNote(
      basic('<span style="color: white">ENOENT</span> Ask your teacher.'),
      refused,
    )
    expect(white.status).toBe('refuted')
    expect(white.reason).toContain('card does not state ENOENT')
  })

  // `10&shy;8 bytes` was refuted ("card says 8"), `EN&#8203;OENT` too: the card shows 108 and ENOENT.
  it('leaves out characters the card draws as nothing inside a word', () => {
    expect(shownText('10&shy;8 bytes, EN&#8203;OENT, EP\u200dIPE\u2060,\ufeff ok')).toBe(
      '108 bytes, ENOENT, EPIPE, ok',
    )
    const sunPath = published({ kind: 'number', label: 'bytes in sun_path', value: '108 bytes' })
    const verdict = judgeNote(basic('10&shy;8 bytes.'), sunPath)
    expect(verdict.status, verdict.reason).toBe('confirmed')
  })

  it('leaves out struck-out text, which the card shows crossed out', () => {
    expect(shownText('<s>It keeps working</s> It is reset.')).toBe('It is reset.')
    expect(shownText('<del>keeps <b>working</b>.</del> Reset, <STRIKE>ok</STRIKE>')).toBe('Reset,')
  })
})

describe('unreadColour: the declaration that leaves text in a colour not known', () => {
  it('names the box that set it, however deep the text is in it, and nothing once a colour is read again', () => {
    expect(
      unreadColour(
        '<div style="background: var(--x, white)"><p><span style="color: black">EPIPE</span></p></div>',
      ),
    ).toBe('background: var(--x, white)')
    expect(
      unreadColour(
        '<span style="color: rgb(from white r g b)"><b style="background: currentcolor">EPIPE</b></span>',
      ),
    ).toBe('color: rgb(from white r g b)')
    expect(
      unreadColour(
        '<div style="background: color(srgb 1 1 1)"><span style="color: black; background: white">EPIPE</span></div>',
      ),
    ).toBeUndefined()
    expect(
      unreadColour('<span style="color: white; background: black">EPIPE</span>'),
    ).toBeUndefined()
  })
})
