/**
 * The lifeline: every process a lab starts dies with the decklab that
 * started it, even a decklab killed with SIGKILL (which can clean nothing
 * up). Each child runs in a process group of its own (so the runner can stop
 * it and what it forks), which also keeps it out of the terminal's SIGINT and
 * SIGHUP: without a death signal it would live on under PID 1.
 *
 * `context.spawn` puts every command behind it. With python3 (the peers'
 * interpreter) the child first runs a few lines of Python that set
 * PR_SET_PDEATHSIG, end at once if decklab is already gone (its parent pid is
 * no longer decklab's), and exec the program with the environment it was
 * given, byte for byte. The death signal survives the exec, so the pid, the
 * descriptors, the environment and the program the lab sees are its own.
 * Without python3, util-linux's `setpriv --pdeathsig` sets the same signal
 * (but cannot see a decklab that died before that); without either, children
 * are started as before and the lab's transcript says they cannot follow a
 * SIGKILLed decklab.
 *
 * What it cannot reach: the kernel clears the death signal when the child
 * execs a set-user-ID or set-group-ID program (or one with file
 * capabilities), and a process the program forks does not inherit it (the
 * run's janitor, `janitor.ts`, stops the rest of the process group; a program
 * that daemonises, forking and calling setsid(), escapes that too, though the
 * runner finds it when the lab ends: `run-mark.ts`). The signal comes when the thread that spawned the child ends:
 * labs spawn from Node's main thread, which ends only with decklab.
 */
import { type SpawnOptions, spawnSync } from 'node:child_process'
import { findExecutableSync, isExecutable, python3Path } from '../requirements.js'
import type { LabSpawnOptions } from '../types.js'

/** The signal the kernel sends a child when decklab ends: SIGTERM lets it remove its own files. */
export type DeathSignal = NonNullable<LabSpawnOptions['deathSignal']>

/** How children are tied to decklab here: the python3 lifeline, `setpriv --pdeathsig`, or nothing. */
export type LifelineKind = 'python3' | 'setpriv' | 'none'

/** The first line of every lifeline's Python: how an already-wrapped command is recognised. */
const marker = '# decklab lifeline'

/**
 * Python run first in the child: it sets the death signal and ends at once
 * when its parent is no longer this decklab (gone before the signal was set).
 */
export function lifelinePython(deathSignal: DeathSignal = 'SIGKILL'): string {
  return [
    marker,
    'import ctypes as _ctypes, os as _os, signal as _signal',
    `_ctypes.CDLL(None).prctl(1, _signal.${deathSignal})  # PR_SET_PDEATHSIG`,
    `if _os.getppid() != ${process.pid}: _os._exit(1)`,
  ].join('\n')
}

/**
 * After the lifeline: exec argv[1] (searched on PATH like execvp) with the
 * arguments after it, argv[2] being its argv[0]. The environment is read back
 * from /proc/self/environ, the block this process was started with, because
 * python3 adds to its own (LC_CTYPE=C.UTF-8 under the C locale).
 */
const execProgram = [
  'import sys as _sys',
  '_env = {}',
  'try:',
  "    with open('/proc/self/environ', 'rb') as _file:",
  "        for _entry in _file.read().split(b'\\0'):",
  "            _name, _eq, _value = _entry.partition(b'=')",
  '            if _eq: _env.setdefault(_name, _value)',
  'except OSError:',
  '    _env = _os.environ',
  'try:',
  '    _os.execvpe(_sys.argv[1], _sys.argv[2:], _env)',
  'except OSError as _error:',
  "    _sys.stderr.write(f'cannot run {_sys.argv[1]}: {_error.strerror}\\n')",
  '    _os._exit(127)',
].join('\n')

let found: { kind: LifelineKind; setpriv?: string | undefined } | undefined

/** Which lifeline this machine offers (looked up once). */
export function lifelineKind(): LifelineKind {
  found ??= findLifeline()
  return found.kind
}

function findLifeline(): { kind: LifelineKind; setpriv?: string | undefined } {
  if (isExecutable(python3Path)) return { kind: 'python3' }
  const setpriv = findExecutableSync('setpriv')
  // --pdeathsig came with util-linux 2.33; an older setpriv would refuse every command.
  if (setpriv && spawnSync(setpriv, ['--pdeathsig', 'KILL', '--', 'true']).status === 0) {
    return { kind: 'setpriv', setpriv }
  }
  return { kind: 'none' }
}

/** A command line to spawn. */
export interface CommandLine {
  command: string
  args: string[]
  options: SpawnOptions
}

/** True when `command args` already runs behind a lifeline (a python3 peer, say). */
export function isBehindLifeline(command: string, args: readonly string[]): boolean {
  if (command !== python3Path) return false
  const code = args[0] === '-c' ? args[1] : args[0] === '-I' && args[1] === '-c' ? args[2] : ''
  return code?.startsWith(marker) === true
}

/**
 * The command line that runs `command args` behind the lifeline `how`, with
 * the death signal `deathSignal`. A command already behind one is unchanged;
 * `shell` becomes the shell's own `-c`, as Node would run it (`argv0` is kept
 * by the python3 lifeline only).
 */
export function behindLifeline(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  deathSignal: DeathSignal = 'SIGKILL',
  how: LifelineKind = lifelineKind(),
): CommandLine {
  if (how === 'none' || isBehindLifeline(command, args)) {
    return { command, args: [...args], options }
  }
  const { shell, argv0, ...rest } = options
  let program = command
  let programArgs = [...args]
  if (shell) {
    program = typeof shell === 'string' ? shell : '/bin/sh'
    programArgs = ['-c', [command, ...args].join(' ')]
  }
  if (how === 'setpriv') {
    const signal = deathSignal.replace(/^SIG/, '')
    return {
      command: found?.setpriv ?? findExecutableSync('setpriv') ?? 'setpriv',
      args: ['--pdeathsig', signal, '--', program, ...programArgs],
      options: rest,
    }
  }
  const code = `${lifelinePython(deathSignal)}\n${execProgram}`
  // -I: the lab's PYTHON* variables (meant for the program) must not change the lifeline's python3.
  return {
    command: python3Path,
    args: ['-I', '-c', code, program, argv0 ?? program, ...programArgs],
    options: rest,
  }
}
