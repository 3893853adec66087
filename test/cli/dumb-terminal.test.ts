/**
 * `TERM=dumb` (Emacs's shell, some IDE consoles) is a terminal that cannot
 * redraw a line: `verify`'s line per running lab and `build`'s status lines
 * wrote `\r` and the erase-line escape there, which showed as `^[[K` among
 * the text, every status line left standing. There only lines that stay are
 * written: verify's line per lab as it ends, build's summary.
 */

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { createVault } from '../quiz/vault-fixture.js'
import {
  runDecklabOnTerminal,
  startDecklabOnTerminal,
  terminalUnavailable,
} from '../support/on-terminal.js'

const notes = `START
Basic (type in the answer)
Which errno does connect() give for a path where no file exists?
Back: ENOENT
Lab: missing-socket#connect-enoent
<!--ID: 1763700000002-->
END
`

describe.skipIf(terminalUnavailable)('a terminal that cannot redraw a line (TERM=dumb)', () => {
  it('gets verify and build without escapes or status lines', { timeout: 60_000 }, () => {
    const vault = createVault(notes)
    onTestFinished(() => vault.remove())
    const env = { TERM: 'dumb' }

    const verify = runDecklabOnTerminal(['verify'], { cwd: vault.root, env })
    expect(verify.status, verify.output).toBe(0)
    expect(verify.output).not.toContain('\u001b')
    expect(verify.output).toMatch(
      /^\[1\/1\] PASS +missing-socket \(1\/1 checks passed, \d+ ms\)\r?$/m,
    )
    expect(verify.output).not.toContain('missing-socket …')

    const build = runDecklabOnTerminal(['build', '--state', vault.state], { cwd: vault.root, env })
    expect(build.status, build.output).toBe(0)
    expect(build.output).not.toContain('\u001b')
    expect(build.output).not.toContain('reading notes')
    expect(build.output).toMatch(
      /^wrote dist\/Default\.apkg \(1 note, 1 card, 0 media, 1 deck\)\r?$/m,
    )
  })

  it('still gets the redrawn lines on a terminal that can', { timeout: 60_000 }, () => {
    const vault = createVault(notes)
    onTestFinished(() => vault.remove())
    const verify = runDecklabOnTerminal(['verify'], { cwd: vault.root, env: { TERM: 'xterm' } })
    expect(verify.status, verify.output).toBe(0)
    expect(verify.output).toContain('[1/1] missing-socket …\r\u001b[K[1/1] PASS')
    const build = runDecklabOnTerminal(['build', '--state', vault.state], {
      cwd: vault.root,
      env: { TERM: 'xterm' },
    })
    expect(build.status, build.output).toBe(0)
    expect(build.output).toContain('\r\u001b[2Kreading notes…')
  })
})

describe.skipIf(terminalUnavailable)(
  'the quiz’s lab panel read as text (TERM=dumb, LANG=C)',
  () => {
    it('says in words whether the card agrees with each value, not only by ✓ or ✗', {
      timeout: 60_000,
    }, () => {
      const vault = createVault(notes)
      onTestFinished(() => vault.remove())
      // The typed card: answer it, run its lab with `l`, then quit.
      const quiz = runDecklabOnTerminal(['quiz', '--state', vault.state], {
        cwd: vault.root,
        env: { TERM: 'dumb', LANG: 'C', LC_ALL: '', LC_CTYPE: '' },
        input: 'ENOENT\nl\nq\n',
      })
      expect(quiz.output).toContain('this card: CONFIRMED')
      // In ASCII the marks are `+` and `x`: "kernel showed ENOENT +" said nothing.
      // (The line wraps at the terminal's 80 columns.)
      expect(quiz.output).toMatch(
        /missing-socket#connect-enoent: card says ENOENT; kernel showed ENOENT \+\s+agrees\r?$/m,
      )
    })
  },
)

describe.skipIf(terminalUnavailable)('Ctrl-D at a line prompt (TERM=dumb)', () => {
  it('ends the prompt’s line before the closing lines are written', { timeout: 60_000 }, () => {
    const vault = createVault(`${notes}\nSTART\nBasic\nA note with no ID yet\nBack: kept\nEND\n`)
    onTestFinished(() => vault.remove())
    // The input ends at the grade prompt, as Ctrl-D ends it: the terminal
    // echoes no newline, and the warning was read as "> warning 1 note…".
    const quiz = runDecklabOnTerminal(['quiz', '--state', vault.state], {
      cwd: vault.root,
      env: { TERM: 'dumb' },
      input: 'ENOENT\n',
    })
    expect(quiz.status, quiz.output).toBe(130)
    expect(quiz.output).toMatch(/^warning 1 note has no ID yet/m)
    expect(quiz.output).toMatch(/^ {2}> \r?\n/m)
    expect(quiz.output).not.toMatch(/> +(warning|Session)/)
  })
})

describe.skipIf(terminalUnavailable)('the countdown to a learning step (full screen)', () => {
  it('is redrawn when the time it shows changes, not four times a second', {
    timeout: 60_000,
  }, async () => {
    const vault = createVault(notes)
    onTestFinished(() => vault.remove())
    const quiz = startDecklabOnTerminal(['quiz', '--learn-ahead', '0', '--state', vault.state], {
      cwd: vault.root,
      env: { TERM: 'xterm' },
    })
    await quiz.shown('Your answer')
    quiz.type('\r')
    await quiz.shown('Enter Again')
    quiz.type('1')
    await quiz.shown('waits for a step')
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    quiz.type('q')
    const { output } = await quiz.done
    // A braille display or screen reader is handed every redraw: the same
    // two lines were erased and written again every 250 ms.
    const drawn = output.match(/waits for a step; next at \d\d:\d\d \(in \d+:\d\d\)/g) ?? []
    expect(drawn.length).toBeGreaterThanOrEqual(3)
    expect(new Set(drawn).size).toBe(drawn.length)
  })
})

describe.skipIf(terminalUnavailable)(
  'a learning step waited for at a line prompt (TERM=dumb)',
  () => {
    // The wait was one timer set for the step's time: timers run on the monotonic clock, which
    // stands still while a laptop sleeps, so after waking past the step the prompt went on
    // waiting out its minutes. The full-screen countdown looks at the wall clock.
    it('comes due by the wall clock, after the machine slept past it', {
      timeout: 60_000,
    }, async () => {
      const vault = createVault('START\nBasic\nQ1\nBack: A1\nEND\n')
      onTestFinished(() => vault.remove())
      const woke = join(vault.root, 'woke')
      const quiz = startDecklabOnTerminal(['quiz', '--learn-ahead', '0', '--state', vault.state], {
        cwd: vault.root,
        env: {
          TERM: 'dumb',
          NODE_OPTIONS: `--import=${join(packageRoot(), 'test', 'support', 'jumping-clock.mjs')}`,
          DECKLAB_TEST_JUMP_FILE: woke,
          DECKLAB_TEST_JUMP_MS: String(10 * 60_000),
        },
      })
      await quiz.shown('Enter reveal')
      quiz.type('\r')
      await quiz.shown('Enter Good')
      quiz.type('1\r')
      await quiz.shown('waits for a step')
      // The machine sleeps 10 minutes: the 1-minute step is due when it wakes.
      writeFileSync(woke, '')
      const woken = Date.now()
      await quiz.shown('card 2 of 2')
      expect(Date.now() - woken).toBeLessThan(20_000)
      quiz.type('q\r')
      expect((await quiz.done).status).toBe(0)
    })
  },
)
