/**
 * A note whose type changed since it was last answered (`Basic` to `Cloze`,
 * its ID kept): its cards keep the old cards' schedules by number, and the
 * quiz and `stats` say so.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

describe('a note whose type changed since its last answer', () => {
  // Only `build` warned (note-type-changed): the quiz showed the new Cloze card "in review",
  // with the schedule of the Basic card, and stats counted it so, without a word.
  it('is named by the quiz and stats until it is answered as what it is now', () => {
    const created = createVault()
    vaults.push(created)
    const { root, state } = created
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'Basic\nWhat does **UDS** stand for?\nBack: Unix domain sockets\n',
        'Cloze\n{{c1::UDS}} stands for Unix domain sockets.\n',
      ),
    )
    const named =
      "note 1 note changed note type since it was last answered: its cards keep the schedules of the old type's cards by number (card 1 is c1, as Anki's Change Note Type maps them); to start it again instead, remove its ID line: notes/quiz.md:5 (Basic → Cloze)\n"
    expect(runDecklab(['stats', '--state', state], { cwd: root }).stderr).toContain(named)
    const changed = quiz(['--cram', '--new', '0'], 'UDS\ngood\n')
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stderr).toContain('── card 1 of 1 · Test::Quiz · review ──')
    expect(changed.stderr).toContain(named)
    // Answered as a Cloze, it is what its progress is of.
    expect(runDecklab(['stats', '--state', state], { cwd: root }).stderr).not.toContain(
      'changed note type',
    )
  })
})
