/**
 * Every example `decklab quiz` gives (its --help, and the scripting hint
 * without a terminal) runs on the shipped course: each is run as written by
 * a shell, in a copy of notes/ with a fresh state, and ends with exit 0. The
 * scripted ones get their answers from the example itself; the interactive
 * ones run in a real terminal (tmux), where the first card is left with q.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decklabBin, runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const shippedNotes = fileURLToPath(new URL('../../notes', import.meta.url))

/** The lines under `Examples:` in the help. */
function helpExamples(): string[] {
  const help = runDecklab(['quiz', '--help']).stdout
  const [, examples = ''] = help.split('\nExamples:\n')
  return examples
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim())
}

/** The commands the quiz suggests when started without a terminal. */
function hintExamples(): string[] {
  const { stderr } = runDecklab(['quiz'])
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('  ') && line.includes('| decklab'))
    .map((line) => line.trim())
}

/** A copy of the course, a `decklab` on the PATH, and a fresh state folder. */
async function course() {
  const root = await tempProject({})
  cpSync(shippedNotes, join(root, 'notes'), { recursive: true })
  const bin = join(root, 'bin')
  mkdirSync(bin)
  writeFileSync(
    join(bin, 'decklab'),
    `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(decklabBin)} "$@"\n`,
  )
  chmodSync(join(bin, 'decklab'), 0o755)
  return { root, state: join(root, 'state'), path: `PATH=${quote(bin)}:"$PATH"; export PATH` }
}

function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`
}

const examples = [...helpExamples(), ...hintExamples()]
const scripted = examples.filter((example) => example.includes('--answers -'))
const interactive = examples.filter((example) => !example.includes('--answers'))

describe('the quiz examples', () => {
  it('are found in the help and the hint', () => {
    expect(scripted.length).toBeGreaterThanOrEqual(2)
    expect(interactive.length).toBeGreaterThanOrEqual(3)
  })

  for (const example of scripted) {
    it(`runs \`${example}\` with exit 0, every typed answer right`, async () => {
      const { root, state, path } = await course()
      const result = spawnSync('sh', ['-c', `${path}; ${example}`], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: state },
      })
      expect(result.stderr).not.toContain('error')
      expect(result.status).toBe(0)
      const transcript = example.includes('--json') ? result.stderr : result.stdout
      expect(transcript).not.toContain('✗')
      if (example.includes('--json')) {
        const summary = JSON.parse(result.stdout)
        expect(summary.reviewed).toBeGreaterThan(0)
        for (const review of summary.reviews)
          if ('typed' in review) expect(review.correct).toBe(true)
      }
    })
  }

  const tmux = spawnSync('tmux', ['-V']).status === 0
  for (const example of interactive) {
    it.skipIf(!tmux)(`runs \`${example}\` in a terminal, and q ends it with exit 0`, async () => {
      const { root, state, path } = await course()
      const socket = join(root, 'tmux.sock')
      const run = (...args: string[]) =>
        spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })
      const statusFile = join(root, 'exit-status')
      try {
        const started = run(
          'new-session',
          '-d',
          '-s',
          'quiz',
          '-x',
          '160',
          '-y',
          '50',
          '-c',
          root,
          '-e',
          'NO_COLOR=1',
          '-e',
          `DECKLAB_STATE_DIR=${state}`,
          `${path}; ${example}; echo $? > ${quote(statusFile)}`,
        )
        expect(started.status, started.stderr).toBe(0)
        run('set-option', '-t', 'quiz', 'remain-on-exit', 'on')
        const screen = () => run('capture-pane', '-p', '-J', '-t', 'quiz').stdout
        const waitFor = async (ready: () => boolean) => {
          const deadline = Date.now() + 20_000
          while (!ready()) {
            if (Date.now() > deadline) throw new Error(`timed out; the screen:\n${screen()}`)
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
        }
        const ended = () => existsSync(statusFile)
        await waitFor(() => ended() || /Enter\/Space reveal|Your answer/.test(screen()))
        expect(ended(), screen()).toBe(false)
        if (screen().includes('Your answer')) {
          // A typed card: an answer first (a wrong one is fine), then q at the grade.
          run('send-keys', '-t', 'quiz', '-l', 'x')
          run('send-keys', '-t', 'quiz', 'Enter')
          await waitFor(() => /q quit/.test(screen()))
        }
        run('send-keys', '-t', 'quiz', 'q')
        await waitFor(() => existsSync(statusFile) && /\d/.test(readFileSync(statusFile, 'utf8')))
        expect(screen()).toContain('Session: 0 reviewed')
        expect(readFileSync(statusFile, 'utf8').trim()).toBe('0')
      } finally {
        run('kill-server')
      }
    })
  }
})
