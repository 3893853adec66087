/**
 * Python3 peers: independent scripts in `labs/peers/` that labs start as the
 * other side of an experiment. Readiness is the `READY …` line on stdout.
 * A peer run as another user (`nobody` when the lab runs as root) must be
 * able to read its script; when the package lives where that user cannot
 * reach (a 0700 home directory, say), the script's text is handed to
 * `python3 -c` instead, so the privilege-drop checks still run.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { packageRoot } from '../../package-info.js'
import { python3Path } from '../requirements.js'
import type { PeerOptions, StartedPeer } from '../types.js'
import { collectText, isReadyLine } from './children.js'
import { lifelinePython } from './lifeline.js'
import { closedToOthers } from './reach.js'

/** How peers are spawned (the lab context's tracked, process-group spawn). */
export type SpawnFunction = (
  command: string,
  args: readonly string[],
  options?: SpawnOptions | undefined,
) => ChildProcess

/** The folder of python3 peer scripts (at the package root; never compiled). */
export function peersDirectory(): string {
  return join(packageRoot(), 'labs', 'peers')
}

/**
 * The full path of a peer script, refusing names that leave the peers folder
 * and scripts that are not there (python3 said so in a traceback of runpy's
 * frames, as if the peer had failed).
 */
export function peerScriptPath(script: string): string {
  if (!/^[a-z0-9][a-z0-9_.-]*\.py$/.test(script)) {
    throw new Error(
      `peer script name \`${script}\` must be a file name in labs/peers ending in .py`,
    )
  }
  const path = join(peersDirectory(), script)
  if (!existsSync(path)) throw new Error(`peer script labs/peers/${script} does not exist`)
  return path
}

/** True when a user who owns nothing here (only the "other" bits apply) can read `file`. */
export async function readableByOthers(file: string): Promise<boolean> {
  try {
    if (((await stat(file)).mode & 0o004) === 0) return false
    return (await closedToOthers(dirname(file))) === undefined
  } catch {
    return false
  }
}

/** Whether `script` must be inlined to run as the options' user (only a different uid can be refused). */
export async function mustInline(
  script: string,
  options: PeerOptions | undefined,
): Promise<boolean> {
  if (options?.inline !== undefined) return options.inline
  if (options?.uid === undefined || options.uid === process.getuid?.()) return false
  return !(await readableByOthers(peerScriptPath(script)))
}

/**
 * Python run before every peer: it dies with the decklab that started it
 * (PR_SET_PDEATHSIG = SIGKILL; a peer may ask for SIGTERM instead, to remove
 * its files), and ends at once if decklab was gone before that. See
 * `lifeline.ts`.
 */
export function peerLifeline(): string {
  return lifelinePython('SIGKILL')
}

/** After the lifeline, run the script named first in argv as `python3 script …` would. */
const runScriptByPath = [
  'import runpy as _runpy, sys as _sys',
  '_sys.argv = _sys.argv[1:]',
  '_sys.path[0] = _os.path.dirname(_os.path.abspath(_sys.argv[0]))',
  '_runpy.run_path(_sys.argv[0], run_name="__main__")',
].join('\n')

/** The python3 arguments that run `labs/peers/<script>` behind the lifeline (its own arguments follow). */
export function peerArgs(script: string): string[] {
  return ['-c', `${peerLifeline()}\n${runScriptByPath}`, peerScriptPath(script)]
}

/** A spawn that runs the peer script at its path, behind the lifeline. */
export function lifelineSpawn(spawn: SpawnFunction): SpawnFunction {
  return (command, args, options) =>
    spawn(command, ['-c', `${peerLifeline()}\n${runScriptByPath}`, ...args], options)
}

/** A spawn that passes the peer script's text, behind the lifeline, to `python3 -c` instead of its path. */
export function inlineSpawn(spawn: SpawnFunction): SpawnFunction {
  return (command, args, options) => {
    const [scriptPath, ...rest] = args
    const source = readFileSync(scriptPath as string, 'utf8')
    return spawn(command, ['-c', `${peerLifeline()}\n${source}`, ...rest], options)
  }
}

/**
 * The environment every peer runs in, and nothing of decklab's: an inherited
 * `PYTHONHOME` or `PYTHONSTARTUP` would change or stop the peer's python3.
 */
export function peerEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    // READY must reach us at once, and no __pycache__ may appear in the package.
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: peersDirectory(),
  }
}

function peerSpawnOptions(options: PeerOptions | undefined): SpawnOptions {
  const spawnOptions: SpawnOptions = {
    stdio: [options?.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: peerEnvironment(),
  }
  if (options?.uid !== undefined) spawnOptions.uid = options.uid
  if (options?.gid !== undefined) spawnOptions.gid = options.gid
  return spawnOptions
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`
}

/**
 * Start `labs/peers/<script>` and wait for its `READY …` line. Rejects when
 * the peer's stdout ends without it (with its exit status and stderr) or the
 * signal aborts before it is ready.
 */
export async function startPeer(
  spawn: SpawnFunction,
  script: string,
  args: readonly string[],
  options: PeerOptions | undefined,
  signal: AbortSignal,
): Promise<StartedPeer> {
  signal.throwIfAborted()
  const child = spawn(python3Path, [peerScriptPath(script), ...args], peerSpawnOptions(options))
  const stderr = collectText(child.stderr, 64 * 1024)
  if (!child.stdout) throw new Error(`peer ${script} has no stdout`)
  const reader = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY })
  const iterator = reader[Symbol.asyncIterator]()
  const exited = new Promise<never>((_, reject) => {
    const onExit = (code: number | null, exitSignal: NodeJS.Signals | null) => {
      // Give stderr a moment to drain before reporting it.
      setImmediate(() =>
        reject(
          new Error(
            `peer ${script} ${exitDescription(code, exitSignal)} before READY${formatStderr(stderr())}`,
          ),
        ),
      )
    }
    child.once('exit', onExit)
    child.once('error', (error) =>
      reject(new Error(`peer ${script} failed to start: ${error.message}`)),
    )
  })
  exited.catch(() => {})
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new Error(`peer ${script} not ready: ${abortReason(signal)}`))
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  aborted.catch(() => {})
  for (;;) {
    // Not raced against the exit event: a peer that prints READY and exits at
    // once must still be seen as ready. Its stdout ending is the failure signal.
    const next = await Promise.race([iterator.next(), aborted])
    if (next.done) {
      await exited
      throw new Error(`peer ${script} closed stdout before READY`)
    }
    const line = next.value
    if (isReadyLine(line)) {
      child.removeAllListeners('exit')
      const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator }
      return { process: child, ready: line.slice(6), lines }
    }
    // Lines before READY (a peer's own notes) are not part of the protocol.
  }
}

/**
 * Run `labs/peers/<script>` to completion and parse its stdout as JSON.
 * Rejects (with stderr) on a non-zero exit, invalid JSON or an abort.
 */
export async function runPeer(
  spawn: SpawnFunction,
  script: string,
  args: readonly string[],
  options: PeerOptions | undefined,
  signal: AbortSignal,
): Promise<unknown> {
  signal.throwIfAborted()
  const child = spawn(python3Path, [peerScriptPath(script), ...args], peerSpawnOptions(options))
  const stdout = collectText(child.stdout)
  const stderr = collectText(child.stderr, 64 * 1024)
  const onAbort = () => child.kill('SIGKILL')
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    const [code, exitSignal] = (await Promise.race([
      once(child, 'close'),
      once(child, 'error').then(([error]) => {
        throw new Error(`peer ${script} failed to start: ${(error as Error).message}`)
      }),
    ])) as [number | null, NodeJS.Signals | null]
    signal.throwIfAborted()
    if (code !== 0) {
      throw new Error(
        `peer ${script} ${exitDescription(code, exitSignal)}${formatStderr(stderr())}`,
      )
    }
    try {
      return JSON.parse(stdout())
    } catch {
      throw new Error(
        `peer ${script} printed no JSON: ${JSON.stringify(stdout().slice(0, 200))}${formatStderr(stderr())}`,
      )
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function formatStderr(text: string): string {
  const trimmed = text.trim()
  return trimmed ? `: ${trimmed.split('\n').slice(-6).join(' | ')}` : ''
}

/** The abort reason as words. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason.message
  return typeof reason === 'string' ? reason : 'aborted'
}
