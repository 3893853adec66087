/**
 * A card of the shipped course judged against lab results, as written or
 * with another answer: how a lab's test shows that a card's own answer is
 * what is compared (a wrong answer is refuted, or at least not confirmed).
 */
import { expect } from 'vitest'
import { judgeNote } from '../../../src/commands/verify/judge-rendered.js'
import { loadLabCatalog } from '../../../src/labs/registry.js'
import type { LabResult } from '../../../src/model/lab-result.js'
import type { Note } from '../../../src/model/note.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import { packageRoot } from '../../../src/package-info.js'

/** The judge of the course's note `id` in `file`: as written, or with `back` as its Back. */
export async function courseCardJudge(
  file: string,
  id: number,
  results: ReadonlyMap<string, LabResult>,
): Promise<(back?: string) => ReturnType<typeof judgeNote>> {
  const vault = await loadVault({
    cwd: packageRoot(),
    paths: [file],
    labs: await loadLabCatalog(),
  })
  const card = vault.notes.find((note) => note.id === id) as Note
  expect(card, `the card in ${file}`).toBeDefined()
  return (back) =>
    judgeNote(
      back === undefined ? card : { ...card, fields: { ...card.fields, Back: back } },
      results,
    )
}
