/**
 * Math on cards reaches Anki's MathJax as written, and MathJax runs macros
 * that link (`\href{javascript:…}`), style (`\style{…url(…)}`), name
 * (`\cssId{typeans}`) or load (`\require`). Every such payload, however it
 * reaches the math (`$…$`, `$$…$$`, literal `\(…\)` in text or raw HTML,
 * a cloze expansion, mhchem, a macro definition), renders to an
 * `unsafe-math` error; ordinary math renders with no diagnostic.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { unsafeMath } from '../../src/render/math-check.js'
import { fieldMayHoldUnsafeMath, refusedMacro } from '../../src/render/math-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { bestCpuMs } from '../support/cpu-cost.js'
import { makeNote } from './temp-vault.js'

function diagnostics(markdown: string, noteType = 'Basic'): Diagnostic[] {
  const fields =
    noteType === 'Cloze' ? { Text: markdown, 'Back Extra': '' } : { Front: markdown, Back: '' }
  return renderNote(makeNote(fields, { noteType })).diagnostics
}

/** The one `unsafe-math` diagnostic of the note (failing when there is none or another). */
function unsafeMathError(markdown: string, noteType = 'Basic'): Diagnostic {
  const found = diagnostics(markdown, noteType)
  expect(found.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-math'])
  return found[0]!
}

// Each payload and a macro its message must name.
const payloads: Array<[string, string]> = [
  // The report's attack: a javascript: link, and a full-screen fixed box that sends any click to it.
  ['$\\href{javascript:alert(1)}{x}$', 'href'],
  [
    '$\\style{position:fixed;top:0;left:0;width:100vw;height:100vh}{\\href{javascript:alert(1)}{\\phantom{x}}}$',
    'style',
  ],
  ['$\\style{background-image:url(https://evil.example/x.png)}{x}$', 'style'],
  ['$\\cssId{typeans}{y}$', 'cssId'],
  ['$\\class{cloze}{x}$', 'class'],
  ['$\\data{clicked=1}{x}$', 'data'],
  ['$\\require{action}$', 'require'],
  ['$\\unicode[Some Font]{x41}$', 'unicode'],
  ['$\\bbox[background-image:url(https://evil.example/x.png)]{x}$', 'bbox'],
  ['$\\fcolorbox{red;background-image:url(https://evil.example/x.png)}{white}{x}$', 'fcolorbox'],
  ['$\\url{javascript:alert(1)}$', 'url'],
  ['$\\mmlToken{mi}[href="javascript:alert(1)"]{x}$', 'mmlToken'],
  ['$\\htmlClass{x}{y}$', 'htmlClass'],
  ['$\\htmlId{typeans}{y}$', 'htmlId'],
  ['$\\htmlStyle{background:url(https://evil.example/x.png)}{y}$', 'htmlStyle'],
  ['$\\htmlData{a=b}{y}$', 'htmlData'],
  ['$\\includegraphics{https://evil.example/x.png}$', 'includegraphics'],
  ['$\\setOptions[tex]{maxMacros=100}$', 'setOptions'],
  ['$\\mathtoolsset{centercolon}$', 'mathtoolsset'],
  // Definitions can assemble a refused macro out of allowed pieces.
  ['$\\def\\x{\\hr}\\x ef{javascript:alert(1)}{y}$', 'def'],
  ['$\\gdef\\x{y}$', 'gdef'],
  ['$\\global\\def\\x{y}$', 'global'],
  ['$\\edef\\x{y}$', 'edef'],
  ['$\\let\\x=\\frac$', 'let'],
  ['$\\futurelet\\x\\y$', 'futurelet'],
  ['$\\newcommand{\\x}[1]{\\hr #1}\\x{ef}$', 'newcommand'],
  ['$\\renewcommand{\\frac}{\\hr}$', 'renewcommand'],
  ['$\\providecommand{\\x}{y}$', 'providecommand'],
  ['$\\newenvironment{e}{\\hr}{}$', 'newenvironment'],
  ['$\\renewenvironment{cases}{\\hr}{}$', 'renewenvironment'],
  ['$\\DeclareMathOperator{\\x}{y}$', 'DeclareMathOperator'],
  ['$\\DeclarePairedDelimiter{\\x}{\\hr}{}$', 'DeclarePairedDelimiter'],
  ['$\\newtagform{x}{\\hr}{}$', 'newtagform'],
  ['$\\Newextarrow{\\x}{5,5}{0x2192}$', 'Newextarrow'],
  ['$\\newcolumntype{x}{c}$', 'newcolumntype'],
  ['$\\csname href\\endcsname$', 'csname'],
  // Spellings MathJax accepts.
  ['$\\href {javascript:alert(1)}{x}$', 'href'],
  ['$$\\href%\n{javascript:alert(1)}{x}$$', 'href'],
  ['$\\frac{\\href{javascript:alert(1)}{x}}{2}$', 'href'],
  ['$\\text{$\\href{javascript:alert(1)}{x}$}$', 'href'],
  // Counted from every `\`, though MathJax reads `\\` then the word `href`.
  ['$a \\\\href$', 'href'],
  // Every way math reaches the card.
  ['$$\\href{javascript:alert(1)}{x}$$', 'href'],
  ['$$\n\\href{javascript:alert(1)}{x}\n$$', 'href'],
  ['Text \\\\(\\href{javascript:alert(1)}{x}\\\\) in a line', 'href'],
  ['Text \\\\[\\href{javascript:alert(1)}{x}\\\\]', 'href'],
  ['<div>\\(\\href{javascript:alert(1)}{x}\\)</div>', 'href'],
  ['<div><b>see</b> \\[\\cssId{typeans}{x}\\]</div>', 'cssId'],
  ['&#92;(\\href{javascript:alert(1)}{x}&#92;)', 'href'],
  // Delimiters of MathJax 2.7 left at its defaults.
  ['\\$\\$\\href{javascript:alert(1)}{x}\\$\\$', 'href'],
  ['\\begin{equation}\\href{javascript:alert(1)}{x}\\end{equation}', 'href'],
  // `<wbr>` is nothing to MathJax 3: `\hr<wbr>ef` is `\href`.
  ['<div>\\(\\hr<wbr>ef{javascript:alert(1)}{x}\\)</div>', 'href'],
  // MathJax skips `<code>` unless its class asks for processing.
  ['<div><code class="mathjax_process">\\(\\href{javascript:alert(1)}{x}\\)</code></div>', 'href'],
  ['<div><pre class="tex2jax_process">\\(\\href{javascript:alert(1)}{x}\\)</pre></div>', 'href'],
  // mhchem writes new TeX: `\$href$` and `\\\h` then `ref` both become `\href`.
  ['$$\\ce{x\\$href{javascript:alert(1)}{y}$}$$', 'href'],
  ['$$\\ce{\\\\\\h}ref{javascript:alert(1)}{y}$$', 'href'],
]

describe('refused math', () => {
  it.each(payloads)('%s is an unsafe-math error naming \\%s', (markdown, macro) => {
    const error = unsafeMathError(markdown)
    expect(error.severity).toBe('error')
    expect(error.message).toContain(`\`\\${macro}\``)
    expect(error.message).toMatch(/^Unexpected .* in math, expected math that only draws /)
  })

  it('says what MathJax would do, points at the note, and gives a way out', () => {
    const error = unsafeMathError(
      '$\\href{javascript:alert(1)}{x}$ $\\style{color:red}{x}$ $\\def\\x{y}$',
    )
    expect(error).toMatchObject({ file: 'notes/card.md', line: 7, column: 1 })
    expect(error.message).toBe(
      'Unexpected `\\href`, `\\style`, `\\def` in math, expected math that only draws (no link, CSS, id, class, extension or macro definition); MathJax in Anki would make a link (a `javascript:` link runs script when clicked), apply CSS (`url(…)` loads from the web; a fixed box over the page takes every click) and define a macro, which can assemble any of these from harmless pieces',
    )
    expect(error.hint).toContain('docs/sanitizer.md')
    expect(error.hint).toContain('`[text](https://…)`')
    expect(error.hint).toContain('`\\color{red}{…}`')
    expect(error.hint).toContain('`\\boxed{…}`')
  })

  it('names a macro that mhchem writes as such', () => {
    expect(unsafeMathError('$$\\ce{x\\$href{javascript:alert(1)}{y}$}$$').message).toContain(
      '`\\href` (as mhchem writes it)',
    )
  })

  it('finds the payload in any field, once per note', () => {
    const found = renderNote(
      makeNote({
        Front: 'Plain $x$',
        Back: '$\\href{javascript:alert(1)}{x}$ and again $\\href{javascript:alert(2)}{y}$',
      }),
    ).diagnostics
    expect(found.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-math'])
  })

  it('shows a few names of a hostile field, and short', () => {
    const many = Array.from({ length: 20 }, (_, index) => `\\new${'x'.repeat(index + 50)}`)
    const error = unsafeMathError(`$${many.join(' ')}$`)
    expect(error.message).toContain('14 more')
    expect(error.message.length).toBeLessThan(800)
  })
})

describe('refused math in Cloze notes', () => {
  // Anki writes a cloze's text into the math of its card (2.1.15 without a span, the
  // Rust core with every tag inside the math removed), so a control word can be joined
  // across markers, hints, other clozes and tags.
  it.each([
    ['a cloze inside a control word', '\\\\(\\hr{{c1::ef}}{javascript:alert(1)}{x}\\\\)'],
    ['a hint left out of the answer', '\\\\(\\hr{{c1::::zz}}ef{javascript:alert(1)}{x}\\\\)'],
    [
      'another card’s cloze shown as text',
      '\\\\(\\h{{c2::r}}ef{{c1::x}}{javascript:alert(1)}{y}\\\\)',
    ],
    [
      'a tag removed inside the math',
      '<div>{{c1::q}} \\(\\hr<b></b>ef{javascript:alert(1)}{y}\\)</div>',
    ],
    [
      'a tag removed inside the math, moving text out of a table',
      '<div>{{c1::q}}\\h<table title="\\("><tr><td>ref{javascript:alert(1)}{y}\\)</td></tr></table></div>',
    ],
    ['a hint on the question side', '{{c1::x::\\\\(\\href{javascript:alert(1)}{y}\\\\)}}'],
  ])('%s', (_, markdown) => {
    expect(unsafeMathError(markdown, 'Cloze').message).toContain('`\\href`')
  })

  it('keeps tags inside math of a Basic note: MathJax never joins across them', () => {
    expect(diagnostics('<div>\\(\\hr<b></b>ef{javascript:alert(1)}{y}\\)</div>')).toEqual([])
  })

  it('refuses a field with too many clozes to check card by card', () => {
    const clozes = Array.from({ length: 1500 }, (_, index) => `{{c${index + 1}::x}}`).join(' ')
    const error = unsafeMathError(`\\\\(\\hr{{c1::ef}}\\\\) ${clozes}`, 'Cloze')
    expect(error.message).toMatch(
      /^Unexpected Cloze field of \d+ characters with 1500 cloze numbers, expected length × clozes at most 2,000,000 /,
    )
  })
})

describe('allowed math', () => {
  it.each([
    '$\\frac{a}{b} + \\sqrt{x^2} - \\left( \\frac12 \\right)$',
    '$\\color{red}{x} + \\textcolor{blue}{y} + \\colorbox{yellow}{z}$',
    '$\\definecolor{mine}{RGB}{10,20,30}\\color{mine}{x}$',
    '$\\boxed{E = mc^2}$',
    '$\\text{speed} = \\frac{\\mathrm{d}x}{\\mathrm{d}t}$',
    '$\\operatorname{sgn}(x) \\cdot \\operatorname*{arg\\,max}_x f$',
    '$$\\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}$$',
    '$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$',
    '$$\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}$$',
    '$\\ce{H2O + CO2 -> H2CO3}$ and $\\pu{123 kJ/mol}$',
    '$a \\newline b$',
    '$\\tag{1} x = 1 \\label{one}$ and $\\ref{one}$',
    '$\\enclose{circle}{x} + \\cancel{y} + \\underbrace{a+b}_{c} + \\overset{!}{=}$',
    '$\\mathbb{R}, \\vec{v}, \\hat{x}, \\left\\{ x \\right\\}, \\displaystyle\\sum_{i=1}^n i$',
    // Words, not macros: MathJax reads a control word only as `\` and letters.
    '$\\text{class}, \\mathtt{def}, \\text{let } x = 1, \\mathrm{style}$',
    '$\\ href$',
    '$\\HREF{x}$',
    // Outside math (prose or code) MathJax never reads it.
    'Write \\href{url}{text} for a link in LaTeX; inline $x^2$ stays math.',
    '`\\(\\href{https://example.com}{x}\\)` in code',
    '```latex\n\\(\\href{https://example.com}{x}\\)\n```',
    '<div><code>\\(\\href{https://example.com}{x}\\)</code></div>',
  ])('%s renders with no diagnostic', (markdown) => {
    expect(diagnostics(markdown)).toEqual([])
    expect(diagnostics(markdown, 'Cloze')).toEqual([])
  })

  it('in clozes', () => {
    expect(
      diagnostics(
        'The {{c1::$\\frac{a}{b}$}} and {{c2::$\\color{red}{x}$::a colour}} and $\\boxed{y}$',
        'Cloze',
      ),
    ).toEqual([])
  })
})

describe('the refused names', () => {
  it('are exact, case-sensitive control words, with the families of definitions', () => {
    expect(refusedMacro('href')).toBe('link')
    expect(refusedMacro('hrefx')).toBeUndefined()
    expect(refusedMacro('Href')).toBeUndefined()
    expect(refusedMacro('newline')).toBeUndefined()
    expect(refusedMacro('newcommand')).toBe('definition')
    expect(refusedMacro('htmlAnything')).toBe('attribute')
    expect(refusedMacro('color')).toBeUndefined()
    expect(refusedMacro('definecolor')).toBeUndefined()
  })
})

describe('hostile size', () => {
  // A guard against quadratic blowup, not a speed goal: sixteen times the input (linear about
  // 16×, quadratic 256×) may cost at most 128×. The cost is linear with steps where the heap
  // grows (25, 39, 61, 228, 407 ms from 6,250 to 100,000 refused macros, idle), and a loaded
  // machine widened eight times the input to 32–49× now and then, too near quadratic's 64×.
  it.each([
    ['math opened and never closed, in every card', '{{c1::x}} {{c2::y}} \\hr<b></b>', '\\(', true],
    ['elements side by side', '\\(\\hr<b></b>', '<b>x</b>', false],
    ['refused macros', '\\(', '\\href{javascript:1}{x}', false],
    ['words after mhchem', '\\(\\ce{', 'x\\$hr$', false],
  ])('%s cost time proportional to their number', (_name, prefix, unit, cloze) => {
    const sixteenth = prefix + unit.repeat(6_250)
    const whole = prefix + unit.repeat(100_000)
    const small = bestCpuMs(() => unsafeMath(sixteenth, cloze))
    const large = bestCpuMs(() => unsafeMath(whole, cloze))
    expect(large / Math.max(small, 1)).toBeLessThan(128)
  })
})

describe('the quick test before the check', () => {
  // Pieces of card HTML that build control words, delimiters and joins.
  const pieces = fc.constantFrom(
    '\\',
    'h',
    'href',
    'r',
    'ef',
    'def',
    'style',
    'new',
    'x',
    ' ',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '$',
    '$$',
    '\\(',
    '\\)',
    '\\[',
    '\\]',
    '{{c1::',
    '{{c2::',
    '}}',
    '::',
    '<b>',
    '</b>',
    '<wbr>',
    '<br>',
    '<code>',
    '</code>',
    '<table>',
    '<td>',
    '\\ce{',
  )
  const html = fc.array(pieces, { minLength: 1, maxLength: 24 }).map((parts) => parts.join(''))

  it('never passes HTML the check refuses', () => {
    fc.assert(
      fc.property(html, fc.boolean(), (field, cloze) => {
        const { macros, tooManyCards } = unsafeMath(field, cloze)
        if (macros.length > 0 || tooManyCards)
          expect(fieldMayHoldUnsafeMath(field, cloze)).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })
})
