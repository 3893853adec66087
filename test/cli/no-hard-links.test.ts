/**
 * A vault and a state folder on a file system without hard links (exFAT or
 * FAT, a USB stick: every link(2) fails with EPERM). The locks were made by
 * hard-linking a complete temp file to the lock's name, so `build` refused
 * the vault (`vault-not-writable`, "EPERM") and wrote no ID. A module
 * preloaded into decklab (`test/support/no-hard-links.mjs`) makes link fail
 * so, without a FUSE mount.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const noHardLinks = new URL('../support/no-hard-links.mjs', import.meta.url).href
const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`

function run(cwd: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [decklabBin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--import=${noHardLinks}` },
    timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('a vault on a file system without hard links', () => {
  it('build writes the IDs under the vault lock, and leaves no lock or temp file', async () => {
    const dir = await tempProject({
      'v/.obsidian/': '',
      'v/a.md': note('a?'),
      'v/b.md': note('b?'),
    })
    const root = join(dir, 'v')
    const state = join(dir, 'state')
    const built = run(root, ['build', '--state', state])
    expect(built.stderr).not.toContain('EPERM')
    expect(built.code, built.stderr).toBe(0)
    expect(readFileSync(join(root, 'a.md'), 'utf8')).toMatch(/<!--ID: \d+-->/)
    expect(readFileSync(join(root, 'b.md'), 'utf8')).toMatch(/<!--ID: \d+-->/)
    expect(readdirSync(root).filter((name) => name.startsWith('.'))).toEqual(['.obsidian'])

    // The quiz's state-folder lock is taken the same way.
    const quiz = run(root, ['quiz', '--answers', '-', '--state', state], 'good\n')
    expect(quiz.stderr).not.toContain('EPERM')
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1)
    expect(readdirSync(state).filter((name) => name.includes('lock'))).toEqual([])
  })
})
