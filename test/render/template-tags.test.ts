/**
 * A field's `{{…}}` reaches Anki as text, never as a template tag: Anki
 * 2.1.15's engine searches the card again after each substitution.
 */
import { describe, expect, it } from 'vitest'
import { renderNote } from '../../src/render/render-note.js'
import { guardTemplateTags } from '../../src/render/template-tags.js'
import { makeNote } from './temp-vault.js'

describe('template tags in a field', () => {
  it('writes the `{` that starts each `{{` as `&#123;`, however many braces there are', () => {
    expect(guardTemplateTags('a {{text:Back}} b', false)).toBe('a &#123;{text:Back}} b')
    expect(guardTemplateTags('{{{x}}}', false)).toBe('&#123;&#123;{x}}}')
    expect(guardTemplateTags('{{Front}}{{Front}}', false)).toBe('&#123;{Front}}&#123;{Front}}')
    expect(guardTemplateTags('no tags { here }', false)).toBe('no tags { here }')
  })

  it('keeps cloze openers in a Cloze Text, and only there', () => {
    expect(guardTemplateTags('{{c1::Paris}} {{text:Back Extra}}', true)).toBe(
      '{{c1::Paris}} &#123;{text:Back Extra}}',
    )
    expect(guardTemplateTags('{{{c1::x}}', true)).toBe('&#123;{{c1::x}}')
    expect(guardTemplateTags('{{c1::Paris}}', false)).toBe('&#123;{c1::Paris}}')
  })

  it('leaves no `{{` but cloze openers in any rendered field', () => {
    const basic = renderNote(
      makeNote(
        { Front: 'Question {{text:Back}} in `{{Deck}}`', Back: "`<img src=x onerror=alert('x')>`" },
        { noteType: 'Basic' },
      ),
    )
    expect(Object.values(basic.fields).join('')).not.toContain('{{')
    const cloze = renderNote(
      makeNote(
        {
          Text: 'The capital is {{c1::Paris}}. <b>{{text:Back Extra}}</b>',
          'Back Extra': '{{Tags}}',
        },
        { noteType: 'Cloze' },
      ),
    )
    expect(cloze.fields.Text).toBe('The capital is {{c1::Paris}}. <b>&#123;{text:Back Extra}}</b>')
    expect(cloze.fields['Back Extra']).toBe('&#123;{Tags}}')
  })
})
