// Where decklab runs can fail under it: the current folder deleted meanwhile, or an
// output on a full disk. Both printed a Node stack trace and exited 1 ("findings"), so
// `verify --json > report.json` on a full disk read like a refuted note.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'

const notes = new URL('../../notes/', import.meta.url).pathname

function run(args: string[], options: { cwd?: string; stdout?: number } = {}) {
  const result = spawnSync(process.execPath, [decklabBin, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr }
}

describe('the environment under decklab', () => {
  it('a deleted current folder: --version still works, a command says so with exit 2', () => {
    const gone = mkdtempSync(join(tmpdir(), 'decklab-cwd-gone-'))
    rmdirSync(gone)
    // The shell makes the folder, enters it and removes it: decklab starts in a deleted folder.
    const inGone = (...args: string[]) =>
      spawnSync(
        '/bin/sh',
        [
          '-c',
          'mkdir "$1" && cd "$1" && rmdir "$1" && shift && exec "$@"',
          'sh',
          gone,
          process.execPath,
          decklabBin,
          ...args,
        ],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      )
    const version = inGone('--version')
    expect(version.status, version.stderr).toBe(0)
    expect(version.stdout).toBe(run(['--version']).stdout)
    const check = inGone('check', notes, '--json')
    expect(check.status, check.stderr).toBe(2)
    expect(JSON.parse(check.stdout).error.code).toBe('cwd-gone')
    expect(check.stderr).toContain('cannot read the current directory')
    expect(check.stderr).not.toMatch(/^\s+at /m)
  })

  it('an output that cannot be written (/dev/full): a one-line error and exit 2', () => {
    for (const args of [['check', notes, '--json'], ['lab', 'list'], ['--help']]) {
      const full = openSync('/dev/full', 'w')
      try {
        const result = run(args, { stdout: full })
        expect([args.join(' '), result.code], result.stderr).toEqual([args.join(' '), 2])
        expect(result.stderr).toContain('cannot write to standard output')
        expect(result.stderr).not.toMatch(/^\s+at /m)
      } finally {
        closeSync(full)
      }
    }
  })
})
