/**
 * A learner keeps the quiz's state folder in git on two laptops and answers
 * on both; git's union merge (`*.jsonl merge=union`) keeps both machines'
 * lines of `reviews.jsonl`, numbered alike from where they parted, and
 * `cards.json` comes from one side. The other machine's answers must count
 * in the schedule, as they count in `stats` (forked-log.ts): before, its
 * cards stayed new, unsaid.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = (name: string) =>
  ['START', 'Basic', `Question ${name}?`, `Back: Answer ${name}`, 'END', ''].join('\n')

interface Record {
  seq: number
  key: string
  card: unknown
}

const records = (path: string): Record[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record)

function quiz(cwd: string, state: string, args: string[], answers: string) {
  const run = runDecklab(['quiz', ...args, '--state', state, '--answers', '-', '--json'], {
    cwd,
    input: answers,
  })
  expect(run.code, run.stderr).toBe(0)
  return run
}

/**
 * Two machines' copies of one state: both answered `c` before they parted;
 * then the laptop answered `a` and `c` again, the desktop `b` and `c`
 * (later). The merged folder holds the union of the logs and the laptop's
 * `cards.json`.
 */
async function mergedState() {
  const cwd = await tempProject(
    { 'notes/a.md': note('a'), 'notes/b.md': note('b'), 'notes/c.md': note('c') },
    'decklab-union-merge-',
  )
  const base = join(cwd, 'base')
  quiz(cwd, base, ['notes/c.md'], 'good\ngood\n')
  const laptop = join(cwd, 'laptop')
  const desktop = join(cwd, 'desktop')
  cpSync(base, laptop, { recursive: true })
  cpSync(base, desktop, { recursive: true })
  quiz(cwd, laptop, ['notes/a.md'], 'good\ngood\n')
  quiz(cwd, laptop, ['notes/c.md', '--cram'], 'good\n')
  quiz(cwd, desktop, ['notes/b.md'], 'good\ngood\n')
  quiz(cwd, desktop, ['notes/c.md', '--cram'], 'hard\n')
  const merged = join(cwd, 'state')
  cpSync(laptop, merged, { recursive: true })
  const shared = readFileSync(join(base, 'reviews.jsonl'), 'utf8')
  const theirs = readFileSync(join(desktop, 'reviews.jsonl'), 'utf8').slice(shared.length)
  const ours = readFileSync(join(laptop, 'reviews.jsonl'), 'utf8')
  writeFileSync(join(merged, 'reviews.jsonl'), ours + theirs)
  return { cwd, merged, desktop }
}

describe('a review log two machines wrote, joined by a union merge', () => {
  it('counts the other machine’s answers in the schedule, and stats agrees with the quiz', async () => {
    const { cwd, merged, desktop } = await mergedState()
    const log = readFileSync(join(merged, 'reviews.jsonl'), 'utf8')

    const stats = runDecklab(['stats', '--state', merged, '--json'], { cwd })
    expect(stats.code, stats.stderr).toBe(0)
    const counted = JSON.parse(stats.stdout)
    // b was answered on the desktop only: it is no new card.
    expect(counted.new).toBe(0)
    expect(counted.reviews).toBe(8)
    expect(counted.reviewLog.merged).toMatchObject({ seq: 3, records: [3, 6], shared: 3 })
    expect(stats.stderr).toContain('records 3 and 6 are both number 3')
    expect(stats.stderr).toContain('Every answer counts')

    // The quiz agrees: b waits for its due day, as the desktop scheduled it.
    const b = runDecklab(['quiz', 'notes/b.md', '--state', merged, '--answers', '-'], {
      cwd,
      input: 'good\n',
    })
    expect(b.code, b.stderr).toBe(0)
    expect(b.stdout).toContain('Nothing to review now')
    expect(b.stderr).toContain('the log joins two copies of this state folder')

    // The next answer saves the merged states: c has the desktop's later answer.
    quiz(cwd, merged, ['notes/a.md', '--cram'], 'good\n')
    const saved = JSON.parse(readFileSync(join(merged, 'cards.json'), 'utf8'))
    const desktopLog = records(join(desktop, 'reviews.jsonl'))
    const lastOf = (key: string) => desktopLog.filter((record) => record.key === key).at(-1)
    const keysB = desktopLog.slice(2, 4).map((record) => record.key)
    const keyC = desktopLog[0]?.key as string
    for (const key of [...keysB, keyC]) expect(saved.cards[key]).toEqual(lastOf(key)?.card)
    // The log is as the merge left it, plus that answer.
    expect(readFileSync(join(merged, 'reviews.jsonl'), 'utf8').startsWith(log)).toBe(true)
    // And that it took the merge in, so later starts need not work it out again.
    expect(saved.forked).toEqual({ seq: 3, shared: 3 })
    expect(records(join(merged, 'reviews.jsonl')).at(-1)?.seq).toBe(6)

    // Saved: nothing more to say, and stats still counts every answer.
    const after = runDecklab(['stats', '--state', merged, '--json'], { cwd })
    expect(after.stderr).not.toContain('two copies')
    const stillCounted = JSON.parse(after.stdout)
    expect(stillCounted).toMatchObject({ new: 0, reviews: 9 })
    expect(stillCounted.reviewLog.merged).toEqual({ seq: 3, records: [3, 6], shared: 3, cards: 0 })
  })
})
