/**
 * Ctrl-C while the quiz reads its state or the vault, before the first card:
 * the run stops there (exit 130, "Interrupted."), the state as it was and
 * no lock left. Before, the key waited for the whole read (a year's log and
 * a 1,000-file vault: two to three seconds) and then for the first card,
 * which the session then ended on. The key is sent by decklab itself, as it
 * opens a given file (signal-at-open.mjs), so the test needs no timing.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hook = fileURLToPath(new URL('../support/signal-at-open.mjs', import.meta.url))

/** 60 files of one note each: more than the fast start parses (50), so the whole vault is read. */
function notes(): Record<string, string> {
  const files: Record<string, string> = { '.obsidian/': '' }
  for (let index = 0; index < 60; index += 1) {
    const name = String(index).padStart(2, '0')
    files[`f${name}.md`] =
      `START\nBasic\nQuestion ${name}?\nBack: Answer ${name}\n<!--ID: ${1000 + index}-->\nEND\n`
  }
  return files
}

function quiz(cwd: string, state: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [decklabBin, 'quiz', '--answers', '-', '--state', state, ...args],
    {
      cwd,
      input: 'good\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 60_000,
    },
  )
}

/** The vault and a state holding one answer (so there is a log to read). */
async function answeredOnce() {
  const cwd = await tempProject(notes(), 'decklab-quiz-interrupt-')
  const state = join(cwd, 'state')
  const first = quiz(cwd, state, ['--new', '1'])
  expect(first.status, first.stderr).toBe(0)
  const files = () =>
    Object.fromEntries(
      readdirSync(state)
        .sort()
        .map((name) => [name, readFileSync(join(state, name), 'utf8')]),
    )
  return { cwd, state, files }
}

/** Run the quiz with Ctrl-C sent as decklab opens `file`: it stops there, before any card. */
function interruptedAt(
  setUp: { cwd: string; state: string; files: () => Record<string, string> },
  file: string,
  args: string[],
) {
  const before = setUp.files()
  const run = quiz(setUp.cwd, setUp.state, args, {
    NODE_OPTIONS: `--import=${hook}`,
    SIGNAL_AT_OPEN: file,
  })
  expect(run.signal, run.stderr).toBeNull()
  expect(run.status, run.stderr).toBe(130)
  expect(run.stderr).toBe('Interrupted.\n')
  expect(run.stdout).not.toContain('card 1')
  expect(setUp.files()).toEqual(before)
  expect(existsSync(join(setUp.state, 'lock'))).toBe(false)
}

describe('Ctrl-C before the first card', () => {
  it('during the state read stops the run there, before the lock', async () => {
    interruptedAt(await answeredOnce(), 'reviews.jsonl', ['--new', '60'])
  })

  it('during the state read stops the reading where it stands', async () => {
    const setUp = await answeredOnce()
    // A damaged last line: read to the end, the log is reported damaged (exit 2).
    appendFileSync(join(setUp.state, 'reviews.jsonl'), '{"not": "a record"}\n')
    interruptedAt(setUp, 'reviews.jsonl', ['--new', '60'])
  })

  it('during the whole-vault read stops the run there', async () => {
    // f59.md is read only by the whole vault's load: the fast start gives up at 50 files.
    interruptedAt(await answeredOnce(), 'f59.md', ['--new', '60'])
  })

  it('during the fast start stops the run there', async () => {
    // f01.md is the first file the fast start parses for new cards (f00.md holds the one due).
    interruptedAt(await answeredOnce(), 'f01.md', ['--new', '5'])
  })
})
