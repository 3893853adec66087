/**
 * A folder the user names (or the default one) that decklab may not list was
 * a warning and exit 0: `check` said nothing was wrong, `quiz` found "no
 * cards". Nothing of it can be read, as for a named file that cannot be
 * looked at (exit 2). A folder inside it that cannot be listed stays a
 * warning: the rest is read. Root may read anything, so as root decklab runs
 * as `nobody`.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const why = asNobodyUnavailable(decklabBin)
// With its ID: a note owned by root (the test) cannot get one written by nobody.
const card = 'START\nBasic\nQ\nBack: A\n<!--ID: 1700000000001-->\nEND\n'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwx', root])
    rmSync(root, { recursive: true, force: true })
  }
})

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'decklab-unreadable-folder-'))
  roots.push(root)
  mkdirSync(join(root, 'noperm'))
  writeFileSync(join(root, 'noperm', 'a.md'), card)
  mkdirSync(join(root, 'vault', 'shut'), { recursive: true })
  writeFileSync(join(root, 'vault', 'b.md'), card)
  writeFileSync(join(root, 'vault', 'shut', 'c.md'), card)
  spawnSync('chmod', ['-R', 'a+rwX', root])
  chmodSync(join(root, 'noperm'), 0o000)
  chmodSync(join(root, 'vault', 'shut'), 0o000)
  return root
}

function run(cwd: string, args: string[]) {
  const [command, ...prefix] = isRoot ? [...asNobody, process.execPath] : [process.execPath]
  const result = spawnSync(command!, [...prefix, decklabBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HOME: '/nonexistent' },
  })
  return { code: result.status, stderr: result.stderr, stdout: result.stdout }
}

describe.skipIf(why !== undefined)(`an unreadable folder${why ? ` (skipped: ${why})` : ''}`, () => {
  it('named: check, build and stats exit 2 naming it', () => {
    const root = project()
    for (const args of [
      ['check', 'noperm', '--json'],
      ['build', 'noperm', '--dry-run', '--json'],
      ['stats', 'noperm', '--state', join(root, 'state'), '--json'],
    ]) {
      const result = run(root, args)
      expect([args[0], result.code], result.stderr).toEqual([args[0], 2])
      expect(JSON.parse(result.stdout).error).toEqual({
        code: 'folder-unreadable',
        message:
          'Unexpected folder `noperm` that cannot be read (EACCES), expected a folder decklab may list',
      })
      expect(result.stderr).not.toContain('for usage')
    }
  })

  it('inside the folder named: a warning, and the rest is read', () => {
    const root = project()
    const result = run(root, ['check', 'vault', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.notes).toHaveLength(1)
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['folder-unreadable'])
  })
})
