/** Reading what Anki has: note ids, notes with their cards' decks, decks and models. */
import type { AnkiConnect } from '../../sync/anki-connect.js'
import { chunks } from '../../sync/chunks.js'
import type { AnkiNote } from '../../sync/plan.js'

/** Ids per `notesInfo` / `cardsInfo` request. */
const readBatch = 1000

/** AnkiConnect API versions decklab speaks (6 is the 2019 release; later ones keep its actions). */
export const minimumApiVersion = 6

/** Every note id in the collection. */
export async function allNoteIds(anki: AnkiConnect): Promise<Set<number>> {
  return new Set(await anki.call<number[]>('findNotes', { query: 'deck:*' }))
}

interface NoteInfo {
  noteId?: number
  modelName: string
  tags: string[]
  fields: Record<string, { value: string; order: number }>
  cards: number[]
}

/**
 * The cards in filtered decks (custom study sessions), as Anki's search
 * `deck:filtered` finds them (Anki 2.1 and later; the 2019 AnkiConnect's
 * `cardsInfo` does not say).
 */
async function cardsInFilteredDecks(anki: AnkiConnect): Promise<Set<number>> {
  return new Set(await anki.call<number[]>('findCards', { query: 'deck:filtered' }))
}

interface CardInfo {
  cardId?: number
  deckName: string
}

/**
 * The notes with these ids, with every card's deck (notes Anki does not have
 * are left out); with `cards: false`, without their cards (no `cardsInfo`).
 */
export async function readNotes(
  anki: AnkiConnect,
  ids: readonly number[],
  options: { cards?: boolean } = {},
): Promise<AnkiNote[]> {
  const notes: AnkiNote[] = []
  let filtered: Set<number> | undefined
  for (const batch of chunks(ids, readBatch)) {
    const infos = await anki.call<NoteInfo[]>('notesInfo', { notes: batch })
    const present = infos.filter((info): info is NoteInfo & { noteId: number } =>
      Number.isInteger(info.noteId),
    )
    const cardIds = options.cards === false ? [] : present.flatMap((info) => info.cards)
    const decks = new Map<number, string>()
    if (cardIds.length > 0) filtered ??= await cardsInFilteredDecks(anki)
    for (const cardBatch of chunks(cardIds, readBatch)) {
      const cards = await anki.call<CardInfo[]>('cardsInfo', { cards: cardBatch })
      for (const card of cards) if (card.cardId !== undefined) decks.set(card.cardId, card.deckName)
    }
    for (const info of present) {
      const fields: Record<string, string> = {}
      const ordered = Object.entries(info.fields).sort((a, b) => a[1].order - b[1].order)
      for (const [name, field] of ordered) fields[name] = field.value
      notes.push({
        id: info.noteId,
        modelName: info.modelName,
        fields,
        tags: info.tags,
        cards:
          options.cards === false
            ? []
            : info.cards.map((id) => ({
                id,
                deck: decks.get(id) ?? '',
                ...(filtered?.has(id) ? { filtered: true } : {}),
              })),
      })
    }
  }
  return notes
}
