/**
 * A quiz running in a private tmux server (its socket in the test's folder),
 * for tests of what a person at a terminal sees and types.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { decklabBin } from './decklab.js'

/** Whether tmux is installed. */
export const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0

/** Stops a test's tmux server. */
const tmuxServers: Array<() => void> = []

/** Stop the servers the test started: in afterEach, before its folder (which holds the sockets) is removed. */
export function stopTmuxServers(): void {
  for (const stop of tmuxServers.splice(0)) stop()
}

/** The vaults the test made with createVaultForTmux, removed once its tmux servers have stopped. */
const vaultsForTmux: Vault[] = []

/** A vault (see createVault) that stopTmuxServersThenRemoveVaults removes after the test. */
export function createVaultForTmux(notes?: string): Vault {
  const vault = createVault(notes)
  vaultsForTmux.push(vault)
  return vault
}

/**
 * The afterEach of a file whose quizzes run in tmux in vaults from
 * createVaultForTmux: stop the servers the test started, then remove its
 * vaults, which hold the servers' sockets. `beforeRemoving` runs between the
 * two, for what must end before a vault goes (a disk mounted in it, a child
 * working in it).
 */
export function stopTmuxServersThenRemoveVaults(beforeRemoving?: () => void): void {
  stopTmuxServers()
  beforeRemoving?.()
  for (const vault of vaultsForTmux.splice(0)) vault.remove()
}

/** A quiz running in a private tmux server, with helpers to read the pane and press keys. */
export function startInTmux(
  root: string,
  state: string,
  setup: {
    /** The decklab to run (an installed copy's `lib/src/main.js`); the tree's by default. */
    bin?: string
    width?: number
    args?: string[]
    env?: Record<string, string>
    /** A command the quiz runs under (`prlimit --fsize=N`). */
    prefix?: string[]
    /**
     * Start an interactive shell with job control (prompt `$ `) instead of the
     * quiz, for tests of Ctrl-Z and `fg`: the test types `command` at it, and
     * `exitStatus` does not apply.
     */
    shell?: boolean
  } = {},
) {
  const socket = join(root, 'tmux.sock')
  const run = (...args: string[]) =>
    spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })
  // Not onTestFinished: that runs after afterEach has removed the socket, and
  // a server nobody can reach any more would outlive the test.
  tmuxServers.push(() => {
    run('kill-server')
    // Nothing may outlive the test: the server must no longer answer.
    expect(run('list-sessions').status).not.toBe(0)
  })
  const statusFile = join(root, 'exit-status')
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`
  // The shell records the exit status: tmux may not reap a child (and learn
  // its status) promptly when started from a test worker.
  const argv = [
    ...(setup.prefix ?? []),
    process.execPath,
    setup.bin ?? decklabBin,
    'quiz',
    '--state',
    state,
  ]
  const command = `${[...argv, ...(setup.args ?? [])].map(quote).join(' ')}; echo $? > ${quote(statusFile)}`
  // Unquoted: the shell shows a stopped job's command line as it was typed.
  const shellCommand = [...argv, ...(setup.args ?? [])].join(' ')
  const started = run(
    'new-session',
    '-d',
    '-s',
    'quiz',
    '-x',
    String(setup.width ?? 160),
    '-y',
    '50',
    '-c',
    root,
    '-e',
    'NO_COLOR=1',
    ...Object.entries(setup.env ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    ...(setup.shell ? ['-e', 'PS1=$ ', 'bash', '--norc', '--noprofile', '-i'] : [command]),
  )
  expect(started.status, started.stderr).toBe(0)
  // The quiz waits for a key first, so the option is set before it can end.
  run('set-option', '-t', 'quiz', 'remain-on-exit', 'on')
  const screen = () => run('capture-pane', '-p', '-J', '-t', 'quiz', '-S', '-500').stdout
  /** The pane as the terminal shows it: one entry per row, no joining of wrapped lines. */
  const rows = () => run('capture-pane', '-p', '-t', 'quiz', '-S', '-500').stdout
  const status = () => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : '')
  /** Poll until `ready` holds (readiness, not a fixed sleep). */
  const poll = async (ready: () => boolean, what: () => string) => {
    const deadline = Date.now() + 20_000
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(what())
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return {
    /** The quiz's command line, for a test with `shell` to type. */
    command: shellCommand,
    async waitFor(pattern: RegExp): Promise<string> {
      let text = ''
      await poll(
        () => {
          text = screen()
          return pattern.test(text)
        },
        () => `expected ${pattern} on screen:\n${text}`,
      )
      return text
    },
    keys: (...names: string[]) => run('send-keys', '-t', 'quiz', ...names),
    /** Make the terminal `width` columns wide, as a window made narrower or a pane split does. */
    resize: (width: number) => run('resize-window', '-t', 'quiz', '-x', String(width)),
    rows,
    /** The exit status once the process has ended by itself. */
    async exitStatus(): Promise<string> {
      await poll(
        () => /^\d+$/.test(status()),
        () => `expected the quiz to end:\n${screen()}`,
      )
      return status()
    },
  }
}
