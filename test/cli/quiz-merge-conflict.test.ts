/**
 * A learner who keeps notes in git on two machines pulls, and git leaves a
 * note file with conflict markers. Until the merge is finished, the quiz
 * shows none of the conflicted notes (a card with both sides and the marker
 * lines, or both versions of a note, is no card anyone wrote: no grade is
 * saved on it) and `stats` counts none of them; the notes outside the
 * conflict are quizzed as before.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

// Both machines edited this note's answer.
const inside = [
  'START',
  'Basic',
  'What is 2+2?',
  '<<<<<<< HEAD',
  'Back: 4',
  '=======',
  'Back: four',
  '>>>>>>> laptop',
  '<!--ID: 1700000000001-->',
  'END',
  '',
  'START',
  'Basic',
  'Capital of France?',
  'Back: Paris',
  '<!--ID: 1700000000002-->',
  'END',
  '',
].join('\n')

// One machine reworded a note that has no ID yet.
const around = [
  '<<<<<<< HEAD',
  'START',
  'Basic',
  'Q2',
  'Back: A2',
  'END',
  '=======',
  'START',
  'Basic',
  'Q2, reworded',
  'Back: A2',
  'END',
  '>>>>>>> laptop',
  '',
].join('\n')

describe('quiz and stats on notes left with git merge conflict markers', () => {
  it('leave out the conflicted notes and quiz the rest', async () => {
    const cwd = await tempProject(
      { 'notes/a.md': inside, 'notes/b.md': around },
      'decklab-quiz-conflict-',
    )
    const state = join(cwd, 'state')
    const quiz = runDecklab(['quiz', '--state', state, '--answers', '-', '--json'], {
      cwd,
      input: 'good\n',
    })
    expect(quiz.stderr).toContain('2 errors in the notes')
    expect(quiz.stderr).toContain('run `decklab check`')
    const summary = JSON.parse(quiz.stdout)
    expect(summary.planned).toBe(1)
    expect(summary.reviews.map((review: { key: string }) => review.key)).toEqual([
      expect.stringMatching(/\/0$/),
    ])

    const text = runDecklab(['quiz', '--state', join(cwd, 'other'), '--answers', '-'], {
      cwd,
      input: 'good\n',
    })
    expect(text.stdout).toContain('Capital of France?')
    expect(text.stdout).not.toContain('<<<<<<<')
    expect(text.stdout).not.toContain('What is 2+2?')
    expect(text.stdout).not.toContain('Q2')

    const stats = runDecklab(['stats', '--state', state, '--json'], { cwd })
    const counts = JSON.parse(stats.stdout)
    expect({ cards: counts.cards, new: counts.new, reviews: counts.reviews }).toEqual({
      cards: 1,
      new: 0,
      reviews: 1,
    })
    expect(stats.stderr).toContain('run `decklab check`')
  })
})
