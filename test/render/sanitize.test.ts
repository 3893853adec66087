/**
 * The card sanitizer: what it keeps (everything decklab's own rendering and
 * ordinary hand-written HTML need), what it drops (every payload of issue
 * 15), what Anki's per-card cloze expansion can make of its output, and that
 * its work grows linearly with hostile input.
 */
import type { Element, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { parseFragment } from 'parse5'
import { describe, expect, it } from 'vitest'
import { renderCloze } from '../../src/model/cloze-filter.js'
import { renderNote } from '../../src/render/render-note.js'
import { sanitizeHtml } from '../../src/render/sanitize.js'
import { bestCpuMs } from '../support/cpu-cost.js'
import { payloads } from '../support/payloads.js'
import { makeNote } from './temp-vault.js'

/** Everything in `html`, parsed as a browser parses it, that could run or load something. */
function dangers(html: string): string[] {
  const found: string[] = []
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (
        /^(script|iframe|object|embed|base|meta|link|style|svg|math|frame|noscript)$/.test(
          child.tagName,
        )
      )
        found.push(`<${child.tagName}>`)
      for (const [key, value] of Object.entries(child.properties)) {
        if (/^on/i.test(key)) found.push(`${child.tagName} ${key}`)
        if (
          /^(href|src|data|action|srcDoc)$/.test(key) &&
          /^\s*(javascript|data|vbscript):/i.test(String(value))
        )
          found.push(`${child.tagName} ${key}=${String(value)}`)
        // A load from another host: `https://h`, `//h`, `\\h`, `/\h`.
        if (
          /^(src|srcSet|poster|background)$/.test(key) &&
          /^\s*(?:(?:https?|ftp):|[/\\][/\\])/i.test(String(value))
        )
          found.push(`${child.tagName} ${key}=${String(value)}`)
      }
      if (
        typeof child.properties.style === 'string' &&
        /url\(|@import/i.test(child.properties.style)
      )
        found.push(`${child.tagName} style`)
      visit(child)
    }
  }
  visit(fromParse5(parseFragment(html)) as Root)
  return found
}

/** Every card's question and answer, as Anki's cloze filter expands the field. */
function expansions(html: string): string[] {
  const numbers = [...new Set([...html.matchAll(/\{\{c(\d+)::/g)].map((m) => Number(m[1])))]
  return numbers.flatMap((number) =>
    (['question', 'answer'] as const).map((side) => renderCloze(html, { number, side })),
  )
}

function render(markdown: string, noteType = 'Basic') {
  const fields =
    noteType === 'Cloze' ? { Text: markdown, 'Back Extra': '' } : { Front: markdown, Back: '' }
  const rendered = renderNote(makeNote(fields, { noteType }))
  return { html: Object.values(rendered.fields)[0] as string, diagnostics: rendered.diagnostics }
}

describe('sanitizeHtml', () => {
  it.each(payloads.map((payload) => [payload.name, payload.html]))(
    'leaves nothing that runs or loads from the %s payload, and says what it removed',
    (_name, html) => {
      const result = sanitizeHtml(html)
      expect(dangers(result.html)).toEqual([])
      for (const card of expansions(result.html)) expect(dangers(card)).toEqual([])
    },
  )

  it('the danger check sees the payloads when nothing sanitizes them', () => {
    const byName = new Map(payloads.map((payload) => [payload.name, payload.html]))
    expect(dangers(byName.get('plain-onerror') as string)).toEqual(['img onError'])
    expect(dangers(byName.get('remote-img-backslash') as string)).toEqual([
      'img src=\\\\evil.example\\remote-img-backslash.png',
    ])
    expect(dangers(byName.get('iframe-data') as string)).toEqual([
      '<iframe>',
      expect.stringMatching(/^iframe src=data:/),
    ])
    // Anki's card 1 shows cloze 2's text: the attribute name is whole again.
    const cards = expansions(byName.get('cloze-attribute-name') as string)
    expect(cards.flatMap(dangers)).toContain('details onToggle')
  })

  it('keeps what cards are made of', () => {
    const kept = [
      '\\(x^2\\) and \\[\\sum_i x_i\\]',
      '<pre><code class="hljs language-c"><span class="hljs-keyword">int</span> x = <span class="hljs-number">1</span>;</code></pre>',
      '[sound:clip-1a2b3c4d.mp3]',
      '<img src="diagram-1a2b3c4d.png" alt="a diagram" width="120">',
      '<table><thead><tr><th style="text-align: left">a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>',
      '<span style="color: red; font-weight: bold">red</span> <font color="#00f">blue</font> <u>u</u> <kbd>Ctrl</kbd>',
      '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" disabled checked> done</li></ul>',
      'The {{c1::kernel}} and {{c2::socket::hint}} <b>{{c3::bold}}</b>',
      '<a href="obsidian://open?vault=v&amp;file=a">a</a> <a href="https://example.com/x?y=1#z">b</a> <a href="mailto:a@example.com">c</a>',
      '<details><summary>More</summary><p>hidden</p></details><mark>hi</mark><sub>1</sub><sup>2</sup>',
      'std:&#58;io and a}&#125; in code stay hidden from the cloze parser',
    ]
    for (const html of kept) {
      expect(sanitizeHtml(html)).toEqual({ html, removed: [], remoteImages: [] })
    }
  })

  it("drops decklab's own class names, so a field passes neither for the lab footer nor for a verdict badge", () => {
    expect(sanitizeHtml('<span class="dp-badge dp-badge-confirmed note">confirmed</span>')).toEqual(
      {
        html: '<span class="note">confirmed</span>',
        removed: ['value of `class` on `<span>`'],
        remoteImages: [],
      },
    )
    // Every name decklab's: the attribute goes, not just its value.
    expect(sanitizeHtml('<div class="decklab-lab DP-card">Lab</div>').html).toBe('<div>Lab</div>')
    // Names that only look alike are the field's own.
    expect(sanitizeHtml('<span class="dpx deck-lab language-dp-x">z</span>').removed).toEqual([])
  })

  // `<div class="nightMode"><mark style="color: #6b5a00">` drew the mark in night-mode colours on the
  // day-mode card (dark text on a dark yellow), while verify read it on the day-mode yellow: confirmed.
  it("drops Anki's night-mode classes, which would recolour a field's marks and code on the day-mode card", () => {
    expect(sanitizeHtml('<div class="nightMode note"><mark>x</mark></div>')).toEqual({
      html: '<div class="note"><mark>x</mark></div>',
      removed: ['value of `class` on `<div>`'],
      remoteImages: [],
    })
    expect(sanitizeHtml('<span class="night_mode">x</span>').html).toBe('<span>x</span>')
    expect(sanitizeHtml('<span class="nightModeX night-mode">x</span>').removed).toEqual([])
  })

  it('writes a character reference in text back as one, so it never becomes a marker', () => {
    expect(sanitizeHtml('<b>x</b> &#123;&#123;c1::shown}} &#91;sound:a.mp3]').html).toBe(
      '<b>x</b> &#123;&#123;c1::shown}} &#91;sound:a.mp3]',
    )
  })

  it('writes markers inside attributes as references: no expansion reaches into a tag', () => {
    const result = sanitizeHtml('<img src="a.png" alt="{{c1::x}} [sound:a.mp3]" title="a::b">')
    expect(result.html).toBe(
      '<img src="a.png" alt="&#123;&#123;c1&#58;&#58;x&#125;&#125; &#91;sound:a.mp3&#93;" title="a&#58;&#58;b">',
    )
    expect(
      expansions(`${result.html} {{c1::y}}`).every((card) => card.includes('alt="&#123;')),
    ).toBe(true)
  })

  it('drops style declarations that load or escape, keeping the rest', () => {
    const result = sanitizeHtml(
      '<span style="color: red; background: url(https://e.example/a.png); position: fixed; margin: 1em">x</span>',
    )
    expect(result.html).toBe('<span style="color: red; margin: 1em">x</span>')
    expect(result.removed).toEqual(['unsafe CSS in `style` on `<span>`'])
  })

  it('names what it removed', () => {
    expect(
      sanitizeHtml(
        '<div onclick="x()"><iframe src="a"></iframe><a href="javascript:x()">a</a></div>',
      ).removed,
    ).toEqual([
      '`onclick` attribute on `<div>`',
      '`<iframe>` element',
      'URL `javascript:x()` in `href` on `<a>`',
    ])
  })
})

describe('cloze fields', () => {
  it('warns when a cloze marker sits in an attribute, and Anki expands nothing inside the tag', () => {
    const { html, diagnostics } = render('<img src="x" alt="{{c1::x}}"> and {{c2::y}}', 'Cloze')
    expect(html).toContain('alt="&#123;&#123;c1&#58;&#58;x&#125;&#125;"')
    expect(diagnostics.map((d) => d.code)).toContain('marker-in-attribute')
    for (const card of expansions(html)) expect(sanitizeHtml(card).removed).toEqual([])
  })

  it('a cloze splitting an attribute name leaves no handler on any card', () => {
    const { html, diagnostics } = render(
      '<div><details open o{{c2::n}}toggle="alert(1)">x</details> {{c1::one}}</div>',
      'Cloze',
    )
    expect(html).not.toContain('{{c2::')
    expect(diagnostics.map((d) => d.code)).toContain('unsafe-html-removed')
    for (const card of expansions(html)) expect(dangers(card)).toEqual([])
  })

  it('every card of a field with clozes across tags and hints sanitizes to nothing removed', () => {
    const { html } = render(
      '<div>{{c1::<b>bold}} tail</b> <i>{{c2::a::<u>hint</u>}}</i> {{c3::<span title="t">x</span>}}</div>',
      'Cloze',
    )
    for (const card of expansions(html)) expect(sanitizeHtml(card).removed).toEqual([])
  })
})

describe('hostile size', () => {
  // A guard against quadratic blowup, not a speed goal (that is `npm run bench -- sanitize`):
  // four times the input may cost at most 10× the time; the old sanitizer's cost grew 16×.
  it('renders 1 MB of `<script ` in time proportional to its size', () => {
    // An eighth and the whole: linear is about 8×, quadratic 64× (see below).
    const eighth = '<script '.repeat(15_625)
    const whole = '<script '.repeat(125_000)
    const note = (text: string) => makeNote({ Front: text, Back: '' })
    const small = bestCpuMs(() => renderNote(note(eighth)))
    const large = bestCpuMs(() => renderNote(note(whole)))
    expect(large / Math.max(small, 1)).toBeLessThan(30)
    expect(renderNote(note(whole)).fields.Front).toBe('')
  })

  it.each([
    ['unclosed images in an HTML block', '<div>', '<img ', 'Basic'],
    ['unclosed quoted images', '<div>', '<img src="', 'Basic'],
    ['unterminated clozes around tags', '<div>', '{{c1::<b>', 'Cloze'],
    ['nested elements', '<div>', '<span>', 'Basic'],
    // Each `<div>` start tag looks for an open `<p>` through every open element.
    ['nested block elements', '<div>', '<div>', 'Basic'],
  ])('%s cost time proportional to their number', (_name, prefix, unit, noteType) => {
    const note = (count: number) =>
      makeNote(
        noteType === 'Cloze'
          ? { Text: `${prefix}${unit.repeat(count)} {{c2::x}}`, 'Back Extra': '' }
          : { Front: `${prefix}${unit.repeat(count)}`, Back: '' },
        { noteType },
      )
    // 8× the input: linear work takes about 8× the time, quadratic 64×. The bound sits
    // well away from both, so a loaded machine (or the collector's threads) cannot tip it.
    const small = bestCpuMs(() => renderNote(note(2_500)))
    const large = bestCpuMs(() => renderNote(note(20_000)))
    expect(large / Math.max(small, 1)).toBeLessThan(30)
  })

  it('looks for raw images in nested block elements as fast as in nested inline ones', () => {
    // Raw `<img>` is looked for by a parse of its own (html-media.ts), before the sanitizer's.
    // The same size both ways: quadratic work in the `<div>` case cost 25× the `<span>` one.
    const note = (unit: string) =>
      makeNote({ Front: `<img src="a.png">${unit.repeat(20_000)}`, Back: '' })
    const inline = bestCpuMs(() => renderNote(note('<span>')))
    const block = bestCpuMs(() => renderNote(note('<div>')))
    expect(block / Math.max(inline, 1)).toBeLessThan(8)
  })

  it('flattens markup nested deeper than a browser would keep, with a warning', () => {
    const rendered = renderNote(
      makeNote({ Front: `<div>${'<b>'.repeat(300)}deep</div>`, Back: '' }),
    )
    expect(rendered.fields.Front).toContain('deep')
    expect((rendered.fields.Front ?? '').split('<b>').length - 1).toBeLessThanOrEqual(100)
    expect(rendered.diagnostics.map((d) => d.message).join('\n')).toContain(
      'nested deeper than 100',
    )
  })

  it('writes a field nesting more than 512 elements as inert text, markers included', () => {
    const field = `<div>${'<b>'.repeat(20_000)}deep [<i></i>sound:x.mp3] {{c1::a}} <!-- > [sound:../e.mp3] --> &lt;script&gt;</div>`
    const rendered = renderNote(makeNote({ Front: field, Back: '' }))
    const front = rendered.fields.Front!
    expect(front).toContain('deep')
    expect(front).not.toMatch(/[<>]|\[sound:|\{\{/)
    expect(front).toContain('&amp;lt;script&amp;gt;')
    expect(rendered.diagnostics.map((d) => d.message).join('\n')).toContain(
      'nested deeper than 512 elements (the whole field is written as its text',
    )
  })

  it('refuses clozes nested thousands deep: an error, and the markers become text', () => {
    const text = `<b>x</b> ${'{{c1::'.repeat(5_000)}y${'}}'.repeat(5_000)}`
    const rendered = renderNote(makeNote({ Text: text, 'Back Extra': '' }, { noteType: 'Cloze' }))
    expect(rendered.diagnostics.map((d) => d.code)).toContain('unsafe-cloze-html')
    expect(rendered.fields.Text).not.toContain('{{c1::')
  })
})

describe('an unclosed comment', () => {
  it('is named among what was removed: it hides the rest of the field', () => {
    const { html, removed } = sanitizeHtml('<p>shown</p>\n<!-- a note to self\n<p>hidden</p>')
    expect(html).toBe('<p>shown</p>\n')
    expect(removed).toEqual(['`<!--` without `-->` (the rest of the field after it)'])
  })

  it('a closed comment is removed without a word, as intended', () => {
    expect(sanitizeHtml('<p>shown</p><!-- a note --><p>too</p>')).toEqual({
      html: '<p>shown</p><p>too</p>',
      removed: [],
      remoteImages: [],
    })
  })
})
