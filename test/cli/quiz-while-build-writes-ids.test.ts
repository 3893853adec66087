/**
 * A quiz running while `decklab build` (or `sync`) writes the IDs of notes
 * that had none: the session planned those notes by their content, so the
 * answers it saves after the build are kept under their content keys. The
 * build links each new ID to its content while a session runs, so those
 * answers, too, follow the note's ID through its next edit.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decklabBin, runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = (question: string, answer: string) =>
  `START\nBasic\n${question}\nBack: ${answer}\nEND\n`

/** Lines in the state's review log. */
function logLines(state: string): number {
  const path = join(state, 'reviews.jsonl')
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0
}

describe('a quiz running while a build writes IDs', () => {
  it('keeps an answer saved after the build with the note through its next edit', async () => {
    const dir = await tempProject({
      'v/.obsidian/': '',
      'v/a.md': note('First?', 'One'),
      'v/b.md': note('Second?', 'Two'),
    })
    const vault = join(dir, 'v')
    const state = join(dir, 'state')
    const env = { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: state }
    const quiz = spawn(process.execPath, [decklabBin, 'quiz', '--answers', '-'], {
      cwd: vault,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const done = new Promise<number | null>((resolve) => quiz.on('close', resolve))
    quiz.stdout.resume()
    quiz.stderr.resume()
    // The first card (a.md's) is answered and saved before the build.
    quiz.stdin.write('good\n')
    for (let waited = 0; logLines(state) < 1; waited += 20) {
      if (waited > 30_000) throw new Error('the quiz saved no answer')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const build = runDecklab(['build'], { cwd: vault, env: { DECKLAB_STATE_DIR: state } })
    expect(build.stderr).toContain('wrote 2 new IDs into 2 files')
    // The second card (b.md's) is answered after its note got its ID.
    quiz.stdin.end('good\n')
    expect(await done).toBe(0)
    expect(logLines(state)).toBe(2)
    // Both notes edited: the progress of each stays with its ID.
    for (const [file, text] of [
      ['a.md', 'One, edited'],
      ['b.md', 'Two, edited'],
    ] as const) {
      const path = join(vault, file)
      writeFileSync(path, readFileSync(path, 'utf8').replace(/Back: .*/, `Back: ${text}`))
    }
    const stats = runDecklab(['stats', '--json'], { cwd: vault, env: { DECKLAB_STATE_DIR: state } })
    expect(stats.code, stats.stderr).toBe(0)
    const totals = JSON.parse(stats.stdout) as { cards: number; new: number; reviews: number }
    expect(totals).toMatchObject({ cards: 2, new: 0, reviews: 2 })
  })
})
