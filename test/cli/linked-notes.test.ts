import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'

// Issue 16 item 3: a note reached twice through links is one file, so `build`
// neither reports `file-changed` nor, next time, a `duplicate-id` whose hint
// would delete the real note's ID. Issue 15: a link out of the vault is not read.

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-linked-notes-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('symlinked notes', () => {
  it('builds a vault holding a note and a symlink to it twice without file-changed or duplicate-id', async () => {
    await mkdir(join(dir, 'v'))
    await writeFile(join(dir, 'v/real.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    await symlink('real.md', join(dir, 'v/link.md'))
    const first = runDecklab(['build', 'v', '-o', 'out/deck.apkg'], { cwd: dir })
    expect([first.code, first.stderr]).toEqual([0, expect.not.stringMatching(/file-changed|error/)])
    expect(first.stderr).toMatch(/\b1 note\b/)
    expect(await readFile(join(dir, 'v/real.md'), 'utf8')).toMatch(/<!--ID: \d+-->\nEND\n$/)
    expect((await lstat(join(dir, 'v/link.md'))).isSymbolicLink()).toBe(true)

    const second = runDecklab(['build', 'v', '-o', 'out/deck.apkg'], { cwd: dir })
    expect([second.code, second.stderr]).toEqual([
      0,
      expect.not.stringMatching(/duplicate-id|error/),
    ])
    const check = runDecklab(['check', 'v'], { cwd: dir })
    expect([check.code, check.stderr]).toEqual([
      0,
      expect.stringContaining('1 note, 1 card in 1 file'),
    ])
  })

  it('quizzes a note reached through a link once: as many cards planned as `check` counts', async () => {
    await mkdir(join(dir, 'v/.obsidian'), { recursive: true })
    await writeFile(
      join(dir, 'v/a.md'),
      'START\nBasic\nq1\nBack: a1\nEND\n\nSTART\nBasic\nq2\nBack: a2\nEND\n',
    )
    await symlink('a.md', join(dir, 'v/link.md'))
    await writeFile(join(dir, 'answers'), 'good\ngood\ngood\ngood\n')
    const check = runDecklab(['check'], { cwd: join(dir, 'v') })
    expect(check.stderr).toContain('2 notes, 2 cards in 1 file')
    const quiz = runDecklab(
      [
        'quiz',
        '--state',
        '../state',
        '--answers',
        '../answers',
        '--json',
        '--shuffle',
        '--seed',
        '1',
      ],
      { cwd: join(dir, 'v') },
    )
    expect(quiz.code).toBe(0)
    const result = JSON.parse(quiz.stdout) as { planned: number; reviews: { key: string }[] }
    expect(result.planned).toBe(2)
    // Each card new once, then its 10-minute learning step: two reviews per key, not four.
    const keys = result.reviews.map((review) => review.key)
    expect(new Set(keys).size).toBe(2)
    expect(keys.slice(0, 2)).not.toEqual([keys[0], keys[0]])
    expect(quiz.stderr.match(/card \d+ of \d+/g)).toEqual([
      'card 1 of 2',
      'card 2 of 3',
      'card 3 of 4',
      'card 4 of 4',
    ])
  })

  it('refuses a symlinked note that leads out of the vault, in `check` and `build`', async () => {
    // `v` is an Obsidian vault; `secret` is beside it, outside.
    await mkdir(join(dir, 'v/.obsidian'), { recursive: true })
    await mkdir(join(dir, 'secret'))
    await writeFile(
      join(dir, 'secret/s.md'),
      'START\nBasic\nsecret question\nBack: secret answer\nEND\n',
    )
    await writeFile(join(dir, 'v/own.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    await symlink(join(dir, 'secret/s.md'), join(dir, 'v/s.md'))
    const check = runDecklab(['check', 'v', '--json'], { cwd: dir })
    expect(check.code).toBe(1)
    expect(check.stdout).not.toContain('secret question')
    expect(check.stderr).toContain('v/s.md:1:1 error note-outside-vault')
    const build = runDecklab(['build', 'v', '-o', 'out/deck.apkg'], { cwd: dir })
    expect(build.code).toBe(1)
    expect(await readFile(join(dir, 'secret/s.md'), 'utf8')).not.toContain('ID:')
  })
})
