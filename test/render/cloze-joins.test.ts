/**
 * Anki's cloze expansion shows another number's deletion as its bare text
 * and the asked one as `[hint]`: what meets across a marker is checked per
 * card, so no field can put a template tag or a sound tag together there.
 */
import { describe, expect, it } from 'vitest'
import { clozeJoin, mayJoinAcrossClozes } from '../../src/render/cloze-joins.js'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { bestCpuMs } from '../support/cpu-cost.js'
import { makeNote } from './temp-vault.js'

describe('cloze joins', () => {
  it('finds a template tag put together on another card', () => {
    expect(clozeJoin('A {{c1::one}} and {{c2::x{}}{text:Back Extra}}')).toEqual({
      kind: 'joined',
      what: 'template tag `{{text:Back Extra}}` on card 1',
    })
  })

  it('finds a sound tag put together from a deletion, a hint or a deletion with a hint', () => {
    expect(clozeJoin('UNC {{c1::one}} and [{{c2::s}}ound:\\\\host\\share\\x.mp3]')).toMatchObject({
      what: 'sound tag `[sound:\\\\host\\share\\x.mp3]` on card 1',
    })
    expect(clozeJoin('hint {{c1::one::sound:/etc/passwd}}')).toMatchObject({
      what: 'sound tag `[sound:/etc/passwd]` on card 1',
    })
    expect(clozeJoin('{{c1::a}} [{{c2::s::zz}}ound:/etc/passwd]')).toMatchObject({
      what: 'sound tag `[sound:/etc/passwd]` on card 1',
    })
  })

  it('passes clozes that only hide text, a media sound tag, and braces that meet nothing', () => {
    expect(clozeJoin('The {{c1::capital}} of {{c2::France}}')).toBeUndefined()
    expect(clozeJoin('Say {{c1::bonjour::greeting}} [sound:hello-1a2b.mp3]')).toBeUndefined()
    expect(clozeJoin('{{c1::\\(\\frac{a}{b}\\)}} and { }')).toBeUndefined()
    expect(clozeJoin('[{{c1::s}}ound:hello.mp3]')).toBeUndefined()
  })

  it('looks only where a join is possible, and the note scan sends those fields to rendering', () => {
    expect(mayJoinAcrossClozes('The {{c1::capital}} of {{c2::France}}')).toBe(false)
    // Math, a hint, a path and a wikilink in a cloze: nothing can meet.
    expect(mayJoinAcrossClozes('{{c1::$x^{2}$::power}} of `std::io` [[note]]')).toBe(false)
    expect(mayJoinAcrossClozes('{{c1::x{}}')).toBe(true)
    expect(mayJoinAcrossClozes('{{c1::x{::h}}{')).toBe(true)
    expect(mayJoinAcrossClozes('{{c1::x}}{')).toBe(true)
    expect(mayJoinAcrossClozes('[{{c1::s}}ound:')).toBe(true)
    expect(mayJoinAcrossClozes('[s{{c1::o}}und:')).toBe(true)
    expect(mayJoinAcrossClozes('{{c1::a::Sound:x}}')).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Text: '{{c1::a::sound:/x}}' } })).toBe(true)
    expect(noteMayNeedHtmlCheck({ fields: { Text: 'The {{c1::capital}}' } })).toBe(false)
  })

  it('looks through a long run of `[` in time proportional to it', () => {
    // Each `[` of the run was a start scanned to the run's end: 40,000 took seconds.
    const field = (count: number) => `{{c1::x}} ${'['.repeat(count)}`
    const cpu = (text: string): number => bestCpuMs(() => mayJoinAcrossClozes(text))
    // 8× the input: linear about 8× the time, quadratic 64×.
    expect(cpu(field(40_000)) / Math.max(cpu(field(5_000)), 1)).toBeLessThan(30)
    expect(mayJoinAcrossClozes(field(40_000))).toBe(false)
    expect(mayJoinAcrossClozes(`${field(1_000)}{{c1::s}}ound:`)).toBe(true)
    expect(mayJoinAcrossClozes('[[x] {{c1::s}}:')).toBe(false)
  })

  it('makes a joining field an error, its clozes written as text', () => {
    const rendered = renderNote(
      makeNote(
        { Text: 'A {{c1::one}} and {{c2::x{}}{text:Back Extra}}', 'Back Extra': 'b' },
        { noteType: 'Cloze' },
      ),
    )
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-cloze-join'])
    expect(rendered.diagnostics[0]?.severity).toBe('error')
    expect(rendered.fields.Text).not.toContain('{{c')
  })

  it('refuses a field with more cards than it can check, instead of passing it unchecked', () => {
    const many = Array.from({ length: 400 }, (_, index) => `{{c${index + 1}::x}}`).join('{')
    expect(clozeJoin(`${many}${'y'.repeat(3000)}`)).toMatchObject({
      kind: 'unchecked',
      numbers: 400,
    })
  })
})
