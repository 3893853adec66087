/**
 * The quiz never loses an answer to its state: one session per state
 * directory (even racing for a stale lock), state it cannot write or trust
 * refused before the first card, and no state directory for a bad command.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, decklabBin, type Vault } from '../quiz/vault-fixture.js'
import { isRoot } from '../support/as-nobody.js'
import { runDecklab } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) {
    spawnSync('chmod', ['-R', 'u+w', vault.root])
    vault.remove()
  }
})

function vault(): Vault {
  const created = createVault()
  vaults.push(created)
  return created
}

function quiz(root: string, state: string, input = 'good\n') {
  return runDecklab(['quiz', '--answers', '-', '--state', state], { cwd: root, input })
}

/** A scripted one-answer session, run without blocking the others. */
function quizAsync(root: string, state: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [decklabBin, 'quiz', '--cram', '--answers', '-', '--state', state],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.stdin.end('good\n')
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

function reviewSeqs(state: string): number[] {
  const path = join(state, 'reviews.jsonl')
  if (!existsSync(path)) return []
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as { seq: number }).seq)
}

describe('the quiz lock', () => {
  it('a stale lock and six sessions at once: every review saved once, in order, every round', async () => {
    const { root, state } = vault()
    mkdirSync(state)
    let sessions = 0
    for (let round = 0; round < 3; round += 1) {
      const gone = spawnSync(process.execPath, ['-e', ''])
      writeFileSync(join(state, 'lock'), `${gone.pid}\n`)
      const results = await Promise.all(Array.from({ length: 6 }, () => quizAsync(root, state)))
      for (const result of results) {
        expect(result.stderr).not.toContain('internal error')
        if (result.code !== 0) {
          expect(result.code).toBe(2)
          expect(result.stderr).toMatch(/another decklab quiz \(pid \d+\) is using this state/)
        }
      }
      sessions += results.filter((result) => result.code === 0).length
      // Each session that ran saved its one answer; two at once would repeat a seq.
      const seqs = reviewSeqs(state)
      expect(seqs).toEqual(Array.from({ length: sessions }, (_, index) => index + 1))
      expect(existsSync(join(state, 'lock'))).toBe(false)
      // The replayed state knows every reviewed card: `stats` agrees with the log.
      const stats = runDecklab(['stats', '--json'], {
        cwd: root,
        env: { DECKLAB_STATE_DIR: state },
      })
      expect(stats.code).toBe(0)
      expect(JSON.parse(stats.stdout).reviews).toBe(seqs.length)
    }
    expect(sessions).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('a lock naming a live process that is no decklab (pid 1) does not stop the quiz', () => {
    const { root, state } = vault()
    mkdirSync(state)
    writeFileSync(join(state, 'lock'), '1\n')
    const result = quiz(root, state)
    expect(result.stderr).not.toContain('is using this state')
    expect(result.code).toBe(0)
    expect(reviewSeqs(state)).toEqual([1])
  })
})

describe('leftovers of a killed session', () => {
  it('removes the temp state files a killed session left, and nothing else', () => {
    const { root, state } = vault()
    mkdirSync(state)
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    writeFileSync(join(state, `cards.json.${gone}.tmp`), '{"half":')
    writeFileSync(join(state, 'notes.txt'), 'mine\n')
    expect(quiz(root, state).code).toBe(0)
    expect(readdirSync(state).sort()).toEqual(['cards.json', 'notes.txt', 'reviews.jsonl'])
  })
})

describe('state the quiz cannot write', () => {
  it('refuses read-only (444) state files before the first card, keeping them as they were', () => {
    const { root, state } = vault()
    expect(quiz(root, state).code).toBe(0)
    const reviews = join(state, 'reviews.jsonl')
    const cards = join(state, 'cards.json')
    const before = readFileSync(reviews, 'utf8')
    chmodSync(reviews, 0o444)
    const result = quiz(root, state)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error ${reviews}: is read-only (mode 444)`)
    expect(result.stderr).toContain('no card was shown, so no answer is lost')
    expect(result.stdout).not.toContain('UDS')
    expect(result.stderr).not.toContain('internal error')
    expect(readFileSync(reviews, 'utf8')).toBe(before)
    expect(statSync(reviews).mode & 0o777).toBe(0o444)
    chmodSync(reviews, 0o644)
    chmodSync(cards, 0o444)
    expect(quiz(root, state).stderr).toContain(`error ${cards}: is read-only (mode 444)`)
    expect(existsSync(join(state, 'lock'))).toBe(false)
  })

  it('a state directory that cannot be created or written is a clear error, not a bug', () => {
    const { root } = vault()
    const file = join(root, 'plain-file')
    writeFileSync(file, 'not a folder\n')
    const under = quiz(root, join(file, 'state'))
    expect(under.code).toBe(2)
    expect(under.stderr).toContain(
      `Unexpected state directory \`${join(file, 'state')}\`: a file stands where one of its folders should be`,
    )
    expect(under.stderr).not.toContain('internal error')
    const onFile = quiz(root, file)
    expect(onFile.code).toBe(2)
    expect(onFile.stderr).toContain(`Unexpected state directory \`${file}\`: it is a file`)
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n')
  })

  it('a folder where the lock goes is named as such, not as a directory it cannot write', () => {
    const { root, state } = vault()
    mkdirSync(join(state, 'lock'), { recursive: true })
    const result = quiz(root, state)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `${state}: its \`lock\` is a folder, where decklab keeps its lock file, so no session can take it; no card was shown, so no answer is lost. Move that away`,
    )
    expect(result.stderr).not.toContain('ENOTREG')
    expect(readdirSync(join(state, 'lock'))).toEqual([])
  })

  // It was "another unknown (pid 0) is using this state": the lock's link and read both failed.
  it('a symbolic link to nothing where the lock goes is named as such, not as another quiz', () => {
    const { root, state } = vault()
    mkdirSync(state, { recursive: true })
    symlinkSync(join(root, 'nowhere'), join(state, 'lock'))
    const result = quiz(root, state)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `${state}: its \`lock\` is a symbolic link to nothing, where decklab keeps its lock file, so no session can take it`,
    )
    expect(result.stderr).not.toContain('pid 0')
    expect(lstatSync(join(state, 'lock')).isSymbolicLink()).toBe(true)
    expect(existsSync(join(root, 'nowhere'))).toBe(false)
  })

  it.skipIf(isRoot)('a read-only (555) state directory is a clear error (as a user)', () => {
    const { root, state } = vault()
    mkdirSync(state)
    chmodSync(state, 0o555)
    const result = quiz(root, state)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('cannot create files in the state directory (EACCES)')
    expect(readdirSync(state)).toEqual([])
  })
})

/** A card as the quiz saves it after a review (the shape ts-fsrs gives). */
const reviewed = {
  due: '2026-01-01T00:00:00.000Z',
  stability: 2.3065,
  difficulty: 2.118,
  elapsed_days: 0,
  scheduled_days: 0,
  reps: 1,
  lapses: 0,
  learning_steps: 1,
  state: 1,
  last_review: '2025-12-31T23:50:00.000Z',
}

describe('state the quiz cannot trust', () => {
  for (const [what, card] of [
    ['a due date that is no date', { due: 'not-a-date', state: 2 }],
    ['an unknown card state', { due: '2026-01-01T00:00:00.000Z', state: 99 }],
    // A reviewed card without FSRS's numbers would be saved back as nulls.
    ['a reviewed card without its counters', { due: '2026-01-01T00:00:00.000Z', state: 2 }],
    ['a memory state FSRS refuses', { ...reviewed, stability: 0, difficulty: 0.5 }],
    ['a last review that is no date', { ...reviewed, last_review: 'garbage' }],
  ] as const) {
    it(`reports ${what} as damaged and keeps the file`, () => {
      const { root, state } = vault()
      mkdirSync(state)
      const path = join(state, 'cards.json')
      const text = `${JSON.stringify({ version: 1, seq: 0, cards: { 'abc/0': card } })}\n`
      writeFileSync(path, text)
      const result = quiz(root, state)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `damaged state file ${path}: has an invalid card for \`abc/0\``,
      )
      expect(result.stderr).not.toContain('internal error')
      expect(readFileSync(path, 'utf8')).toBe(text)
      const stats = runDecklab(['stats'], { cwd: root, env: { DECKLAB_STATE_DIR: state } })
      expect(stats.code).toBe(2)
      expect(stats.stderr).not.toContain('internal error')
    })
  }

  // Read as a state never saved, it was written through: its target's folders were made.
  it('reports a cards.json that links to a missing file (a drive not mounted), and makes nothing there', () => {
    const { root, state } = vault()
    mkdirSync(state)
    const target = join(root, 'unmounted', 'decklab', 'cards.json')
    symlinkSync(target, join(state, 'cards.json'))
    const result = quiz(root, state)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `damaged state file ${join(state, 'cards.json')}: is a link to ${target}, whose folder does not exist`,
    )
    expect(existsSync(join(root, 'unmounted'))).toBe(false)
    expect(readlinkSync(join(state, 'cards.json'))).toBe(target)
  })

  it('schedules a card whose last review lies ahead of the clock as one reviewed just now', () => {
    const { root, state } = vault()
    mkdirSync(state)
    const first = quiz(root, state)
    expect(first.code, first.stderr).toBe(0)
    const path = join(state, 'cards.json')
    const document = JSON.parse(readFileSync(path, 'utf8'))
    for (const card of Object.values(document.cards) as Array<Record<string, unknown>>) {
      card.last_review = '2030-10-29T00:00:00.000Z'
      card.due = '2000-01-01T00:00:00.000Z'
    }
    writeFileSync(path, JSON.stringify(document))
    const again = runDecklab(['quiz', '--answers', '-', '--state', state, '--json'], {
      cwd: root,
      input: 'good\n',
    })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).not.toContain('internal error')
    expect(JSON.parse(again.stdout).reviewed).toBeGreaterThan(0)
  })
})

describe('a command with a bad path', () => {
  it('does not create the state directory', () => {
    const { root, state } = vault()
    const result = runDecklab(['quiz', 'no-such-folder', '--answers', '-', '--state', state], {
      cwd: root,
      input: 'good\n',
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('`no-such-folder`: it does not exist')
    expect(existsSync(state)).toBe(false)
  })

  it('an --answers file that cannot be read does not create it either, and a folder gets no pipe hint', () => {
    const { root, state } = vault()
    const answers = (path: string) =>
      runDecklab(['quiz', '--answers', path, '--state', state], { cwd: root })
    const missing = answers('no-such-answers.txt')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read --answers no-such-answers.txt: it does not exist')
    const folder = answers('notes')
    expect(folder.code).toBe(2)
    expect(folder.stderr).toContain(
      'cannot read --answers notes: it is a folder, expected a regular file\n',
    )
    // A FIFO can be read through stdin: that hint stays.
    spawnSync('mkfifo', [join(root, 'fifo')])
    expect(answers('fifo').stderr).toContain(
      'it is a FIFO, expected a regular file (for a pipe, use `--answers - < fifo`)',
    )
    expect(existsSync(state)).toBe(false)
  })
})
