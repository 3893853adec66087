/**
 * `quiz` and `stats` offer and count the cards the package has: a note's
 * cards come from its rendered fields, as `build` makes them, not from its
 * Markdown (a reverse of a Back that is only a comment, a cloze deletion in
 * code, a deletion made by character references). The fixture notes and the
 * course are compared with the cards of their rendered fields.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { noteCards } from '../../../src/commands/build/note-cards.js'
import { quickPlan } from '../../../src/commands/quiz/quick-start.js'
import { loadQuizVault } from '../../../src/commands/quiz/quiz-vault.js'
import { cardOrds } from '../../../src/model/cards.js'
import type { Note } from '../../../src/model/note.js'
import { packageRoot } from '../../../src/package-info.js'
import { loadQuizCards } from '../../../src/quiz/open-vault.js'
import type { Store } from '../../../src/quiz/store.js'
import { renderNote } from '../../../src/render/render-note.js'
import { everyTestNote } from '../../render/every-test-note.js'

const fixture = join(packageRoot(), 'test', 'fixtures', 'adversarial', 'card-counts')

/** Each note's ords among `cards`, by the line its block starts on. */
function ordsByLine(cards: ReadonlyArray<{ note: Note; ord: number }>): Record<number, number[]> {
  const byLine: Record<number, number[]> = {}
  for (const card of cards) {
    const line = card.note.source.line
    byLine[line] = [...(byLine[line] ?? []), card.ord]
  }
  return byLine
}

const packaged = { 4: [0], 10: [0], 16: [0], 23: [0], 28: [0, 1], 33: [0, 2] }

describe('the cards of quiz and stats', () => {
  it('are the cards build packages, not the Markdown’s', async () => {
    const { cards } = await loadQuizCards({ cwd: fixture, paths: ['.'], loadVault: loadQuizVault })
    expect(ordsByLine(cards)).toEqual(packaged)
  })

  it('are the same in the quick plan, which parses a few files only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-quiz-cards-'))
    onTestFinished(() => rmSync(root, { recursive: true, force: true }))
    // Its only card is c2's: c1 is in code, where Anki expands nothing.
    writeFileSync(join(root, 'a.md'), 'START\nCloze\nText: `{{c1::code}}` and {{c2::text}}\nEND\n')
    const store = { cards: () => [], lookup: () => undefined } as unknown as Store
    const plan = { now: new Date('2026-01-01T00:00:00Z') }
    const quick = await quickPlan({
      cwd: root,
      paths: ['.'],
      plan,
      store,
      loadVault: loadQuizVault,
    })
    expect(quick?.map((card) => card.ord)).toEqual([1])
  })

  it('are the cards of the rendered fields for every note of the course and the fixtures', async () => {
    const notes = await everyTestNote()
    expect(notes.length).toBeGreaterThan(150)
    const cards = await noteCards(notes)
    for (const note of notes) {
      const rendered = cardOrds({ noteType: note.noteType, fields: renderNote(note).fields })
      expect(cards(note), `${note.source.file}:${note.source.line}`).toEqual(rendered)
    }
  })
})
