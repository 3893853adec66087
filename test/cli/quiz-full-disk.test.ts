/**
 * An answer that does not fit on the disk leaves `reviews.jsonl` exactly as
 * it was: a full disk writes part of the line (a short write), and half a
 * line would make the whole log unreadable to `quiz` and `stats`.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { fileSizeLimitUnavailable, runWithFileSizeLimit } from '../support/file-size-limit.js'
import { fillDisk, tmpfsUnavailable } from '../support/tmpfs.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
})

function vault(): Vault {
  const created = createVault()
  cleanups.push(() => created.remove())
  return created
}

const tmpfsWhy = tmpfsUnavailable()

describe.skipIf(tmpfsWhy !== undefined)(
  `a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    it('keeps the review log whole, says the disk is full, and stats still reads it', () => {
      const { root } = vault()
      const disk = join(root, 'disk')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      cleanups.push(() => spawnSync('umount', [disk]))
      const state = join(disk, 'state')
      mkdirSync(state)
      // A block kept free for the session's lock file, so the session starts.
      const keep = join(disk, 'room-for-the-lock')
      writeFileSync(keep, 'x')
      const reviews = join(state, 'reviews.jsonl')
      fillDisk(reviews, 64)
      rmSync(keep)
      const before = readFileSync(reviews)

      const result = runDecklab(['quiz', '--answers', '-', '--state', state], {
        cwd: root,
        input: 'good\n',
      })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        `${reviews}: the last answer could not be saved: no space left on the device (ENOSPC); every earlier answer is saved. Free some space on its disk, or choose another folder with --state.`,
      )
      expect(result.stderr).not.toContain('internal error')
      expect(readFileSync(reviews).equals(before)).toBe(true)
      const stats = runDecklab(['stats', '--state', state], { cwd: root })
      expect(stats.stderr).not.toContain('damaged')
      expect(stats.code).toBe(0)
    })
  },
)

const prlimitWhy = fileSizeLimitUnavailable()

/** A valid cards.json of `size` bytes: no cards, and one note index entry with a long file name. */
function bigCardsFile(size: number): string {
  const empty = JSON.stringify({ version: 1, seq: 0, cards: {}, notes: { g: { id: 1, file: '' } } })
  return JSON.stringify({
    version: 1,
    seq: 0,
    cards: {},
    notes: { g: { id: 1, file: `/${'x'.repeat(size - empty.length - 1)}` } },
  })
}

/** Make `path` append-only (`chattr +a`), undone before the test's folder is removed. */
function appendOnly(path: string): void {
  expect(spawnSync('chattr', ['+a', path]).status).toBe(0)
  cleanups.push(() => spawnSync('chattr', ['-a', path]))
}

/** Why a file cannot be made append-only here (it needs root and a file system that has it). */
function appendOnlyUnavailable(): string | undefined {
  const probe = mkdtempSync(join(tmpdir(), 'decklab-append-only-'))
  const file = join(probe, 'file')
  try {
    writeFileSync(file, '')
    const set = spawnSync('chattr', ['+a', file])
    if (set.error || set.status !== 0) return 'chattr +a is not available here'
    spawnSync('chattr', ['-a', file])
    return undefined
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

const appendOnlyWhy = appendOnlyUnavailable()

describe.skipIf(prlimitWhy !== undefined)(
  `a file size limit${prlimitWhy ? ` (skipped: ${prlimitWhy})` : ''}`,
  () => {
    it('a short write at the limit is taken back: the log is as it was', () => {
      const { root, state } = vault()
      mkdirSync(state)
      const limit = 65_536
      const reviews = join(state, 'reviews.jsonl')
      // 64 bytes below the limit: the review's line (hundreds of bytes) is cut by the kernel.
      const before = Buffer.alloc(limit - 64, '\n')
      writeFileSync(reviews, before)

      const result = runWithFileSizeLimit(limit, ['quiz', '--answers', '-', '--state', state], {
        cwd: root,
        input: 'good\n',
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toContain(
        `${reviews}: the last answer could not be saved: the file is larger than allowed (EFBIG); every earlier answer is saved. Raise the file size limit (\`ulimit -f\`), or choose another folder with --state.`,
      )
      expect(readFileSync(reviews).equals(before)).toBe(true)
      expect(runDecklab(['stats', '--state', state], { cwd: root }).code).toBe(0)
    })

    // A short write made a lock of half a line, which no process could release; a failed one
    // left its temp file behind.
    it('a lock that cannot be written whole leaves neither a lock nor a temp file', () => {
      const { root, state } = vault()
      mkdirSync(state)
      const result = runWithFileSizeLimit(10, ['quiz', '--answers', '-', '--state', state], {
        cwd: root,
        input: 'good\n',
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toContain('(EFBIG)')
      expect(readdirSync(state)).toEqual([])
    })

    it('an answer whose cards.json cannot be written is taken back out of the log, as the message says', () => {
      const { root, state } = vault()
      mkdirSync(state)
      const limit = 65_536
      const reviews = join(state, 'reviews.jsonl')
      const cards = join(state, 'cards.json')
      writeFileSync(reviews, '')
      // cards.json just under the limit: with the answer's card it is over, while its log line fits.
      writeFileSync(cards, bigCardsFile(limit - 200))

      const result = runWithFileSizeLimit(limit, ['quiz', '--answers', '-', '--state', state], {
        cwd: root,
        input: 'good\n',
      })
      expect(result.status).toBe(2)
      expect(result.stderr).toContain(
        `${cards}: the last answer could not be saved: the file is larger than allowed (EFBIG); every earlier answer is saved.`,
      )
      expect(readFileSync(reviews, 'utf8')).toBe('')
      const stats = runDecklab(['stats', '--state', state, '--json'], { cwd: root })
      expect(JSON.parse(stats.stdout)).toMatchObject({ reviews: 0, new: 4 })
    })

    it.skipIf(appendOnlyWhy !== undefined)(
      `says the answer is kept when its log line cannot be taken back either${appendOnlyWhy ? ` (skipped: ${appendOnlyWhy})` : ''}`,
      () => {
        const { root, state } = vault()
        mkdirSync(state)
        const limit = 65_536
        const reviews = join(state, 'reviews.jsonl')
        const cards = join(state, 'cards.json')
        writeFileSync(reviews, '')
        writeFileSync(cards, bigCardsFile(limit - 200))
        // Append-only: the answer's line goes in, and nothing can cut it off again.
        appendOnly(reviews)
        const result = runWithFileSizeLimit(limit, ['quiz', '--answers', '-', '--state', state], {
          cwd: root,
          input: 'good\n',
        })
        expect(result.status).toBe(2)
        expect(result.stderr).toContain(
          `${cards}: the last answer is kept in ${reviews} (it takes effect from the next session: do not answer that card again), but this file could not be replaced: the file is larger than allowed (EFBIG); every earlier answer is saved.`,
        )
        expect(result.stderr).not.toContain('could not be saved')
        const stats = runDecklab(['stats', '--state', state, '--json'], { cwd: root })
        expect(JSON.parse(stats.stdout)).toMatchObject({ reviews: 1, new: 3 })
      },
    )

    it('an answer that cannot be saved mid-session still gives the summary of those saved before it', () => {
      const { root, state } = vault()
      // The lengths of the two answers' log lines, from a session with no limit.
      const probe = join(root, 'probe-state')
      expect(
        runDecklab(['quiz', '--answers', '-', '--state', probe], {
          cwd: root,
          input: 'good\ngood\n',
        }).code,
      ).toBe(0)
      const [first, second] = readFileSync(join(probe, 'reviews.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => Buffer.byteLength(line) + 1)
      mkdirSync(state)
      const limit = 65_536
      const reviews = join(state, 'reviews.jsonl')
      // Room for the first answer's line and half the second's.
      const before = Buffer.alloc(limit - first! - Math.floor(second! / 2), '\n')
      writeFileSync(reviews, before)

      const run = (json: boolean) =>
        runWithFileSizeLimit(
          limit,
          ['quiz', '--answers', '-', '--state', state, ...(json ? ['--json'] : [])],
          { cwd: root, input: 'good\ngood\n' },
        )
      const result = run(false)
      expect(result.status).toBe(2)
      expect(result.stdout).toContain('Session: 1 reviewed · 100% recalled')
      expect(result.stderr).toContain('the last answer could not be saved')
      const lines = readFileSync(reviews).subarray(before.length).toString('utf8')
      expect(lines.split('\n').filter((line) => line !== '')).toHaveLength(1)

      // With --json, a script reads the same: one answer saved, and why the session ended. The
      // state starts again as it was (cards.json too: a log without the answer it includes has
      // lost it, and the quiz would refuse to start).
      writeFileSync(reviews, before)
      rmSync(join(state, 'cards.json'))
      const json = run(true)
      expect(json.status).toBe(2)
      const summary = JSON.parse(json.stdout)
      expect(summary).toMatchObject({ reviewed: 1, end: 'failed' })
      expect(summary.error.code).toBe('state-not-writable')
      expect(summary.error.message).toContain('the last answer could not be saved')
      expect(summary.reviews).toHaveLength(1)
    })
  },
)
