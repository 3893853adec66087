import { describe, expect, it } from 'vitest'
import { notetypeFor } from '../../src/anki/notetypes.js'
import { createReporter } from '../../src/diagnostics/reporter.js'
import { type PreviewPageInput, previewPageParts } from '../../src/preview/page-html.js'
import { previewCards } from '../../src/preview/preview-cards.js'
import { escapeHtml } from '../../src/text/escape-html.js'
import { makeNote } from './make-note.js'

/** The whole page, as it is written. */
function renderPreviewPage(input: PreviewPageInput): string {
  return [...previewPageParts(input)].join('')
}

const hostile = '<script>alert(1)</script>"\''

function page(options: { verified?: boolean } = {}) {
  const notes = [
    makeNote(
      'Basic (and reversed card)',
      { Front: '<b>front</b>', Back: 'back [sound:clip-1a2b.mp3]' },
      {
        tags: ['uds', `x${hostile}`],
        deck: `Deck::Sub${hostile}`,
        file: `notes/${hostile}.md`,
        line: 7,
      },
    ),
    makeNote('Cloze', { Text: '{{c1::gap}}', 'Back Extra': '' }, { id: null, deck: 'Deck' }),
  ]
  const cards = previewCards(
    notes.map((note, index) => ({
      note,
      fields: note.fields,
      verdict:
        index === 0 ? { status: 'refuted' as const, reason: `lab said ${hostile}` } : undefined,
    })),
    notetypeFor,
  )
  const html = renderPreviewPage({
    cards,
    notes: notes.length,
    diagnostics: [
      createReporter('notes/x.md').error('bad-thing', `Unexpected ${hostile}`, {
        place: { line: 1, column: 2 },
      }),
    ],
    verified: options.verified ?? true,
  })
  return { html, cards }
}

describe('previewPageParts', () => {
  it('writes one element per card with its guid and ord', () => {
    const { html, cards } = page()
    const elements = [
      ...html.matchAll(/<article class="dp-card" data-guid="([^"]*)" data-ord="(\d+)"/g),
    ]
    expect(elements.map((match) => `${match[1]}/${match[2]}`)).toEqual(
      // GUIDs use Anki's base91 alphabet, so `<`, `>` and `&` appear escaped.
      cards.map((card) => `${escapeHtml(card.guid)}/${card.ord}`),
    )
  })

  it('inserts the card HTML as it is and escapes everything else', () => {
    const { html } = page()
    expect(html).toContain('<div class="card card1"><b>front</b></div>')
    expect(html).not.toContain('<script>alert')
    expect(html.match(/<script\b/g)).toHaveLength(1) // the page's own script only
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#039;')
  })

  it('lists diagnostics at the top, errors open', () => {
    const { html } = page()
    expect(html).toMatch(/<details class="dp-diagnostics dp-has-errors" open/)
    expect(html).toContain('notes/x.md:1:2')
    expect(html.indexOf('bad-thing')).toBeLessThan(html.indexOf('class="dp-card"'))
  })

  it('marks cards without an ID and shows verify badges with their reason', () => {
    const { html } = page()
    expect(html).toContain('data-provisional="true"')
    expect(html).toContain('no ID yet — run decklab build')
    expect(html).toMatch(/<span class="dp-badge dp-badge-refuted" title="lab said &lt;script&gt;/)
    expect(html).toContain('id="dp-status-filter"')
    expect(page({ verified: false }).html).not.toContain('dp-badge')
  })

  it('plays sounds with the browser and links assets by relative names only', () => {
    const { html } = page()
    expect(html).toContain('<audio controls preload="none" src="clip-1a2b.mp3"')
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//)
  })

  // A video is a sound tag in Anki, whose player shows it: an <audio> element played its sound only.
  it('shows a video as a video, and plays a sound as a sound', () => {
    const note = makeNote('Basic', { Front: '[sound:talk-1a2b.MP4]', Back: '[sound:v-1a2b.webm]' })
    const cards = previewCards([{ note, fields: note.fields, verdict: undefined }], notetypeFor)
    const { length } = cards
    const html = renderPreviewPage({ cards, notes: length, diagnostics: [], verified: false })
    expect(html).toContain('<video controls preload="none" src="talk-1a2b.MP4"')
    expect(html).not.toContain('<audio controls preload="none" src="talk-1a2b.MP4"')
    // A WebM file is as often a sound (Anki's recorder, a podcast) as a video: the browser's player.
    expect(html).toContain('<audio controls preload="none" src="v-1a2b.webm"')
  })

  it('offers each deck and tag with its parents in the filters', () => {
    const { html } = page()
    expect(html).toMatch(/<option value="Deck">Deck \(3\)<\/option>/)
    expect(html).toMatch(/<option value="uds">#uds \(2\)<\/option>/)
  })

  it('shows each deck once, its cards in note order, the decks in the order the notes use them', () => {
    const decks = ['B', 'A::Sub', 'B', 'A', 'A::Sub', 'B']
    const notes = decks.map((deck, index) =>
      makeNote('Basic', { Front: `front ${index}`, Back: 'back' }, { deck, line: index + 1 }),
    )
    const cards = previewCards(
      notes.map((note) => ({ note, fields: note.fields, verdict: undefined })),
      notetypeFor,
    )
    const html = renderPreviewPage({ cards, notes: notes.length, diagnostics: [], verified: false })
    const shown = [
      ...html.matchAll(
        /<section class="dp-deck" data-deck="([^"]*)">|<article[^>]*>[\s\S]*?front (\d)/g,
      ),
    ].map((match) => match[1] ?? match[2])
    expect(shown).toEqual(['B', '0', '2', '5', 'A::Sub', '1', '4', 'A', '3'])
    expect(html).toContain('<span class="dp-deck-count">3 cards</span>')
  })
})
