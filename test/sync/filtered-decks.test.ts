/**
 * Cards in a filtered deck (Anki's custom study sessions are filtered decks)
 * stay there when their note is synced: AnkiConnect's `changeDeck` takes a
 * card out of its filtered deck, and the 2019 `cardsInfo` names the filtered
 * deck, not the card's home deck, so decklab cannot tell whether the card
 * needs a move at all. It leaves such cards be and looks again next time.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withAnkiCollection } from '../support/anki-python.js'
import { ankiUnavailable, loggedActions } from './anki-server.js'
import { allCards, anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

const session = 'Custom Study Session'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and filtered decks${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('updates notes whose cards are in a custom study session without taking them out, and moves them once they are back', async () => {
      const cwd = await workspace({
        'notes/a.md': `---\ndeck: One\n---\n${note('Alpha?', 'alpha')}`,
        'notes/b.md': `---\ndeck: One\n---\n${note('Beta?', 'beta')}`,
      })
      const collection = join(cwd, 'collection.anki2')
      let server = await anki(cwd, 'first.log')
      expect(sync(cwd, server, '--json').code).toBe(0)
      await server.stop()
      // Anki's "Custom Study" makes a filtered deck like this one.
      withAnkiCollection(collection, [
        `did = col.decks.newDyn(${JSON.stringify(session)})`,
        'deck = col.decks.get(did)',
        "deck['terms'] = [['deck:One', 100, 0]]",
        'col.decks.save(deck)',
        'col.sched.rebuildDyn(did)',
      ])

      // Both notes edited, and Alpha's deck changed.
      const edit = async (file: string, change: (text: string) => string) => {
        const path = join(cwd, 'notes', file)
        const text = await readFile(path, 'utf8')
        await writeFile(path, change(text))
        return ids(text)[0] as number
      }
      const alpha = await edit('a.md', (text) =>
        text.replace('deck: One', 'deck: Two').replace('Back: alpha', 'Back: alpha edited'),
      )
      const beta = await edit('b.md', (text) => text.replace('Back: beta', 'Back: beta edited'))
      server = await anki(cwd, 'second.log', server.port)
      expect((await allCards(server)).map((card) => card.deckName)).toEqual([session, session])
      // The plan says so, and what it will do.
      const plan = sync(cwd, server, '--dry-run')
      expect(plan.stderr).toContain(
        '2 cards are in a filtered deck (a custom study session) and left there: once they are back in their home deck, a sync moves any whose deck changed',
      )
      expect(plan.stderr).not.toContain('move    ')
      const second = sync(cwd, server, '--json')
      expect(second.code, second.stderr).toBe(0)
      expect(second.json?.updated.map((entry) => entry.id).sort()).toEqual([alpha, beta].sort())
      // Not moved: a move would end the study session for these cards.
      expect(second.json?.moved).toEqual([])
      expect(loggedActions(join(cwd, 'second.log'))).not.toContain('changeDeck')
      const studied = await allCards(server)
      expect(studied.map((card) => card.deckName)).toEqual([session, session])
      expect(studied.map((card) => card.fields.Back?.value).sort()).toEqual([
        'alpha edited',
        'beta edited',
      ])
      expect(second.json?.inFilteredDecks).toEqual([
        expect.objectContaining({ file: 'notes/a.md', id: alpha, cards: 1 }),
        expect.objectContaining({ file: 'notes/b.md', id: beta, cards: 1 }),
      ])
      await server.stop()

      // The session is emptied: Anki sends each card back to its home deck, One.
      withAnkiCollection(collection, [
        `col.sched.emptyDyn(col.decks.id(${JSON.stringify(session)}, create=False))`,
      ])
      server = await anki(cwd, 'third.log', server.port)
      const third = sync(cwd, server, '--json')
      expect(third.code, third.stderr).toBe(0)
      // The move waited for the card, not for another edit.
      expect(third.json?.moved).toEqual([expect.objectContaining({ id: alpha, deck: 'Two' })])
      expect(third.json?.updated).toEqual([])
      const home = await allCards(server)
      expect(home.find((card) => card.note === alpha)?.deckName).toBe('Two')
      expect(home.find((card) => card.note === beta)?.deckName).toBe('One')
      expect(third.json?.inFilteredDecks).toEqual([])

      // And then nothing is left to do.
      const fourth = sync(cwd, server, '--json')
      expect(fourth.json?.writes).toBe(0)
      expect(fourth.json?.unchanged).toBe(2)
    })
  },
)
