/**
 * `check` compares a note's cards with the last build's record without
 * rendering the notes this scan passes: for those, the cards of the Markdown
 * must be the cards of the HTML `build` packages.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it, onTestFinished } from 'vitest'
import { cardOrds } from '../../src/model/cards.js'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import {
  clozeMayBeEmptyInAnki2115,
  clozeMayBeHidden,
  markdownMakesRenderedCards,
} from '../../src/render/card-ords-scan.js'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { generateVault } from '../bench/generate-vault.mjs'
import { everyTestNote } from './every-test-note.js'
import { makeNote } from './temp-vault.js'

const renderedCards = (note: Note) =>
  cardOrds({ noteType: note.noteType, fields: renderNote(note).fields })

/** The notes the scan passes, each with the same cards either way; how many it passed. */
function expectPassedNotesKeepCards(notes: readonly Note[]): number {
  let passed = 0
  for (const note of notes) {
    if (!markdownMakesRenderedCards(note)) continue
    passed += 1
    expect(cardOrds(note), `${note.source.file}:${note.source.line}`).toEqual(renderedCards(note))
  }
  return passed
}

describe('card ords scan', () => {
  it.each([
    ['a cloze in inline code', 'Cloze', { Text: '{{c1::a}} `{{c2::b}}`' }],
    ['a cloze in a fence', 'Cloze', { Text: '{{c1::a}}\n```\n{{c2::b}}\n```' }],
    ['a cloze in an indented code block', 'Cloze', { Text: '{{c1::a}}\n\n    {{c2::b}}' }],
    // The code starts four columns past the container's content, not at the line's start.
    ['a cloze in code in a list item', 'Cloze', { Text: '{{c1::a}}\n\n-     {{c2::b}}' }],
    ['a cloze in code in a quote', 'Cloze', { Text: '{{c1::a}}\n\n>     {{c2::b}}' }],
    ['a cloze in code after a tab', 'Cloze', { Text: '{{c1::a}}\n\n1.\t    {{c2::b}}' }],
    ['a cloze in math', 'Cloze', { Text: '{{c1::a}} $x = {{c2::b}}$' }],
    ['a cloze in a link URL', 'Cloze', { Text: '{{c1::a}} [x](y{{c2::b}})' }],
    ['a cloze in an Obsidian comment', 'Cloze', { Text: '{{c1::a}} %%{{c2::b}}%%' }],
    [
      'a Back of only an Obsidian comment',
      'Basic (and reversed card)',
      { Front: 'f', Back: '%%answer key%%' },
    ],
    [
      'a Back of only a link definition',
      'Basic (and reversed card)',
      { Front: 'f', Back: '[a]: /b' },
    ],
  ])('does not pass %s, which renders fewer cards', (_name, noteType, fields) => {
    const note = makeNote(fields, { noteType })
    expect(markdownMakesRenderedCards(note)).toBe(false)
    expect(renderedCards(note)).not.toEqual(cardOrds(note))
  })

  it('passes plain clozes and reversed cards, whose cards are the same either way', () => {
    const notes = [
      makeNote({ Text: '{{c1::a}} and {{c3::b}} *em* **x** `code`' }, { noteType: 'Cloze' }),
      makeNote({ Text: '{{c2::a}} - list\n- {{c1::b}}' }, { noteType: 'Cloze' }),
      makeNote({ Front: 'f', Back: '`code` $x$ ---' }, { noteType: 'Basic (and reversed card)' }),
      makeNote({ Front: 'f', Back: ' ' }, { noteType: 'Basic (and reversed card)' }),
      // Text beside a fence: only the fence's info string may show no letter (the bench's notes).
      makeNote(
        { Front: 'f', Back: 'Run:\n- a\n```sh\nsocat - UNIX-CONNECT:/tmp/x.sock\n```' },
        { noteType: 'Basic (and reversed card)' },
      ),
    ]
    expect(notes.map((note) => markdownMakesRenderedCards(note))).toEqual([
      false,
      true,
      true,
      true,
      true,
    ])
    expect(expectPassedNotesKeepCards(notes)).toBe(4)
  })

  it.each([
    ['a cloze in a comment', 'Cloze', { Text: '{{c1::a}} <!-- {{c2::b}} -->' }],
    ['a cloze in a wikilink target', 'Cloze', { Text: '{{c1::a}} [[{{c2::b}}|x]]' }],
    ["a cloze in a list item's code block", 'Cloze', { Text: '- a\n\n      {{c2::x}}\n{{c1::y}}' }],
    ['a cloze made by a character reference', 'Cloze', { Text: '{{c1::a}} &#123;&#123;c2::b}}' }],
    ['a cloze made by an escape', 'Cloze', { Text: '{{c1::a}} {{c2\\::b}}' }],
    // Markup alone, with nothing Anki 2.1.15 shows as text in a section (`stripHTMLMedia`).
    ['a Back of only a rule', 'Basic (and reversed card)', { Front: 'f', Back: '---' }],
    ['a Back of only a fence', 'Basic (and reversed card)', { Front: 'f', Back: '```js\n```' }],
    ['a Back of only an empty link', 'Basic (and reversed card)', { Front: 'f', Back: '[](b)' }],
    [
      'an Add Reverse of only an empty list item',
      'Basic (optional reversed card)',
      { Front: 'f', Back: 'b', 'Add Reverse': '1.' },
    ],
  ])('does not pass %s, which renders other cards', (_name, noteType, fields) => {
    const note = makeNote(fields, { noteType })
    expect(markdownMakesRenderedCards(note)).toBe(false)
    expect(renderedCards(note)).not.toEqual(cardOrds(note))
  })

  it("passes Basic notes and lab links, which never change a note's cards", () => {
    const labs = [{ lab: 'x', line: 1, column: 1 }]
    const notes = [
      makeNote({ Front: '<!-- x -->', Back: '`{{c1::a}}` &nbsp;' }, { noteType: 'Basic' }),
      makeNote({ Front: 'f', Back: 'b' }, { noteType: 'Basic (and reversed card)', labs }),
      makeNote({ Text: '{{c1::a}} at &cred, @name' }, { noteType: 'Cloze', labs }),
    ]
    expect(notes.map((note) => markdownMakesRenderedCards(note))).toEqual([true, true, true])
  })

  it('passes only notes whose Markdown makes the cards of their HTML, whatever they hold', () => {
    const part = fc.constantFrom(
      ...['{{c1::', '{{c2::', '{{c3::', '}}', '::', ':', '{', '}', '`', '```', '~~~', '~~', '~'],
      ...['$', '$$', '\\', '\\(', '\\)', '\\[', '<!--', '-->', '<b>', '</b>', '<', '>'],
      ...['&#123;', '&#58;', '&nbsp;', '&#32;', '&amp;', '&', '%7B', '%3A', '[[', ']]', '|'],
      ...['![[', '![', '](', '[', ']', ']:', '(', ')', '*', '_', '==', '#', '- ', '1. ', '%%'],
      ...['http://x.y/', 'www.', '@', ' ', '    ', '\t', '\n', '\n\n', 'a', 'x', '"', "'"],
    )
    const text = fc.array(part, { maxLength: 14 }).map((parts) => parts.join(''))
    const note = fc.oneof(
      text.map((Text) => makeNote({ Text, 'Back Extra': '' }, { noteType: 'Cloze' })),
      text.map((Back) => makeNote({ Front: 'f', Back }, { noteType: 'Basic (and reversed card)' })),
    )
    fc.assert(
      fc.property(note, (note) => {
        if (markdownMakesRenderedCards(note)) expect(cardOrds(note)).toEqual(renderedCards(note))
      }),
      { numRuns: 3000 },
    )
  })

  // `decklab check` renders only the notes these scans pass on: every note rendering gives
  // `cloze-empty-in-old-anki` must be one of them.
  it('sends to rendering every Cloze note with a card Anki 2.1.15 imports empty, whatever it holds', () => {
    const part = fc.constantFrom(
      ...['{{c1::', '{{c2::', '{{c3::', '{{c1::}}', '}}', '}', '::', '`', '```', '~~~', '$'],
      ...['\\', '\\(', '\\)', '<!--', '-->', '<b>', '</b>', '<', '&#125;', '&', '%7D', '%%'],
      ...['[[', ']]', '|', '![[', '](', '[', ']', ']:', '*', '_', '==', '- ', 'http://x.y/'],
      ...[' ', '    ', '\t', '\n', '\n\n', 'a', 'x'],
    )
    const note = fc
      .array(part, { maxLength: 14 })
      .map((parts) => makeNote({ Text: parts.join(''), 'Back Extra': '' }, { noteType: 'Cloze' }))
    fc.assert(
      fc.property(note, (note) => {
        const warned = renderNote(note).diagnostics.some(
          (d) => d.code === 'cloze-empty-in-old-anki',
        )
        if (!warned) return
        expect(
          noteMayNeedHtmlCheck(note) || clozeMayBeHidden(note) || clozeMayBeEmptyInAnki2115(note),
          note.fields.Text,
        ).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  it('keeps the cards of every note it passes in the course, the fixtures and a generated vault', async () => {
    const notes = await everyTestNote()
    const directory = await mkdtemp(join(tmpdir(), 'decklab-card-scan-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    await generateVault(join(directory, 'vault'), { notes: 600, files: 60 })
    notes.push(...(await loadVault({ cwd: directory, paths: ['vault'] })).notes)
    expect(expectPassedNotesKeepCards(notes)).toBeGreaterThan(600)
  })
})
