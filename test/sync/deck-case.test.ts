/**
 * A note whose deck Anki has under another case (`biology` for the vault's
 * `Biology`): Anki finds decks case-blind when it makes one, but Anki
 * 2.1.15's AnkiConnect adds a note only to a deck of exactly its name.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { allCards, anki, ids, sync, workspace } from './sync-fixture.js'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync into a deck Anki spells in another case${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("adds the note to Anki's deck, also below a parent Anki spells otherwise, and then finds it unchanged", async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      await server.call('createDeck', { deck: 'biology' })
      await server.call('createDeck', { deck: 'science' })
      await writeFile(
        join(cwd, 'a.md'),
        'TARGET DECK: Biology\n\nSTART\nBasic\nCell?\nBack: unit of life\nEND\n',
      )
      await writeFile(
        join(cwd, 'b.md'),
        'TARGET DECK: Science::Physics\n\nSTART\nBasic\nAtom?\nBack: unit of matter\nEND\n',
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.added).toHaveLength(2)
      const [cell] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      const [atom] = ids(await readFile(join(cwd, 'b.md'), 'utf8'))
      const decks = new Map((await allCards(server)).map((card) => [card.note, card.deckName]))
      expect(decks.get(cell as number)).toBe('biology')
      expect(decks.get(atom as number)).toBe('science::Physics')
      const again = sync(cwd, server, '--json')
      expect(again.json).toMatchObject({ added: [], updated: [], moved: [], writes: 0 })
    })
  },
)
