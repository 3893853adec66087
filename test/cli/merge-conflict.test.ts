/**
 * A note file left with git's conflict markers after a merge of edits made
 * on two machines: no card of it may reach a package (or Anki).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

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
].join('\n')

const around = [
  '<<<<<<< HEAD',
  'START',
  'Basic',
  'Q2',
  'Back: A2',
  'END',
  '||||||| base',
  '=======',
  'START',
  'Basic',
  'Q2, reworded',
  'Back: A2',
  'END',
  '>>>>>>> laptop',
  '',
].join('\n')

// A card about git: the markers are the text of its fenced answer.
const fenced = [
  'START',
  'Basic',
  'What does git leave in a file it cannot merge?',
  'Back: ```text',
  '<<<<<<< HEAD',
  'ours',
  '=======',
  'theirs',
  '>>>>>>> branch',
  '```',
  'END',
  '',
].join('\n')

describe('git merge conflict markers in the notes', () => {
  it('are an error at the conflict, in check and build, and no package is written', async () => {
    const cwd = await tempProject(
      { 'notes/a.md': inside, 'notes/b.md': around, 'notes/git.md': fenced },
      'decklab-conflict-',
    )
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code).toBe(1)
    const found = JSON.parse(check.stdout).diagnostics.map(
      (d: { file: string; line: number; endLine: number; code: string }) =>
        `${d.file}:${d.line}-${d.endLine} ${d.code}`,
    )
    expect(found).toEqual(['notes/a.md:4-8 merge-conflict', 'notes/b.md:1-14 merge-conflict'])

    const build = runDecklab(['build'], { cwd })
    expect(build.code).toBe(1)
    expect(build.stderr).toMatch(/^notes\/a\.md:4:1 error merge-conflict /m)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })
})
