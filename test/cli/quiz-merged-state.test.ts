/**
 * A learner keeps the quiz's state folder in git on two machines, and a
 * merge leaves git's conflict markers in its files. The quiz and `stats`
 * refuse it as damaged, leave it as it is, and say what happened and how
 * to get a state back: both files from one side of the merge.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = ['START', 'Basic', 'Capital of France?', 'Back: Paris', 'END', ''].join('\n')

/** Both sides of a conflict over `text`, as git writes them. */
function conflicted(ours: string, theirs: string): string {
  return `<<<<<<< HEAD\n${ours}=======\n${theirs}>>>>>>> laptop\n`
}

async function answeredState(): Promise<{ cwd: string; state: string }> {
  const cwd = await tempProject({ 'notes/a.md': note }, 'decklab-merged-state-')
  const state = join(cwd, 'state')
  const quiz = runDecklab(['quiz', '--state', state, '--answers', '-'], { cwd, input: 'good\n' })
  expect(quiz.code).toBe(0)
  return { cwd, state }
}

describe('a state folder git left with conflict markers', () => {
  it('in cards.json: named as a merge, with the way back, and left as it is', async () => {
    const { cwd, state } = await answeredState()
    const cards = join(state, 'cards.json')
    const text = readFileSync(cards, 'utf8')
    writeFileSync(cards, conflicted(`${text}\n`, `${text}\n`))
    const before = readFileSync(cards, 'utf8')
    for (const args of [['quiz', '--answers', '-'], ['stats']]) {
      const run = runDecklab([...args, '--state', state, '--json'], { cwd, input: 'good\n' })
      expect(run.code).toBe(2)
      const { error } = JSON.parse(run.stdout)
      expect(error.code).toBe('damaged-state')
      expect(error.message).toContain('cards.json: line 1 is a git merge conflict marker')
      expect(error.message).toContain('`git checkout --ours -- cards.json reviews.jsonl`')
    }
    expect(readFileSync(cards, 'utf8')).toBe(before)
  })

  it('in reviews.jsonl: the marker line is named', async () => {
    const { cwd, state } = await answeredState()
    renameSync(join(state, 'cards.json'), join(state, 'cards.json.away'))
    const log = join(state, 'reviews.jsonl')
    const line = readFileSync(log, 'utf8')
    writeFileSync(log, conflicted(line, line))
    const quiz = runDecklab(['quiz', '--state', state, '--answers', '-'], { cwd, input: '' })
    expect(quiz.code).toBe(2)
    expect(quiz.stderr).toContain('reviews.jsonl: line 1 is a git merge conflict marker')
    expect(quiz.stderr).toContain('both from one side of the merge')
  })
})
