import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { normalizeAnkiFilename } from '../../src/render/media-name.js'
import { renderCss, renderNote } from '../../src/render/render-note.js'
import { sanitizeHtml } from '../../src/render/sanitize.js'
import { bestCpuMs } from '../support/cpu-cost.js'
import { makeNote, makeTempVault, writeFile } from './temp-vault.js'

function front(markdown: string, noteType = 'Basic'): string {
  const fields =
    noteType === 'Cloze' ? { Text: markdown, 'Back Extra': '' } : { Front: markdown, Back: '' }
  const rendered = renderNote(makeNote(fields, { noteType }))
  return Object.values(rendered.fields)[0]!
}

describe('math', () => {
  it('turns $…$ and $$…$$ into MathJax delimiters', () => {
    expect(front('Inline $x = 5$')).toBe('Inline \\(x = 5\\)')
    expect(front('Displayed $$z = 10$$')).toBe('Displayed \\[z = 10\\]')
  })

  it('leaves prices alone (Pandoc rule)', () => {
    expect(front('costs $5 and $10')).toBe('costs $5 and $10')
    expect(front('from $3$4')).toBe('from $3$4')
  })

  it('keeps dollars in code literal', () => {
    expect(front('run `echo $A $B` now')).toBe('run <code>echo $A $B</code> now')
    const fence = front('```\necho "$A" "$B"\n```')
    expect(fence).toContain('echo &quot;$A&quot; &quot;$B&quot;')
    expect(fence).not.toContain('\\(')
  })

  it('lets a code span after an opening $ keep its dollars (code binds tighter than math)', () => {
    expect(front('Set $PATH with `export PATH=$HOME/bin`')).toBe(
      'Set $PATH with <code>export PATH=$HOME/bin</code>',
    )
    expect(front('Costs $5 or `$HOME` and `a$`')).toBe(
      'Costs $5 or <code>$HOME</code> and <code>a$</code>',
    )
    expect(front('$a$ `$b$` $c$')).toBe('\\(a\\) <code>$b$</code> \\(c\\)')
    // Backticks that open no code span are text, inside math too.
    expect(front('a $x ``y` z$ b')).toBe('a \\(x ``y` z\\) b')
  })

  // A guard against quadratic blowup, not a speed goal: eight times the input (linear about
  // 8×, quadratic 64×) may cost at most 30×, far enough from both for a loaded machine.
  it('finds the code spans after many dollars in time proportional to their number', () => {
    const cpu = (text: string): number => bestCpuMs(() => front(text))
    // Each `$` looks for a closing run of two backticks, never found: one opens every line.
    const small = cpu(`${'$a `` b `'.repeat(2_500)}`)
    const large = cpu(`${'$a `` b `'.repeat(20_000)}`)
    expect(large / Math.max(small, 1)).toBeLessThan(30)
  })

  it('never treats $& in code as a replacement pattern', () => {
    expect(front('before `$&` after')).toBe('before <code>$&amp;</code> after')
    expect(front("a `$'` b `$$` c")).toBe("a <code>$'</code> b <code>$$</code> c")
  })

  it('escapes math and keeps Markdown out of it', () => {
    expect(front('$a_b * c_d < e$ and *em*')).toBe('\\(a_b * c_d &lt; e\\) and <em>em</em>')
  })

  it('does not pair dollars across lines', () => {
    expect(front('a $x\ny$ b')).toBe('a $x<br>\ny$ b')
  })

  it('keeps a $$ block with blank lines together', () => {
    expect(front('$$\na\n\nb\n$$')).toBe('\\[\na\n\nb\n\\]')
  })
})

describe('a first field that renders to nothing', () => {
  const codes = (fields: Record<string, string>, noteType = 'Basic') =>
    renderNote(makeNote(fields, { noteType })).diagnostics.map((d) => [d.code, d.severity])

  it('is the error missing-first-field: a comment, a link definition, removed HTML', () => {
    for (const front of ['<!-- TODO -->', '[a]: https://example.com/', '<template>x</template>']) {
      expect(codes({ Front: front, Back: 'b' }), front).toContainEqual([
        'missing-first-field',
        'error',
      ])
    }
    expect(codes({ Text: '<!-- {{c1::x}} -->', 'Back Extra': '' }, 'Cloze')).toContainEqual([
      'missing-first-field',
      'error',
    ])
  })

  it('is not said of a first field with text, nor of a later field that renders to nothing', () => {
    expect(codes({ Front: 'Q <!-- TODO -->', Back: '<!-- later -->' })).toEqual([])
    expect(codes({ Front: '![[gone.png]]', Back: '' })).toEqual([['missing-media', 'error']])
  })
})

describe('a Cloze note whose deletions rendering disarms', () => {
  const codes = (text: string) =>
    renderNote(makeNote({ Text: text, 'Back Extra': '' }, { noteType: 'Cloze' })).diagnostics.map(
      (d) => [d.code, d.severity],
    )

  // decklab writes them as text (a comment is left out): Anki finds no deletion and shows
  // "Please edit this note and add some cloze deletions".
  it('is the warning cloze-without-deletion when every deletion is in code, math or a comment', () => {
    for (const text of [
      'The call `{{c1::connect}}`',
      'Math $x = {{c1::y}}$ only',
      '```\n{{c1::in a fence}}\n```',
      'A comment <!-- {{c1::hidden}} --> and text',
    ]) {
      expect(codes(text), text).toEqual([['cloze-without-deletion', 'warning']])
    }
  })

  it('says what decklab did with them (wrote them as text, left a comment out), not that Anki failed', () => {
    const [warning] = renderNote(
      makeNote({ Text: 'Math $x = {{c1::y}}$ only', 'Back Extra': '' }, { noteType: 'Cloze' }),
    ).diagnostics
    expect(warning?.message).not.toContain('Anki expands none')
    expect(warning?.message).toContain(
      'decklab writes a deletion in code or math as text, so that its `}}` and `::` do not break the code or formula, and leaves a comment out',
    )
  })

  it('is not said while one deletion stays live, nor over an emptied first field', () => {
    expect(codes('One {{c1::live}} and `{{c2::in code}}`')).toEqual([])
    expect(codes('<!-- {{c1::x}} -->')).toEqual([['missing-first-field', 'error']])
  })

  // A teacher's `$E = {{c1::mc^2}}$` beside another deletion lost its card without a word, and the
  // formula showed the braces: a formula's `}}` and `::` are written apart (so that they cannot
  // end a deletion around it), which disarms a deletion inside it.
  it('is the warning cloze-in-math for a deletion inside math while another stays live', () => {
    const rendered = renderNote(
      makeNote(
        { Text: 'Energy: $E = {{c1::mc^2}}$ by {{c2::Einstein}}', 'Back Extra': '' },
        {
          noteType: 'Cloze',
        },
      ),
    )
    expect(rendered.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['cloze-in-math', 'warning'],
    ])
    expect(rendered.diagnostics[0]?.message).toBe(
      'Unexpected cloze deletion `{{c1::` inside math, expected the math inside the deletion: a formula keeps its `}}` and `::` from ending a deletion around it, so this one is written as text there and makes no card',
    )
    // Math inside a deletion, and math in Back Extra (which Anki does not cloze), are no problem.
    expect(codes('A {{c1::$E = mc^2$}} and {{c2::$\\frac{a}{b}$}}')).toEqual([])
    expect(
      renderNote(
        makeNote({ Text: '{{c1::x}}', 'Back Extra': '$y = {{c2::z}}$' }, { noteType: 'Cloze' }),
      ).diagnostics,
    ).toEqual([])
    // With no deletion left live, cloze-without-deletion says it (above), not both.
    expect(codes('Math $x = {{c1::y}}$ only')).toEqual([['cloze-without-deletion', 'warning']])
  })
})

describe('a Cloze card Anki 2.1.15 imports empty', () => {
  const warned = (text: string) =>
    renderNote(makeNote({ Text: text, 'Back Extra': '' }, { noteType: 'Cloze' }))
      .diagnostics.filter((d) => d.code === 'cloze-empty-in-old-anki')
      .map((d) => [d.severity, d.message.match(/^Unexpected (cards? [\d, ]+) /)?.[1], d.hint])

  it('is the warning cloze-empty-in-old-anki, naming the card and what Anki read past', () => {
    expect(warned('Nested {{c1::a {{c2::b}} c}}')).toEqual([
      ['warning', 'card 2', expect.stringContaining('nested in another')],
    ])
    expect(warned('A {{c1::}} and {{c2::b}}')).toEqual([
      ['warning', 'card 2', expect.stringContaining('`{{c1::}}` hides nothing')],
    ])
    // The deletion's `}}` in code or math is text there: the field holds `{{c1::` open.
    for (const text of ['{{c1::`x}}` and {{c2::y}}', '{{c1::$a}}$ and {{c2::y}}']) {
      expect(warned(text), text).toEqual([
        ['warning', 'card 2', expect.stringContaining('`{{c1::` has no `}}` of its own')],
      ])
    }
    expect(warned('{{c1::a {{c2::b {{c3::c}} d}} e}}')).toEqual([
      ['warning', 'cards 2, 3', expect.any(String)],
    ])
  })

  it('is not said of deletions side by side, an empty one alone, nor one closed in the field', () => {
    for (const text of [
      '{{c1::a}} and {{c2::b}}',
      'Only {{c1::}} here',
      '{{c1::::a hint}}',
      // `\(` is an escaped parenthesis, not math: the field holds `{{c1::(a}}`.
      '{{c1::\\(a}}\\) and {{c2::y}}',
      'Whole in code `{{c1::x}}` and {{c2::y}}',
    ]) {
      expect(warned(text), text).toEqual([])
    }
  })
})

describe('cloze markers', () => {
  it('survive with Markdown rendered inside', () => {
    expect(front('{{c1::**bold**::a _hint_}} and {{c2::`x::y`}}', 'Cloze')).toBe(
      '{{c1::<strong>bold</strong>::a <em>hint</em>}} and {{c2::<code>x:&#58;y</code>}}',
    )
  })

  it('keep code from showing `::` or `}}` to Anki’s cloze parser', () => {
    const html = front(
      '{{c1::`std::io`}} and {{c2::`{a{b}}`}}\n\n```rust\nuse std::io;\n```',
      'Cloze',
    )
    expect(html).toContain('{{c1::<code>std:&#58;io</code>}}')
    expect(html).toContain('{{c2::<code>{a{b}&#125;</code>}}')
    expect(html).toContain('std:&#58;io;')
    // Outside Cloze notes code is left exactly as written.
    expect(front('`std::io` `}}`')).toBe('<code>std::io</code> <code>}}</code>')
  })

  it('keep math braces from closing the cloze early', () => {
    const html = front('{{c1::$\\frac{a}{b^{2}}$}} end', 'Cloze')
    // Anki ends a deletion at the first `}}` after `{{c1::`: it must be the real end.
    const body = html.slice(html.indexOf('{{c1::') + 6)
    expect(body.slice(body.indexOf('}}'))).toBe('}} end')
    expect(html).toContain('\\frac{a}{b^{2} }')
  })

  it('do not let an autolink swallow the closing braces', () => {
    expect(front('{{c1::https://example.com/a}}', 'Cloze')).toBe(
      '{{c1::<a href="https://example.com/a">https://example.com/a</a>}}',
    )
  })
})

describe('links', () => {
  it('keep only the schemes raw HTML may use: another scheme loses its href, with a warning', () => {
    for (const link of [
      '[smb](smb://evil.example/share/x.exe)',
      '[msdt](ms-msdt:/id%20PCWDiagnostic)',
      '[ref][r]\n\n[r]: microsoft-edge:https://evil.example/',
      '<intent://x#Intent;scheme=http;end>',
    ]) {
      const rendered = renderNote(makeNote({ Front: link, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).not.toContain('href')
      expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'unsafe-html-removed',
      ])
    }
    for (const link of [
      '[ok](https://example.org)',
      '[m](mailto:a@example.org)',
      '[o](obsidian://open?vault=v)',
      '[rel](notes/x.md)',
      '[top](#top)',
    ]) {
      const rendered = renderNote(makeNote({ Front: link, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).toContain('href')
      expect(rendered.diagnostics).toEqual([])
    }
  })

  it('link obsidian: only to open a note, as wikilinks do; any other action loses its href', () => {
    for (const link of [
      '[n](obsidian://new?vault=v&name=x&content=y)',
      '[a](obsidian://advanced-uri?vault=v&commandid=editor%3Atoggle)',
      '[s](obsidian://search?vault=v&query=x)',
      '[o](obsidian://open/../new?vault=v)',
      '[o](obsidian:open?vault=v)',
      '[o](obsidian:///home/u/x.md)',
      '[r][r]\n\n[r]: obsidian://new?content=x',
      '<a href="obsidian://new?content=x">h</a>',
      '<a href="OBSIDIAN://hook-get-address">h</a>',
      '<a href="obsidian:&#x2F;/new?content=x">h</a>',
      '<a href=" obsidian://new?content=x">h</a>',
      '<a href="obsidian://open\t/new?x">h</a>',
    ]) {
      const rendered = renderNote(makeNote({ Front: `x ${link}`, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).not.toContain('href')
      expect(
        rendered.diagnostics.map((diagnostic) => diagnostic.code),
        link,
      ).toEqual(['unsafe-html-removed'])
    }
    for (const link of [
      '[o](obsidian://open?vault=v&file=a)',
      '[o](OBSIDIAN://open?vault=v)',
      '<a href="obsidian://open?vault=v&amp;file=a">h</a>',
    ]) {
      const rendered = renderNote(makeNote({ Front: link, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).toContain('href')
      expect(rendered.diagnostics, link).toEqual([])
    }
    const wikilink = renderNote({
      ...makeNote({ Front: '[[Some note#h|alias]]', Back: '' }),
      obsidianVault: 'My vault',
    })
    expect(wikilink.fields.Front).toBe(
      '<a href="obsidian://open?vault=My%20vault&amp;file=Some%20note%23h">alias</a>',
    )
  })

  it('the scan sends every note with such a link to the HTML check', () => {
    expect(noteMayNeedHtmlCheck({ fields: { Front: '[smb](smb://evil/x)' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Front: '[r]: ms-msdt:/id' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Front: 'get ftp://a.b/c' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Front: '[n](obsidian://new?content=x)' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Front: '[n](obsidian:%2F%2Fnew)' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Front: '[o](obsidian://open?vault=v)' } })).toBe(false)
    expect(
      noteMayNeedHtmlCheck({ fields: { Front: '[ok](https://example.org) [rel](a.md)' } }),
    ).toBe(false)
  })
})

describe('links to a document beside the card that runs script', () => {
  // Opened by a click, an SVG in the card's folder (Anki's media, the preview's) runs its script.
  it('lose their href, with a warning, however the URL is written', () => {
    for (const link of [
      '[see](evil-0123456789abcdef.svg)',
      '[see](EVIL.SVG?x=1#top)',
      '[see](evil%2Esvg)',
      '[see](./sub/../page.xhtml)',
      '[see](/evil.html)',
      '[ref][r]\n\n[r]: evil.svgz',
      '<a href="evil.s&#9;vg">see</a>',
      '<a href="http:evil.svg">see</a>',
      // Windows opens these as `page.html`, whose type a server then cannot tell: sniffed as HTML.
      '[see](page.html.)',
      '[see](page.html%20)',
      '[see](page.html.%20.)',
    ]) {
      const rendered = renderNote(makeNote({ Front: link, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).not.toContain('href')
      expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'unsafe-html-removed',
      ])
      expect(noteMayNeedHtmlCheck({ fields: { Front: link } }), link).toBe(true)
    }
  })

  it('keep other relative links and links to other hosts', () => {
    for (const link of [
      '[note](Other%20note.md)',
      '[pic](diagram.png)',
      '[site](https://example.org/logo.svg)',
      '[host](//example.org/a.html)',
    ]) {
      const rendered = renderNote(makeNote({ Front: link, Back: '' }, { noteType: 'Basic' }))
      expect(rendered.fields.Front, link).toContain('href')
      expect(rendered.diagnostics).toEqual([])
    }
  })
})

describe('Obsidian comments', () => {
  it('are no part of the card: text, media and clozes in them are left out', () => {
    expect(front('What %%answer key: 42%%is it?')).toBe('What is it?')
    expect(front('Q\n\n%%\nprivate\n\nnotes\n%%\n\nR')).toBe('<p>Q</p>\n<p>R</p>')
    const note = makeNote({ Front: 'Q %%![[private.png]] ![](gone.png)%%', Back: 'b' })
    const rendered = renderNote(note)
    expect(rendered.media).toEqual([])
    expect(rendered.diagnostics).toEqual([])
    expect(front('{{c1::a}} %%{{c2::b}}%%', 'Cloze')).toBe('{{c1::a}}')
  })

  it('stay text in code and when unclosed, as in Obsidian', () => {
    expect(front('`%%d%%` and 100%% sure')).toBe('<code>%%d%%</code> and 100%% sure')
  })
})

describe('Markdown conventions', () => {
  it('autolinks every scheme linkify knows, and bare e-mail addresses, in any case', () => {
    expect(front('write to a.b@example.org today')).toBe(
      'write to <a href="mailto:a.b@example.org">a.b@example.org</a> today',
    )
    // Linkified, but `ftp:` is no scheme a card may link to: the link keeps its text only.
    expect(front('get ftp://ftp.example.org/f.txt')).toBe('get <a>ftp://ftp.example.org/f.txt</a>')
    expect(front('mailto:me@example.org please')).toBe(
      '<a href="mailto:me@example.org">mailto:me@example.org</a> please',
    )
    expect(front('HTTPS://EXAMPLE.COM/X and Www.Example.com')).toBe(
      '<a href="HTTPS://EXAMPLE.COM/X">HTTPS://EXAMPLE.COM/X</a> and <a href="http://Www.Example.com">Www.Example.com</a>',
    )
    expect(front('plain words with: a colon and //slashes')).toBe(
      'plain words with: a colon and //slashes',
    )
  })

  it('unwraps a single paragraph and turns single newlines into <br>', () => {
    expect(front('one\ntwo')).toBe('one<br>\ntwo')
  })

  it('reads CR and CRLF line ends as newlines and NUL as U+FFFD', () => {
    expect(front('a\r\nb\rc\r\n\r\nd\0e')).toBe('<p>a<br>\nb<br>\nc</p>\n<p>d\uFFFDe</p>')
    expect(front('a\r\nb\rc\r\n\r\nd\0e')).toBe(front('a\nb\nc\n\nd\uFFFDe'))
  })

  it('keeps balanced <p> for several paragraphs', () => {
    expect(front('one\n\ntwo')).toBe('<p>one</p>\n<p>two</p>')
  })

  it('renders ==mark==, strikethrough, tables and task lists', () => {
    expect(front('==hi **there**==')).toBe('<mark>hi <strong>there</strong></mark>')
    expect(front('~~no~~')).toBe('<s>no</s>')
    expect(front('| a |\n|---|\n| b |')).toContain('<td>b</td>')
    expect(front('- [x] done')).toContain('<input type="checkbox" disabled checked> done')
  })

  it('highlights fenced code with hljs classes and leaves inline code plain', () => {
    const html = front('```python\nprint("x")\n```')
    expect(html).toMatch(/^<pre><code class="hljs python language-python">/)
    expect(html).toContain('<span class="hljs-built_in">print</span>')
    expect(front('`print()`')).toBe('<code>print()</code>')
    // `shell` is a script (bash); `console` is a session with prompts.
    expect(front('```shell\necho hi\n```')).toContain('<span class="hljs-built_in">echo</span>')
    expect(front('```console\n$ echo hi\n```')).toContain(
      '<span class="hljs-meta prompt_">$ </span>',
    )
  })

  it('shows wikilinks as text, or as obsidian:// links for a note of a named vault', () => {
    expect(front('[[Note]], [[Note|alias]], [[Note#Head]], [[Note#^id]]')).toBe(
      'Note, alias, Note &gt; Head, Note &gt; ^id',
    )
    const linked = (Front: string) =>
      renderNote({ ...makeNote({ Front, Back: '' }), obsidianVault: 'V a' }).fields.Front
    expect(linked('[[My Note|x]]')).toBe(
      '<a href="obsidian://open?vault=V%20a&amp;file=My%20Note">x</a>',
    )
    // The heading or block goes with the note's name, as in the plugin's links (Obsidian opens it there).
    expect(linked('[[Dir/My Note#Head]]')).toBe(
      '<a href="obsidian://open?vault=V%20a&amp;file=Dir%2FMy%20Note%23Head">Dir/My Note &gt; Head</a>',
    )
    expect(linked('[[N#^id1]]')).toBe(
      '<a href="obsidian://open?vault=V%20a&amp;file=N%23%5Eid1">N &gt; ^id1</a>',
    )
    // A link to a heading of the same note opens nothing else: its text.
    expect(linked('[[#Head]]')).toBe('Head')
    // A Markdown link into the vault is Obsidian's link too; one with a scheme, or to a heading, is not.
    expect(linked('[t](Other%20note.md) [u](<Dir/My note#Head>)')).toBe(
      '<a href="obsidian://open?vault=V%20a&amp;file=Other%20note.md">t</a> <a href="obsidian://open?vault=V%20a&amp;file=Dir%2FMy%20note%23Head">u</a>',
    )
    // Every escape in the path is read back, `&` and `+` too: the file is `Q&A + more.md`.
    expect(linked('[q](Q%26A%20%2B%20more.md)')).toBe(
      '<a href="obsidian://open?vault=V%20a&amp;file=Q%26A%20%2B%20more.md">q</a>',
    )
    expect(linked('[w](https://x.org/a.md) [h](#Head) [m](mailto:a@b.c)')).toBe(
      '<a href="https://x.org/a.md">w</a> <a href="#Head">h</a> <a href="mailto:a@b.c">m</a>',
    )
    expect(front('[t](Other%20note.md)')).toBe('<a href="Other%20note.md">t</a>')
    // A vault name and target that would close the attribute stay inside it.
    expect(
      renderNote({ ...makeNote({ Front: '[["><b>x]]', Back: '' }), obsidianVault: '"<v>' }).fields
        .Front,
    ).toBe(
      '<a href="obsidian://open?vault=%22%3Cv%3E&amp;file=%22%3E%3Cb%3Ex">&quot;&gt;&lt;b&gt;x</a>',
    )
  })
})

describe('unsafe HTML', () => {
  it('removes scripts, handlers and script URLs with a warning, keeping the rest', () => {
    const rendered = renderNote(
      makeNote({
        Front: '<div class="k" onclick="x()">kept</div>\n\n<script>alert(1)</script>',
        Back: '<a href="javascript:alert(1)" title="t">a</a> <img src="https://e.x/i.png" onerror=y()>',
      }),
    )
    expect(rendered.fields.Front).toBe('<div class="k">kept</div>')
    expect(rendered.fields.Back).toBe('<a title="t">a</a>')
    expect(rendered.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['unsafe-html-removed', 'warning'],
      ['unsafe-html-removed', 'warning'],
      ['remote-image', 'warning'],
    ])
  })

  it('leaves escaped text that merely looks like HTML alone', () => {
    const rendered = renderNote(makeNote({ Front: '`<script>` and `onclick=`', Back: '' }))
    expect(rendered.fields.Front).toBe('<code>&lt;script&gt;</code> and <code>onclick=</code>')
    expect(rendered.diagnostics).toEqual([])
  })
})

describe('media', () => {
  it('packages local images and sounds under Anki-safe, deterministic names', () => {
    const { vault } = makeTempVault()
    const image = writeFile(join(vault, 'notes', 'a diagram (v2).PNG'))
    writeFile(join(vault, 'audio', 'clip.mp3'))
    const note = makeNote(
      { Front: '![[a diagram (v2).PNG]] ![x](a%20diagram%20(v2).PNG)', Back: '![[clip.mp3]]' },
      { vaultRoot: vault },
    )
    const first = renderNote(note)
    expect(first.diagnostics).toEqual([])
    expect(first.media.map((m) => m.kind).sort()).toEqual(['audio', 'image'])
    const picture = first.media.find((m) => m.kind === 'image')!
    expect(picture.sourcePath).toBe(image)
    expect(normalizeAnkiFilename(picture.name)).toBe(picture.name)
    expect(first.fields.Front).toBe(
      `<img src="${picture.name}"> <img src="${picture.name}" alt="x">`,
    )
    const sound = first.media.find((m) => m.kind === 'audio')!
    expect(first.fields.Back).toBe(`[sound:${sound.name}]`)
    expect(renderNote(note)).toEqual(first)
  })

  // Anki's editor writes an attached video as a sound tag, and its player (mpv, mplayer) shows it:
  // `audio` in aqt/editor.py, 2.1.15 (mp4, mov, mkv, mpeg, 3gp, …) and current (avi, ogv, webm, …).
  it('packages a video as Anki’s editor does, as a sound tag its player shows', () => {
    const { vault } = makeTempVault()
    const names = ['clip.mp4', 'demo.MOV', 'talk.mkv', 'old.avi', 'lab.mpeg', 'phone.3gp', 'v.ogv']
    for (const name of names) writeFile(join(vault, 'video', name))
    const note = makeNote(
      { Front: names.map((name) => `![[${name}]]`).join(' '), Back: '![](clip.mp4)' },
      { vaultRoot: vault },
    )
    const rendered = renderNote(note)
    expect(rendered.diagnostics).toEqual([])
    expect(rendered.media.map((m) => m.kind)).toEqual(names.map(() => 'audio'))
    const soundOf = (name: string) =>
      `[sound:${rendered.media.find((m) => m.sourcePath.endsWith(name))!.name}]`
    expect(rendered.fields.Front).toBe(names.map(soundOf).join(' '))
    expect(rendered.fields.Back).toBe(soundOf('clip.mp4'))
  })

  // The hint said to write `\<` for a literal `<`: of no help to a teacher pasting a video player.
  it('says how to embed a video or sound written as an HTML player, which cards may not hold', () => {
    for (const player of ['<video controls src="clip.mp4"></video>', '<audio src="a.mp3">']) {
      const rendered = renderNote(makeNote({ Front: `Watch ${player}`, Back: 'b' }))
      expect(rendered.diagnostics.map((d) => [d.code, d.hint])).toEqual([
        [
          'unsafe-html-removed',
          'Anki plays sound and video from a `[sound:…]` tag, not from `<video>` or `<audio>`: embed the file (`![[clip.mp4]]`), and decklab packages it and writes the tag',
        ],
      ])
    }
  })

  it('keeps a Markdown image’s title, the tooltip Obsidian and the plugin’s card show', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'pic.png'))
    const note = makeNote(
      { Front: '![x](pic.png "The <b>title</b> & more") ![y](pic.png)', Back: '' },
      { vaultRoot: vault },
    )
    const rendered = renderNote(note)
    expect(rendered.diagnostics).toEqual([])
    const name = rendered.media[0]!.name
    expect(rendered.fields.Front).toBe(
      `<img src="${name}" alt="x" title="The &lt;b&gt;title&lt;/b&gt; &amp; more"> <img src="${name}" alt="y">`,
    )
  })

  it('sizes a Markdown image as Obsidian does: `![alt|100x50](p.png)`, `![|40](p.png)`', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'pic.png'))
    const note = makeNote(
      { Front: '![A diagram|100x50](pic.png) ![|40](pic.png) ![a|b](pic.png)', Back: '' },
      { vaultRoot: vault },
    )
    const rendered = renderNote(note)
    expect(rendered.diagnostics).toEqual([])
    const name = rendered.media[0]!.name
    expect(rendered.fields.Front).toBe(
      `<img src="${name}" alt="A diagram" width="100" height="50"> <img src="${name}" width="40"> <img src="${name}" alt="a|b">`,
    )
  })

  it('gives two files with the same basename different names', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'a', 'pic.png'), 'one')
    writeFile(join(vault, 'b', 'pic.png'), 'two')
    const rendered = renderNote(
      makeNote({ Front: '![[a/pic.png]] ![[b/pic.png]]', Back: '' }, { vaultRoot: vault }),
    )
    const names = rendered.media.map((m) => m.name)
    expect(new Set(names).size).toBe(2)
  })

  it('loads no remote image: the image becomes its alt text, with a warning naming the URL', () => {
    const rendered = renderNote(makeNote({ Front: '![alt](https://e.x/p.png)', Back: '' }))
    expect(rendered.fields.Front).toBe('alt')
    expect(rendered.media).toEqual([])
    expect(rendered.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['remote-image', 'warning'],
    ])
    expect(rendered.diagnostics[0]!.message).toContain('`https://e.x/p.png`')
    expect(rendered.diagnostics[0]!.hint).toContain('into the vault')
  })

  it('loads no remote image from raw HTML either, however its URL is written', () => {
    for (const [html, url] of [
      ['<img src="https://tracker.example/p.png" alt="a">', 'https://tracker.example/p.png'],
      ['<IMG SRC="https://tracker.example/p.png" alt="a">', 'https://tracker.example/p.png'],
      ['<img src="//tracker.example/p.png" alt="a">', '//tracker.example/p.png'],
      ['<img src="\\\\tracker.example\\p.png" alt="a">', '\\\\tracker.example\\p.png'],
      ['<img src="/\\tracker.example/p.png" alt="a">', '/\\tracker.example/p.png'],
      ['<img src="http:tracker.example/p.png" alt="a">', 'http:tracker.example/p.png'],
      [
        '<img src="https:&#92;&#92;tracker.example/p.png" alt="a">',
        'https:\\\\tracker.example/p.png',
      ],
      ['<img src="&#x2F;/tracker.example/p.png" alt="a">', '//tracker.example/p.png'],
    ]) {
      const rendered = renderNote(makeNote({ Front: `x ${html}`, Back: '' }))
      expect(rendered.fields.Front, html).toBe('x a')
      expect(
        rendered.diagnostics.map((d) => [d.code, d.message.includes(`\`${url}\``)]),
        html,
      ).toEqual([['remote-image', true]])
    }
    const markdown = renderNote(makeNote({ Front: 'x ![a](//tracker.example/p.png)', Back: '' }))
    expect(markdown.fields.Front).toBe('x a')
    expect(markdown.diagnostics.map((d) => d.code)).toEqual(['remote-image'])
  })

  it('keeps data: images of Markdown, which load nothing', () => {
    const image = '![d](data:image/png;base64,iVBORw0KGgo=)'
    const rendered = renderNote(makeNote({ Front: image, Back: '' }))
    expect(rendered.fields.Front).toBe('<img src="data:image/png;base64,iVBORw0KGgo=" alt="d">')
    expect(rendered.diagnostics).toEqual([])
  })

  it('reads a colon after a word that is no URL scheme as part of a file name', () => {
    const { vault } = makeTempVault()
    const colon = writeFile(join(vault, 'notes', 'foo:bar.png'))
    const screenshot = writeFile(join(vault, 'shots', 'Shot 12:30.png'))
    const rendered = renderNote(
      makeNote(
        { Front: '![](foo:bar.png) <img src="foo:bar.png">', Back: '![](<Shot 12:30.png>)' },
        { vaultRoot: vault },
      ),
    )
    expect(rendered.diagnostics).toEqual([])
    expect(rendered.media.map((m) => m.sourcePath).sort()).toEqual([colon, screenshot].sort())
    const name = rendered.media.find((m) => m.sourcePath === colon)!.name
    expect(name).toMatch(/^foo_bar-[0-9a-f]+\.png$/)
    expect(rendered.fields.Front).toBe(`<img src="${name}"> <img src="${name}">`)
    // Not there: reported, where it was left as a URL no webview loads.
    const missing = renderNote(
      makeNote({ Front: '![](note:diagram.png)', Back: '' }, { vaultRoot: vault }),
    )
    expect(missing.diagnostics.map((d) => [d.code, d.message.split(',')[0]])).toEqual([
      ['missing-media', 'Unexpected missing media file `note:diagram.png`'],
    ])
  })

  it('leaves URLs as written: `//`, any scheme with `//`, and the schemes used without it', () => {
    const { vault } = makeTempVault()
    for (const url of ['https://e.x/p.png', 'HTTP://e.x/p.png', '//e.x/p.png', 'http:p.png']) {
      const rendered = renderNote(
        makeNote({ Front: `x ![](${url}) <img src="${url}">`, Back: '' }, { vaultRoot: vault }),
      )
      expect(rendered.media, url).toEqual([])
      // Remote: not loaded (`http:p.png` is `http://p.png/` in a page that is not http).
      expect(rendered.fields.Front, url).not.toContain('e.x')
      expect(
        rendered.diagnostics.filter((d) => d.code !== 'unsafe-html-removed').map((d) => d.code),
        url,
      ).toEqual(['remote-image'])
    }
    for (const url of [
      'file:///tmp/p.png',
      'app://local/p.png',
      'data:image/png;base64,iVBORw0KGgo=',
      'about:blank',
    ]) {
      const rendered = renderNote(
        makeNote({ Front: `![](${url}) <img src="${url}">`, Back: '' }, { vaultRoot: vault }),
      )
      expect(rendered.media, url).toEqual([])
      expect(
        rendered.diagnostics.filter((d) => d.code !== 'unsafe-html-removed'),
        url,
      ).toEqual([])
    }
  })

  it('refuses media outside the vault, through ../ or a symlink, and never packages it', () => {
    const { vault, outside } = makeTempVault()
    const secret = writeFile(join(outside, 'secret.png'))
    symlinkSync(secret, join(vault, 'notes-link.png'))
    writeFile(join(vault, 'notes', 'card.md'))
    const rendered = renderNote(
      makeNote(
        { Front: '![](../../outside/secret.png)', Back: `![[notes-link.png]] ![](${secret})` },
        { vaultRoot: vault, line: 12 },
      ),
    )
    expect(rendered.media).toEqual([])
    expect(rendered.diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([
      ['media-outside-vault', 'error', 'notes/card.md', 12],
      ['media-outside-vault', 'error', 'notes/card.md', 12],
      ['media-outside-vault', 'error', 'notes/card.md', 12],
    ])
  })

  it('refuses hidden media inside the vault (a home folder as vault root), and never packages it', () => {
    const { vault } = makeTempVault()
    // The vault root is the folder decklab runs in: a shared vault built from a home folder.
    writeFile(join(vault, '.ssh', 'id_rsa'))
    writeFile(join(vault, '.env'))
    writeFile(join(vault, '.attachments', 'pic.png'))
    mkdirSync(join(vault, 'notes'))
    symlinkSync(join(vault, '.ssh', 'id_rsa'), join(vault, 'notes', 'key.png'))
    const rendered = renderNote(
      makeNote(
        {
          Front: '![](../.ssh/id_rsa) <img src="../.env">',
          Back: '![[key.png]] ![](../.attachments/pic.png)',
        },
        { vaultRoot: vault, line: 3 },
      ),
    )
    expect(rendered.media).toEqual([])
    expect(rendered.diagnostics.map((d) => [d.code, d.message.split(' in the vault')[0]])).toEqual([
      ['hidden-media', 'Unexpected media `../.ssh/id_rsa` under the hidden name `.ssh`'],
      ['hidden-media', 'Unexpected media `../.env` under the hidden name `.env`'],
      ['hidden-media', 'Unexpected media `key.png` under the hidden name `.ssh`'],
      [
        'hidden-media',
        'Unexpected media `../.attachments/pic.png` under the hidden name `.attachments`',
      ],
    ])
  })

  it('packages local images written as raw HTML', () => {
    const { vault, outside } = makeTempVault()
    writeFile(join(vault, 'notes', 'raw.png'))
    const secret = writeFile(join(outside, 'secret.png'))
    const rendered = renderNote(
      makeNote(
        { Front: '<img src="raw.png" width="50">', Back: `<p><img src="${secret}"></p>` },
        { vaultRoot: vault },
      ),
    )
    expect(rendered.media.map((m) => m.sourcePath)).toEqual([join(vault, 'notes', 'raw.png')])
    expect(rendered.fields.Front).toBe(`<img src="${rendered.media[0]!.name}" width="50">`)
    expect(rendered.diagnostics.map((d) => d.code)).toEqual(['media-outside-vault'])
  })

  describe('in raw HTML, read as a browser reads them', () => {
    /** Render `html` as a Basic note's front in a vault holding `files` next to the note. */
    function rawFront(html: string, files: string[] = []) {
      const { vault } = makeTempVault()
      for (const file of files) writeFile(join(vault, 'notes', file))
      const rendered = renderNote(makeNote({ Front: html, Back: '' }, { vaultRoot: vault }))
      return {
        html: rendered.fields.Front!,
        media: rendered.media.map((m) => basename(m.sourcePath)),
        names: rendered.media.map((m) => m.name),
        problems: rendered.diagnostics.map((d) => [d.code, d.message.split(',')[0]]),
      }
    }
    const missing = (link: string) => ['missing-media', `Unexpected missing media file \`${link}\``]

    it('takes the src attribute, never `src=` inside another attribute value', () => {
      const altFirst = rawFront('<img alt=" src=a.png" src="missing.png">', ['a.png'])
      expect(altFirst.problems).toEqual([missing('missing.png')])
      expect(altFirst.media).toEqual([])
      // The alt's `=` is written `&#61;`: Anki 2.1.15's reviewer would read ` src=` there as the file.
      expect(altFirst.html).toBe('<img alt=" src&#61;a.png" src="missing.png">')
      const titleFirst = rawFront('<img title=" src=x" src="a.png">', ['a.png'])
      expect(titleFirst.problems).toEqual([])
      expect(titleFirst.media).toEqual(['a.png'])
      expect(titleFirst.html).toBe(`<img title=" src&#61;x" src="${titleFirst.names[0]}">`)
    })

    it("leaves an `<img` inside another element's attribute value as that value", () => {
      const html = '<span title="<img src=a.png>">tip</span>'
      const rendered = rawFront(html, ['a.png'])
      expect(rendered).toMatchObject({ media: [], problems: [] })
      expect(rendered.html).toBe(sanitizeHtml(html).html)
      expect(rendered.html).toMatch(/>tip<\/span>$/)
    })

    it('ignores images in comments and in raw-text elements, inline or as blocks', () => {
      for (const html of [
        '<!-- old: <img src="old-diagram.png"> -->',
        'See <!-- <img src="old-diagram.png"> --> this',
        '<!-- unclosed\n\n<img src="old-diagram.png">',
        'Type <textarea><img src="old-diagram.png"></textarea> here',
        '<textarea>\n<img src="old-diagram.png">\n</textarea>',
        '<title><img src="old-diagram.png"></title>',
        '<style>\np { color: red }\n<img src="old-diagram.png">\n</style>',
        'Run <script>"<img src=old-diagram.png>"</script> now',
        '<noscript><img src="old-diagram.png"></noscript>',
        '<template><img src="old-diagram.png"></template>',
      ]) {
        for (const files of [[], ['old-diagram.png']]) {
          const rendered = rawFront(html, files)
          expect(rendered.media, html).toEqual([])
          expect(
            rendered.problems.filter(
              ([code]) => code !== 'unsafe-html-removed' && code !== 'missing-first-field',
            ),
            html,
          ).toEqual([])
          // The same HTML whether the file is there or not: nothing was rewritten.
          expect(rendered.html, html).toBe(
            renderNote(makeNote({ Front: html, Back: '' })).fields.Front,
          )
        }
      }
    })

    it('decodes character references in src before taking it as a path', () => {
      for (const html of [
        '<img src="caf&eacute;.png">',
        '<img src="&#99;af&#233;.png">',
        '<img src=caf&#xE9;.png>',
        '<img src="caf&eacute;.png&#63;v=2&#35;top">',
        '<img src="caf%C3%A9.png">',
      ]) {
        const rendered = rawFront(html, ['café.png'])
        expect(rendered.problems, html).toEqual([])
        expect(rendered.media, html).toEqual(['café.png'])
        expect(rendered.html, html).toBe(`<img src="${rendered.names[0]}">`)
      }
      expect(rawFront('<img src="&#99;af&#233;.png">').problems).toEqual([missing('café.png')])
      expect(rawFront('<img src="a&amp;b.png">', ['a&b.png']).media).toEqual(['a&b.png'])
    })

    it('reads src as a URL parser does: spaces around it and newlines in it dropped', () => {
      for (const html of ['<img src=" a.png ">', '<img src="&#9;a.\npng&#10;">']) {
        const rendered = rawFront(html, ['a.png'])
        expect(rendered.problems, html).toEqual([])
        expect(rendered.media, html).toEqual(['a.png'])
      }
    })

    it('rewrites only the src value, keeping the rest of the tag as written', () => {
      const rendered = rawFront(
        "<IMG Alt='a \"b\"' SRC = a.png width=50> and <image src='b.png'>",
        ['a.png', 'b.png'],
      )
      expect(rendered.problems).toEqual([])
      expect(rendered.media.sort()).toEqual(['a.png', 'b.png'])
      const [a, b] = rendered.names[0]!.startsWith('a') ? rendered.names : rendered.names.reverse()
      expect(rendered.html).toBe(
        sanitizeHtml(`<IMG Alt='a "b"' SRC = "${a}" width=50> and <image src="${b}">`).html,
      )
    })

    it('reads the field as a whole: what one raw block leaves open holds the next', () => {
      for (const html of [
        '<div title="x\n\n<img src=gone.png>\n\n">',
        '> <!-- x\n\n<img src="gone.png">',
        'a <textarea>\n\n<img src="gone.png">',
      ]) {
        expect(
          rawFront(html).problems.filter(([code]) => code === 'missing-media'),
          html,
        ).toEqual([])
      }
    })

    it('leaves Markdown images to the Markdown rule, whatever raw HTML is around them', () => {
      const rendered = rawFront(
        '<b>![](a.png)</b> ![](a.png) <i>x</i>\n\n<div>\n\n![](a.png)\n\n</div>',
        ['a.png'],
      )
      expect(rendered.problems).toEqual([])
      expect(rendered.media).toEqual(['a.png'])
      expect(rendered.html.match(/<img [^>]*>/g)).toEqual(
        Array(3).fill(`<img src="${rendered.names[0]}">`),
      )
    })
  })

  describe('only where the final HTML shows them', () => {
    /** Render `markdown` as a Basic note's front in a vault holding `files` next to the note. */
    function shownFront(markdown: string, files: string[]) {
      const { vault } = makeTempVault()
      for (const file of files) writeFile(join(vault, 'notes', file))
      const rendered = renderNote(makeNote({ Front: markdown, Back: '' }, { vaultRoot: vault }))
      return {
        html: rendered.fields.Front!,
        media: rendered.media.map((m) => basename(m.sourcePath)),
        names: rendered.media.map((m) => m.name),
        lookups: rendered.lookups.length,
        problems: rendered.diagnostics
          // A field of hidden content only renders to nothing: that error is tested on its own.
          .filter((d) => d.code !== 'unsafe-html-removed' && d.code !== 'missing-first-field')
          .map((d) => [d.code, d.message.split(',')[0]]),
      }
    }
    const hidden = [
      // In an element the sanitizer removes with its content.
      'Type <textarea>![](old.png)</textarea> here',
      'Was <video>![](old.png) ![[old.png]]</video>',
      'Run <script>![[old.mp3]]</script> now',
      '<template>![](old.png)</template>',
      '<video><img src="old.png"></video>',
      '<video>\n<img src="old.png">\n</video>',
      // After a comment one block leaves open: the rest of the field is in it.
      '> <!-- old\n\n![](old.png) ![](old.mp3) ![[old.png]] <img src="old.png">',
    ]

    it('packages nothing for a link in a comment, in textarea text or in a removed element', () => {
      for (const markdown of hidden) {
        const rendered = shownFront(markdown, ['old.png', 'old.mp3'])
        expect(rendered.media, markdown).toEqual([])
        expect(rendered.lookups, markdown).toBe(0)
        expect(rendered.problems, markdown).toEqual([])
        expect(rendered.html, markdown).not.toMatch(/old/)
      }
    })

    it('reports no missing file for such a link, and still reports one the card shows', () => {
      for (const markdown of hidden) {
        expect(shownFront(markdown, []).problems, markdown).toEqual([])
      }
      const shown = shownFront('![](gone.png) <textarea>![](old.png)</textarea> ![[gone.mp3]]', [])
      expect(shown.problems).toEqual([
        ['missing-media', 'Unexpected missing media file `gone.png`'],
        ['missing-media', 'Unexpected missing media file `gone.mp3`'],
      ])
      const raw = shownFront('<p><img src="gone.png"></p><video><img src="old.png"></video>', [])
      expect(raw.problems).toEqual([['missing-media', 'Unexpected missing media file `gone.png`']])
    })

    it('packages a file the card shows once, however often it is also hidden', () => {
      const rendered = shownFront(
        'Was <textarea>![](a.png)</textarea> ![](a.png) <video>![](a.png)</video>',
        ['a.png'],
      )
      expect(rendered.media).toEqual(['a.png'])
      expect(rendered.html).toBe(`Was  <img src="${rendered.names[0]}">`)
    })

    it('reads the tree a browser builds: an image the parser moves out of `<svg>` is shown', () => {
      const rendered = shownFront('<svg><img src="a.png"></svg> and ![](b.mp3)', ['a.png', 'b.mp3'])
      expect(rendered.media.sort()).toEqual(['a.png', 'b.mp3'])
      expect(rendered.html).toMatch(/^<img src="a-[0-9a-f]+\.png"> and \[sound:b-[0-9a-f]+\.mp3\]$/)
    })
  })

  it('reports missing media as an error', () => {
    const { vault } = makeTempVault()
    const rendered = renderNote(
      makeNote({ Front: '![[gone.png]]', Back: '' }, { vaultRoot: vault }),
    )
    expect(rendered.diagnostics.map((d) => d.code)).toEqual(['missing-media'])
    expect(rendered.media).toEqual([])
  })

  it('takes an image link without an extension as an image: packaged when there, reported when not', () => {
    const { vault } = makeTempVault()
    const diagram = writeFile(join(vault, 'diagram'))
    const rendered = renderNote(
      makeNote(
        { Front: '![a diagram](diagram)', Back: '<img src="img/nothere"> <img src="#top">' },
        { vaultRoot: vault },
      ),
    )
    expect(rendered.media.map((m) => m.sourcePath)).toEqual([diagram])
    expect(rendered.fields.Front).toContain(
      `<img src="${rendered.media[0]!.name}" alt="a diagram">`,
    )
    expect(rendered.diagnostics.map((d) => [d.code, d.message.split(',')[0]])).toEqual([
      ['missing-media', 'Unexpected missing media file `img/nothere`'],
    ])
  })

  it('says the vault root is a folder, and a media link that loops is unreadable, not missing', () => {
    const { vault } = makeTempVault()
    symlinkSync('loop.png', join(vault, 'loop.png'))
    const rendered = renderNote(
      makeNote(
        { Front: '![](.)', Back: '![[loop.png]]' },
        { vaultRoot: vault, notePath: join(vault, 'card.md') },
      ),
    )
    expect(rendered.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['media-not-a-file', 'Unexpected media `.` that is a folder, expected a file'],
      [
        'media-not-a-file',
        'Unexpected media `loop.png` that is unreadable (ELOOP), expected a file',
      ],
    ])
  })

  it('reports a folder or a FIFO under a media name as not a file, never as missing', () => {
    const { vault } = makeTempVault()
    mkdirSync(join(vault, 'shots.png'))
    execFileSync('mkfifo', [join(vault, 'pipe.png')])
    const rendered = renderNote(
      makeNote({ Front: '![[shots.png]]', Back: '![](pipe.png)' }, { vaultRoot: vault }),
    )
    expect(rendered.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['media-not-a-file', 'Unexpected media `shots.png` that is a folder, expected a file'],
      ['media-not-a-file', 'Unexpected media `pipe.png` that is a FIFO, expected a file'],
    ])
    expect(rendered.media).toEqual([])
  })

  it('finds a bare file name anywhere in the vault, shortest path first', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'deep', 'er', 'x.png'))
    const shallow = writeFile(join(vault, 'assets', 'x.png'))
    const rendered = renderNote(
      makeNote({ Front: '![[x.png|120]]', Back: '' }, { vaultRoot: vault }),
    )
    expect(rendered.media.map((m) => m.sourcePath)).toEqual([shallow])
    expect(rendered.fields.Front).toBe(`<img src="${rendered.media[0]!.name}" width="120">`)
  })
})

describe('lab footer', () => {
  const lab = { lab: 'stale-socket', check: 'refused', line: 3, column: 1 }

  it('goes in a Lab field of its own, never into the answer a typed card compares with', () => {
    const rendered = renderNote(
      makeNote(
        { Front: 'q', Back: 'ECONNREFUSED' },
        {
          noteType: 'Basic (type in the answer)',
          labs: [lab],
        },
      ),
    )
    expect(Object.keys(rendered.fields)).toEqual(['Front', 'Back', 'Lab'])
    expect(rendered.fields.Front).toBe('q')
    expect(rendered.fields.Back).toBe('ECONNREFUSED')
    expect(rendered.fields.Lab).toMatch(/^<div class="decklab-lab">/)
    expect(rendered.fields.Lab).toContain('npx decklab lab run stale-socket')
    expect(rendered.fields.Lab).toContain('refused')
  })

  it('says where its command runs: `npx decklab` outside a clone of the repository asks the npm registry', () => {
    const rendered = renderNote(makeNote({ Front: 'q', Back: 'a' }, { labs: [lab] }))
    expect(rendered.fields.Lab).toContain(
      '<span class="decklab-lab-title">Lab</span> (run in a clone of the decklab repository this deck was built with, after <code>npm install</code> there)<ul>',
    )
  })

  it('comes after the note type fields for Cloze, and is absent without labs', () => {
    const rendered = renderNote(
      makeNote({ Text: '{{c1::x}}', 'Back Extra': '' }, { noteType: 'Cloze', labs: [lab] }),
    )
    expect(Object.keys(rendered.fields)).toEqual(['Text', 'Back Extra', 'Lab'])
    expect(rendered.fields['Back Extra']).toBe('')
    const withoutLabs = renderNote(
      makeNote({ Text: '{{c1::x}}', 'Back Extra': '' }, { noteType: 'Cloze' }),
    )
    expect(Object.keys(withoutLabs.fields)).toEqual(['Text', 'Back Extra'])
  })

  it('names a lab once, with every check the card names of it (`Lab: a#x, a#y`, `Lab: a, a#x`)', () => {
    const footer = (labs: Array<{ lab: string; check?: string }>): string =>
      renderNote(
        makeNote(
          { Front: 'q', Back: 'a' },
          { labs: labs.map((link) => ({ ...link, line: 3, column: 1 })) },
        ),
      ).fields.Lab ?? ''
    const twoChecks = footer([
      { lab: 'stale-socket', check: 'refused' },
      { lab: 'stale-socket', check: 'rebind' },
      { lab: 'msg-trunc' },
    ])
    expect(twoChecks).toBe(
      '<div class="decklab-lab"><span class="decklab-lab-title">Lab</span> (run in a clone of the decklab repository this deck was built with, after <code>npm install</code> there)<ul>' +
        '<li><span class="decklab-lab-name">stale-socket</span> <span class="decklab-lab-check">checks <code>refused</code>, <code>rebind</code></span>: <code class="decklab-lab-command">npx decklab lab run stale-socket</code></li>' +
        '<li><span class="decklab-lab-name">msg-trunc</span>: <code class="decklab-lab-command">npx decklab lab run msg-trunc</code></li>' +
        '</ul></div>',
    )
    const wholeAndCheck = footer([
      { lab: 'stale-socket' },
      { lab: 'stale-socket', check: 'refused' },
    ])
    expect(wholeAndCheck.match(/decklab-lab-name/g)).toHaveLength(1)
    expect(wholeAndCheck).toContain('check <code>refused</code>')
    expect(wholeAndCheck.match(/npx decklab lab run/g)).toHaveLength(1)
  })
})

describe('renderCss', () => {
  it('covers highlighting, marks and the footer in light and night mode', () => {
    for (const needle of [
      '.hljs-keyword',
      'mark',
      '.decklab-lab',
      '.nightMode .hljs-keyword',
      '.night_mode mark',
    ]) {
      expect(renderCss).toContain(needle)
    }
  })
})
