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
    // An English vault's note index is as it was: no written name beside the stock one.
    expect(readFileSync(join(state, 'cards.json'), 'utf8')).not.toContain('writtenType')
  })
})

/** A French Anki's `Texte à trous` note, later made a `Basique` one (its ID kept). */
const frenchCloze = `---
deck: Test::Quiz
---

START
Texte à trous
{{c1::UDS}} veut dire Unix domain sockets.
<!--ID: 1763700000001-->
END
`
const frenchBasic = `---
deck: Test::Quiz
---

START
Basique
Que veut dire **UDS** ?
Verso: Unix domain sockets
<!--ID: 1763700000001-->
END
`

describe('a localized note whose type changed since its last answer', () => {
  function answeredThenChanged(): { root: string; state: string; file: string } {
    const created = createVault(frenchCloze)
    vaults.push(created)
    const { root, state } = created
    const answered = runDecklab(
      ['quiz', '--answers', '-', '--state', state, '--json', '--limit', '1'],
      { cwd: root, input: 'UDS\n' },
    )
    expect(answered.code, answered.stderr).toBe(0)
    const file = join(root, 'notes', 'quiz.md')
    writeFileSync(file, frenchBasic)
    return { root, state, file }
  }

  // The quiz keeps a note's stock type, so it said `(Cloze → Basic)` of a note the user
  // changed from `Texte à trous` to `Basique`: names their blocks and their Anki never showed.
  it('is named by the names its blocks wrote, by the quiz and stats', () => {
    const { root, state } = answeredThenChanged()
    const named = 'notes/quiz.md:5 (Texte à trous → Basique)\n'
    const stats = runDecklab(['stats', '--state', state], { cwd: root })
    expect(stats.stderr).toContain('1 note changed note type since it was last answered')
    expect(stats.stderr).toContain(named)
    const changed = runDecklab(
      ['quiz', '--answers', '-', '--state', state, '--cram', '--new', '0'],
      { cwd: root, input: 'good\n' },
    )
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stderr).toContain(named)
  })

  // An English vault's `Cloze` note made a French `Basique` one: the index keeps no written
  // name for a stock one, and the quiz said `(Cloze → Basic)`, a name no block wrote.
  it('is named by the name its block writes now when the old one was the stock name', () => {
    const created = createVault(frenchCloze.replace('Texte à trous', 'Cloze'))
    vaults.push(created)
    const { root, state } = created
    const answered = runDecklab(['quiz', '--answers', '-', '--state', state, '--limit', '1'], {
      cwd: root,
      input: 'UDS\n',
    })
    expect(answered.code, answered.stderr).toBe(0)
    writeFileSync(join(root, 'notes', 'quiz.md'), frenchBasic)
    const named = 'notes/quiz.md:5 (Cloze → Basique)\n'
    expect(runDecklab(['stats', '--state', state], { cwd: root }).stderr).toContain(named)
    const changed = runDecklab(['quiz', '--answers', '-', '--state', state, '--cram'], {
      cwd: root,
      input: 'good\n',
    })
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stderr).toContain(named)
  })

  // An answer saved before the written name was kept: whether its block said `Cloze` or
  // `Texte à trous` is not known; the old type goes by its stock name, the new one as written.
  it('names the old type by its stock name when its written name was not kept', () => {
    const { root, state } = answeredThenChanged()
    for (const name of ['cards.json', 'reviews.jsonl']) {
      const path = join(state, name)
      const text = readFileSync(path, 'utf8')
      expect(text).toContain(',"writtenType":"Texte à trous"')
      writeFileSync(path, text.replaceAll(',"writtenType":"Texte à trous"', ''))
    }
    const stats = runDecklab(['stats', '--state', state], { cwd: root })
    expect(stats.stderr).toContain('notes/quiz.md:5 (Cloze → Basique)\n')
  })
})
