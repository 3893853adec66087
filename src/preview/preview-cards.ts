/**
 * The cards of the preview: one per card Anki makes from a note (`cardOrds`),
 * each with its question and answer rendered through the notetype's
 * templates, exactly as the `.apkg` will show them.
 */
import { cardOrds } from '../model/cards.js'
import { hasCloze } from '../model/cloze-filter.js'
import type { LabLink, Note } from '../model/note.js'
import { noteKey } from '../model/note-key.js'
import type { NoteTypeName } from '../model/note-type-name.js'
import { findNoteType } from '../model/note-types.js'
import { writtenTypeName } from '../model/translated-note.js'
import type { VerdictStatus } from '../model/verdict.js'
import { renderCardSides } from './card-template.js'

/** What `decklab verify` said about a card's note. */
export interface CardVerdictMark {
  status: VerdictStatus
  reason: string | null
}

/** One card as the preview shows it. */
export interface PreviewCard {
  /** The note's key (`model/note-key.ts`): its GUID, or its content key while it has no ID. */
  guid: string
  /** True when the note has no `<!--ID: N-->` yet (its key becomes a GUID on `decklab build`). */
  provisional: boolean
  noteId: number | null
  ord: number
  /** The note type as the block wrote it (a French Anki's `Basique`), shown beside the card. */
  noteType: string
  /** `Card 1`, `Card 2`, or `Cloze N` for cloze cards. */
  cardName: string
  deck: string
  tags: string[]
  file: string
  line: number
  labs: LabLink[]
  /** HTML of the question and answer sides. */
  question: string
  answer: string
  verdict?: CardVerdictMark | undefined
}

/** What the preview needs of a notetype: the Anki writer's definition, passed in by the preview command. */
export interface PreviewNotetype {
  /** The name Anki shows (`{{Type}}`). */
  name: string
  /** 0 = standard (one template per ord), 1 = cloze (one template, a card per cloze number). */
  type: 0 | 1
  templates: ReadonlyArray<{ name: string; qfmt: string; afmt: string }>
}

/** A note with its rendered field HTML. */
export interface RenderedPreviewNote {
  note: Note
  fields: Readonly<Record<string, string>>
  verdict?: CardVerdictMark | undefined
}

/**
 * What Anki adds to the question of a Cloze note's only card when its text
 * has no deletion (Anki 2.1.15's `_renderQA`; current Anki says "No cloze 1
 * found on card"): the card shows nothing else but its Back Extra on the
 * answer. Anki links "help" to its manual; the preview loads nothing remote.
 */
const missingClozeMessage = '<p>Please edit this note and add some cloze deletions.</p>'

/** The fields a question format puts through the cloze filter (`{{cloze:Text}}`), as Anki reads them. */
function clozeFields(qfmt: string): string[] {
  return [...qfmt.matchAll(/\{\{[^}]*?cloze:([^}]+)\}\}/g)].map((match) => (match[1] ?? '').trim())
}

/**
 * Every card of the notes, in note order then ord order, through the
 * templates of `notetypeFor` (the .apkg's notetypes); notes of unknown types make none.
 */
export function previewCards(
  notes: readonly RenderedPreviewNote[],
  notetypeFor: (noteType: NoteTypeName) => PreviewNotetype,
): PreviewCard[] {
  const cards: PreviewCard[] = []
  for (const { note, fields, verdict } of notes) {
    const type = findNoteType(note.noteType)
    if (!type) continue
    const notetype = notetypeFor(type.name)
    // The GUID `decklab build` writes, or the key the quiz keeps a note without an ID under.
    const guid = noteKey(note)
    // From the rendered fields, as `build` makes them: a Back or a deletion that renders to
    // nothing (a comment, code) makes no card in the package.
    for (const ord of cardOrds({ noteType: note.noteType, fields })) {
      const template = notetype.type === 1 ? notetype.templates[0] : notetype.templates[ord]
      if (!template) continue
      const cardName = notetype.type === 1 ? `Cloze ${ord + 1}` : template.name
      const sides = renderCardSides(template, {
        fields,
        ord,
        tags: note.tags,
        deck: note.deck,
        notetypeName: notetype.name,
        cardName,
      })
      const question =
        notetype.type === 1 &&
        !clozeFields(template.qfmt).some((name) => hasCloze(fields[name] ?? '', ord + 1))
          ? `${sides.question}${missingClozeMessage}`
          : sides.question
      cards.push({
        guid,
        provisional: note.id === null,
        noteId: note.id,
        ord,
        // As the block names it (`Basique`): the page shows it beside the card.
        noteType: writtenTypeName(note),
        cardName,
        deck: note.deck,
        tags: note.tags,
        file: note.source.file,
        line: note.source.line,
        labs: note.labs,
        question,
        answer: sides.answer,
        verdict,
      })
    }
  }
  return cards
}
