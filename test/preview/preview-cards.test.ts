import { describe, expect, it } from 'vitest'
import { notetypeFor } from '../../src/anki/notetypes.js'
import { cardOrds } from '../../src/model/cards.js'
import { guidForNoteId } from '../../src/model/guid.js'
import { noteContentKey } from '../../src/model/note-key.js'
import { previewCards } from '../../src/preview/preview-cards.js'
import { makeNote } from './make-note.js'

// Field values stand in for rendered HTML (the templates insert them as they are).
const notes = [
  makeNote('Basic', { Front: 'q', Back: 'a' }, { id: 1700000000001 }),
  makeNote('Basic (and reversed card)', { Front: 'f', Back: 'b' }, { id: 1700000000002 }),
  makeNote(
    'Basic (optional reversed card)',
    { Front: 'f', Back: 'b', 'Add Reverse': '' },
    { id: 1700000000003 },
  ),
  makeNote(
    'Basic (optional reversed card)',
    { Front: 'f', Back: 'b', 'Add Reverse': 'y' },
    { id: 1700000000004 },
  ),
  makeNote('Basic (type in the answer)', { Front: 'q', Back: 'a' }, { id: 1700000000005 }),
  makeNote('Cloze', { Text: '{{c1::a}} {{c3::b}}', 'Back Extra': '' }, { id: null, line: 40 }),
  makeNote('Not a type', { Front: 'x' }, { id: 1700000000007 }),
]

describe('previewCards', () => {
  const cards = previewCards(
    notes.map((note) => ({ note, fields: note.fields })),
    notetypeFor,
  )

  it('makes one card per Anki card: cardOrds summed, unknown types none', () => {
    const expected = notes.reduce((sum, note) => sum + cardOrds(note).length, 0)
    expect(cards).toHaveLength(expected)
    expect(cards.map((card) => `${card.noteType}:${card.ord}`)).toEqual([
      'Basic:0',
      'Basic (and reversed card):0',
      'Basic (and reversed card):1',
      'Basic (optional reversed card):0',
      'Basic (optional reversed card):0',
      'Basic (optional reversed card):1',
      'Basic (type in the answer):0',
      'Cloze:0',
      'Cloze:2',
    ])
  })

  // The Markdown said two cards each where the package has one: a phantom card in the preview.
  it('makes the cards of the rendered fields, as build does, not of the Markdown', () => {
    const reversed = makeNote(
      'Basic (and reversed card)',
      { Front: 'f', Back: '<!-- later -->' },
      { id: 1700000000008 },
    )
    const cloze = makeNote(
      'Cloze',
      { Text: '{{c1::a}} `{{c2::b}}`', 'Back Extra': '' },
      { id: 1700000000009 },
    )
    const made = previewCards(
      [
        { note: reversed, fields: { Front: 'f', Back: '' } },
        {
          note: cloze,
          fields: { Text: '{{c1::a}} <code>&#123;{c2:&#58;b}&#125;</code>', 'Back Extra': '' },
        },
      ],
      notetypeFor,
    )
    expect(made.map((card) => `${card.noteType}:${card.ord}`)).toEqual([
      'Basic (and reversed card):0',
      'Cloze:0',
    ])
  })

  it('names cloze cards by number and standard cards by template', () => {
    expect(cards.filter((card) => card.noteType === 'Cloze').map((card) => card.cardName)).toEqual([
      'Cloze 1',
      'Cloze 3',
    ])
    expect(cards[2]?.cardName).toBe('Card 2')
  })

  it('renders each cloze card with its own gap', () => {
    const [first, third] = cards.filter((card) => card.noteType === 'Cloze')
    expect(first?.question).toBe('<span class="cloze">[...]</span> b')
    expect(third?.question).toBe('a <span class="cloze">[...]</span>')
    expect(third?.answer).toContain('<span class="cloze">b</span>')
  })

  // Anki's cloze filter gives nothing for a text without the card's deletion, and 2.1.15 adds its
  // "Please edit this note…" line (imported and rendered with Anki's library): the preview showed
  // the whole text, with `$…{{c1::a}}…$` as math, on both sides of a card Anki shows as empty.
  it('shows a Cloze card whose text has no deletion as Anki does: empty, with its message', () => {
    const [card] = previewCards(
      [
        makeNote(
          'Cloze',
          { Text: 'Math \\(&#123;{c1: :a} }\\) here', 'Back Extra': 'extra' },
          { id: 1700000000010 },
        ),
      ].map((note) => ({ note, fields: note.fields })),
      notetypeFor,
    )
    expect(card?.ord).toBe(0)
    expect(card?.question).toBe('<p>Please edit this note and add some cloze deletions.</p>')
    expect(card?.answer).not.toContain('Math')
    expect(card?.answer).toContain('extra')
    // Anki reads deletions only in the field the template clozes: one in Back Extra is text.
    const [extra] = previewCards(
      [makeNote('Cloze', { Text: 'plain', 'Back Extra': '{{c1::x}}' }, { id: 1700000000011 })].map(
        (note) => ({ note, fields: note.fields }),
      ),
      notetypeFor,
    )
    expect(extra?.question).toBe('<p>Please edit this note and add some cloze deletions.</p>')
  })

  it('uses the build GUID for notes with an ID and a marked provisional key otherwise', () => {
    expect(cards[0]?.guid).toBe(guidForNoteId(1700000000001))
    expect(cards[0]?.provisional).toBe(false)
    const cloze = cards.filter((card) => card.noteType === 'Cloze')
    expect(cloze.every((card) => card.provisional)).toBe(true)
    const note = notes[5]
    if (!note) throw new Error('expected the cloze note')
    // The one key of a note without an ID (the quiz's too): its content, wherever it sits.
    expect(cloze[0]?.guid).toBe(noteContentKey(note))
    const elsewhere = makeNote('Cloze', note.fields, { id: null, line: 41 })
    const [moved] = previewCards([{ note: elsewhere, fields: elsewhere.fields }], notetypeFor)
    expect(moved?.guid).toBe(cloze[0]?.guid)
    const edited = makeNote('Cloze', { ...note.fields, 'Back Extra': 'x' }, { id: null, line: 40 })
    const [changed] = previewCards([{ note: edited, fields: edited.fields }], notetypeFor)
    expect(changed?.guid).not.toBe(cloze[0]?.guid)
  })

  it('carries the verdict of the note to each of its cards', () => {
    const marked = previewCards(
      [
        {
          note: notes[1] as (typeof notes)[number],
          fields: { Front: 'f', Back: 'b' },
          verdict: { status: 'refuted', reason: 'lab failed' },
        },
      ],
      notetypeFor,
    )
    expect(marked.map((card) => card.verdict?.status)).toEqual(['refuted', 'refuted'])
  })
})

describe('the lab footer (its own Lab field)', () => {
  const footer = '<div class="decklab-lab">stale-socket</div>'
  const withLab = [
    makeNote('Basic (and reversed card)', { Front: 'term', Back: 'meaning' }, { id: 1 }),
    makeNote('Basic (type in the answer)', { Front: 'errno?', Back: 'ECONNREFUSED' }, { id: 2 }),
  ]
  const cards = previewCards(
    withLab.map((note) => ({ note, fields: { ...note.fields, Lab: footer } })),
    notetypeFor,
  )

  it('is on every answer side and on no question side, reversed cards included', () => {
    expect(cards).toHaveLength(3)
    for (const card of cards) {
      expect(card.question).not.toContain('decklab-lab')
      expect(card.answer).toContain(footer)
    }
  })

  it('is not part of the answer a typed card compares with', () => {
    const typed = cards.find((card) => card.noteType === 'Basic (type in the answer)')
    expect(typed?.answer).toContain('ECONNREFUSED')
    expect(typed?.answer.split(footer)[0]).not.toContain('stale-socket')
  })
})
