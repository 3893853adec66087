import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as renderModule from '../../src/render/render-note.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeNote } from './temp-vault.js'

function front(markdown: string, noteType = 'Basic'): string {
  const fields =
    noteType === 'Cloze' ? { Text: markdown, 'Back Extra': '' } : { Front: markdown, Back: '' }
  return Object.values(renderNote(makeNote(fields, { noteType })).fields)[0]!
}

// Characters that the Obsidian rules react to, mixed with ordinary text.
const tricky = fc.constantFrom(
  '$',
  '$&',
  "$'",
  '{{c1::',
  '}}',
  '==',
  '[[',
  ']]',
  '![[',
  '*',
  '_',
  '<',
  '>',
  '&',
  '"',
  'a',
  ' ',
  'x',
)
const trickyText = fc.array(tricky, { minLength: 1, maxLength: 20 }).map((parts) => parts.join(''))

describe('render properties', () => {
  it('exposes the public API', () => {
    expect(Object.keys(renderModule).sort()).toEqual(['labFieldName', 'renderCss', 'renderNote'])
  })

  it('leaves inline code literal, whatever it contains', () => {
    fc.assert(
      fc.property(
        trickyText.filter((text) => text.trim() === text && text !== ''),
        (text) => {
          const escaped = text
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;')
            // A `{` that starts `{{` is written `&#123;`: Anki's template engine must not see a tag.
            .replace(/\{(?=\{)/g, '&#123;')
          expect(front(`\`${text}\``)).toBe(`<code>${escaped}</code>`)
        },
      ),
    )
  })

  it('leaves fenced code literal, whatever it contains', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        // highlight.js writes `'` as `&#039;`; the sanitizer (run when there is a `<`) as `'`.
        const html = front(`\`\`\`\n${text}\n\`\`\``).replace(/&#039;/g, "'")
        const escaped = text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/\{(?=\{)/g, '&#123;')
        expect(html).toBe(`<pre><code class="hljs">${escaped}\n</code></pre>`)
      }),
    )
  })

  it('keeps a cloze deletion’s markers around plain words', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/), (words) => {
        expect(front(`Before {{c1::${words}}} after`, 'Cloze')).toBe(
          `Before {{c1::${words}}} after`,
        )
      }),
    )
  })

  it('never leaves a script element or handler attribute in the output', () => {
    const pieces = fc.constantFrom(
      '<script>',
      '</script>',
      '<img src=x onerror=y()>',
      '<a href="javascript:z()">',
      'text',
      '\n\n',
      '<div onclick="q()">',
      '</div>',
      '`<script>`',
    )
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 8 }), (parts) => {
        const html = front(parts.join(' '))
        expect(html).not.toMatch(/<script/i)
        expect(html).not.toMatch(/<[^>]*\son\w+=/i)
        expect(html).not.toMatch(/href="javascript:/i)
      }),
    )
  })
})
