// No FIFO put where decklab reads a file of its own or of the plugin makes it
// hang: opening one blocks in the thread pool, where no signal can end it.
// Each is read non-blocking and seen for what it is (fs/regular-file.ts).
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settings = 'v/.obsidian/plugins/obsidian-to-anki-plugin/data.json'

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path])
  expect(made.status, String(made.stderr)).toBe(0)
}

/** decklab with a bound: a hang fails the test (status null) instead of stopping the suite. */
function decklab(cwd: string, ...args: string[]) {
  return runDecklab(args, { cwd, timeoutMs: 20_000 })
}

describe('a FIFO where decklab reads', () => {
  it('is reported or passed over, never waited on', async () => {
    const cwd = await tempProject(
      {
        'v/a.md': 'START\nBasic\nq\nBack: a\n<!--ID: 1700000000001-->\nEND\n',
        'v/.obsidian/plugins/obsidian-to-anki-plugin/': '',
        'out/.decklab-build/': '',
        'preview/': '',
        'state/': '',
      },
      'decklab-fifos-',
    )
    mkfifo(join(cwd, settings))
    mkfifo(join(cwd, 'out/.decklab-build/index.json'))
    mkfifo(join(cwd, 'out/.decklab-build/x.json'))
    mkfifo(join(cwd, 'preview/.decklab-preview.json'))
    mkfifo(join(cwd, 'verify.json'))
    mkfifo(join(cwd, 'state/cards.json'))

    const check = decklab(cwd, 'check', 'v')
    expect(check.code, check.stderr).toBe(0)
    expect(check.stderr).toContain(`${settings}:1:1 warning settings-unreadable`)
    expect(check.stderr).toContain('it is a FIFO')

    const build = decklab(cwd, 'build', 'v', '-o', 'out/x.apkg')
    expect(build.code, build.stderr).toBe(0)

    const preview = decklab(cwd, 'preview', 'v', '-o', 'preview')
    expect(preview.code, preview.stderr).toBe(2)
    const verify = decklab(cwd, 'preview', 'v', '-o', 'other', '--verify', 'verify.json')
    expect(verify.code).toBe(2)
    expect(verify.stderr).toContain('`verify.json`: it is a FIFO')

    const stats = decklab(cwd, 'stats', 'v', '--state', 'state')
    expect(stats.code).toBe(2)
    expect(stats.stderr).toContain('is a FIFO, not a regular file')
    mkdirSync(join(cwd, 'state2'))
    mkfifo(join(cwd, 'state2/lock'))
    const quiz = runDecklab(['quiz', 'v', '--answers', '-', '--state', 'state2'], {
      cwd,
      input: 'good\n',
      timeoutMs: 20_000,
    })
    expect(quiz.code).not.toBeNull()
    expect(quiz.stderr).not.toContain('internal error')
  }, 120_000)
})
