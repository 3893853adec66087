// verify read each card of a Cloze note on its own answer side: the whole
// Text field rendered, parsed and read again per card, twice (its deletions,
// and the colours it could not read), so a listing of 4,000 one-line
// deletions took time the square of its length (2,000 cards: 14 s to read).
// Where nothing in the field makes a card's text depend on where the other
// cards' deletions are, every card is now read from one rendering
// (`deletionsTogether`). This compares that reading with the card-by-card one
// (`clozeCardAnswer`, still the reading wherever the shortcut does not hold)
// on random notes made of the pieces that could make them differ.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderFields } from '../../src/commands/verify/judge-rendered.js'
import { cardOrds } from '../../src/model/cards.js'
import type { Note } from '../../src/model/note.js'
import { clozeCardAnswer, deletionsTogether, readNote } from '../../src/verify/answer-side.js'

function cloze(text: string): Note {
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType: 'Cloze',
    fields: { Text: text, 'Back Extra': '' },
    tags: [],
    deck: 'Default',
    labs: [],
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

/** A small seeded generator (mulberry32): the same notes every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Text around and inside deletions: plain words, and what could tie one card's text to another's. */
const plainPieces = [
  'ENOENT',
  ' ',
  'word',
  ' and ',
  '\n',
  '\n\n',
  '- ',
  '1. ',
  '**bold**',
  '`code`',
  '&amp;',
  '&lt;b&gt;',
  'e\u0301',
  '\u0301',
  '\u200b',
  '<br>',
  '<b>',
  '</b>',
  '<div>',
  '</div>',
  '<em>x</em>',
  '| a | b |\n|---|---|\n| c | d |\n',
  '> ',
  '    ',
  ':',
  '}}',
  'x::y',
  '&am',
  'p;',
  '<a href="https://example.org/a">',
  '</a>',
]
const hidingPieces = [
  '<span style="color: white">',
  '<span style="display:none">',
  '</span>',
  '<s>',
  '</s>',
  '~~gone~~',
  '<sup>2</sup>',
  '<ol start="3"><li>a</li>',
  '</ol>',
  '$x^2$',
  '\\(y\\)',
  '[sound:a.mp3]',
  '<!-- note -->',
  '<span style="text-transform: capitalize">',
  '\uE000',
  '[sound:',
  '.mp3]',
  '<!-- ',
  ' -->',
  '\\(',
  '\\)',
  '<span style="white-space: nowrap">',
  '<span style="margin-left: 3000px">',
  '<div style="text-indent: 9000px">',
  '<span style="font-size: 0">',
  '<span style="font-variant: small-caps">',
  '<div style="text-align: right; width: 9000px">',
  '<div style="width: 5px; overflow: hidden">',
  'a-long-word-that-runs-on-and-on-and-on',
]

function randomText(next: () => number, pieces: readonly string[], length: number): string {
  let text = ''
  let open = 0
  for (let at = 0; at < length; at += 1) {
    const roll = next()
    if (roll < 0.15) {
      text += `{{c${1 + Math.floor(next() * 6)}::`
      open += 1
    } else if (roll < 0.27 && open > 0) {
      if (next() < 0.3) text += '::hint'
      text += '}}'
      open -= 1
    } else text += pieces[Math.floor(next() * pieces.length)]
  }
  return text + '}}'.repeat(open)
}

/** Each card's answer read card by card, the reading the shortcut must agree with. */
function oneByOne(note: Note) {
  const html = renderFields(note)
  const ords = cardOrds({ noteType: note.noteType, fields: html })
  return ords.map((ord) => clozeCardAnswer(html.Text ?? '', ord + 1))
}

describe("a Cloze note's cards read from one rendering", () => {
  it('read what each card reads on its own answer side, on 1,200 random notes', () => {
    const next = random(185)
    let together = 0
    for (let note = 0; note < 1_200; note += 1) {
      const pieces = next() < 0.6 ? plainPieces : [...plainPieces, ...hidingPieces]
      const text = randomText(next, pieces, 4 + Math.floor(next() * 30))
      const shown = cloze(text)
      const expected = oneByOne(shown)
      expect(readNote(shown, renderFields).cards, text).toEqual(expected)
      const read = deletionsTogether(renderFields(shown).Text ?? '')
      if (read === undefined) continue
      together += 1
      for (const card of expected)
        expect(read.get(Number(card.card.slice(1))) ?? '').toBe(card.text)
    }
    // Most notes without hiding pieces take the shortcut, so the comparison is of it.
    expect(together).toBeGreaterThan(300)
  }, 120_000)

  it('a listing of one deletion per line, and a paragraph of many, read each card', () => {
    const listing = Array.from(
      { length: 300 },
      (_, at) => `- option {{c${at + 1}::--flag-${at}}} sets ${at}`,
    ).join('\n')
    const paragraph = Array.from(
      { length: 300 },
      (_, at) => `word {{c${(at % 150) + 1}::term ${at}::hint}}`,
    ).join(' ')
    for (const text of [listing, paragraph]) {
      const shown = cloze(text)
      expect(deletionsTogether(renderFields(shown).Text ?? '')).toBeDefined()
      expect(readNote(shown, renderFields).cards).toEqual(oneByOne(shown))
    }
    expect(readNote(cloze(listing), renderFields).cards[41]).toEqual({
      card: 'c42',
      text: '--flag-41',
    })
    expect(readNote(cloze(paragraph), renderFields).cards[1]).toEqual({
      card: 'c2',
      text: 'term 1\nterm 151',
    })
  })

  it('nested deletions, hidden text and marks in the field are read card by card', () => {
    for (const text of [
      '{{c1::a {{c2::b}}}}',
      '<span style="color: white">{{c1::ENOENT}}</span> {{c2::EPIPE}}',
      '{{c1::a}} \uE000 {{c2::b}}',
      '{{c1::x}}<sup>2</sup>',
    ]) {
      expect(deletionsTogether(renderFields(cloze(text)).Text ?? ''), text).toBeUndefined()
    }
  })
})

/** The compiled reader and renderer, as `decklab verify` runs them (`npm test` builds them first). */
const compiled = (path: string) => fileURLToPath(new URL(`../../lib/src/${path}`, import.meta.url))

describe("a long Cloze note's cards", () => {
  it('are read in time linear in the note: 4,000 one-line deletions, in a process killed after 15 s', () => {
    // Some 1 s now; about a minute before (2,000 cards: 14 s).
    const script = `Promise.all([import(${JSON.stringify(compiled('verify/answer-side.js'))}),
      import(${JSON.stringify(compiled('commands/verify/judge-rendered.js'))})]).then(([side, rendered]) => {
      const text = Array.from({ length: 4000 }, (_, at) => '- option {{c' + (at + 1) + '::--flag-' + at + '}} sets ' + at).join('\\n')
      const note = { id: 1, guid: 'g', noteType: 'Cloze', fields: { Text: text, 'Back Extra': '' }, tags: [], deck: 'D',
        labs: [], kind: 'block', source: { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', line: 1, column: 1, idInsertOffset: 0 } }
      process.stdout.write(JSON.stringify(side.readNote(note, rendered.renderFields).cards))
    })`
    const started = Date.now()
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(run.signal, `killed after ${Date.now() - started} ms`).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    const cards = JSON.parse(run.stdout) as Array<{ card: string; text: string }>
    expect(cards).toHaveLength(4000)
    expect(cards[3999]).toEqual({ card: 'c4000', text: '--flag-3999' })
  }, 30_000)
})
