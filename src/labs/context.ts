/**
 * The lab context: what the runner hands a lab (directory, signal, check
 * recording, tracked process spawning) and the state it collects meanwhile.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { rmdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Check } from '../model/lab-result.js'
import { nearestName } from '../text/nearest-name.js'
import { checkedFields } from './check-fields.js'
import { stdoutToTranscript, withoutOurStdio } from './child-stdout.js'
import { handedPathsOutside } from './handed-paths.js'
import { keepSpawnError } from './kit/children.js'
import { behindLifeline, lifelineKind } from './kit/lifeline.js'
import { inlineSpawn, lifelineSpawn, mustInline, runPeer, startPeer } from './kit/peers.js'
import { python3Path } from './requirements.js'
import type { LabContext, LabDefinition, LabSpawnOptions, PeerOptions } from './types.js'

/** Thrown by `context.skip`; the runner turns it into a `skip` result. */
export class LabSkipped extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'LabSkipped'
  }
}

/** What a lab run collected: checks, transcript, cleanups, children and contract problems. */
export interface LabRunState {
  checks: Check[]
  transcript: string[]
  deferred: Array<() => unknown>
  /** Children spawned through the context, by pid (= process group id). */
  children: Map<number, ChildProcess>
  /** Paths outside the lab directory its processes were given, absent when they started (`handed-paths.ts`). */
  handedPaths: Set<string>
  /** Directories outside the lab directory to remove when empty at the end (`removeWhenEmpty`). */
  emptyDirectories: string[]
  /** Contract violations (undeclared or repeated check names): they make the lab `error`. */
  problems: string[]
  /** Once closed (deadline passed, lab finished), late records are ignored. */
  closed: boolean
  /** Closed because run returned: a record after that is a promise or timer the lab did not await. */
  returned?: boolean
  /** The result is made: a late record can no longer make the lab an error, only be told on stderr. */
  over?: boolean
  /** The result's declared checks the lab did not record (skipped): a late record says why in its entry. */
  unrecorded?: Check[]
}

/** Build a context for one run of `lab` in `dir`. */
export function createLabContext(
  lab: LabDefinition,
  dir: string,
  signal: AbortSignal,
  token: string,
  startedAt: number,
  /** Told each child's pid (its process group) as it starts. */
  onChild?: ((pid: number) => void) | undefined,
  /** Told each directory given to `removeWhenEmpty`. */
  onEmptyDirectory?: ((directory: string) => void) | undefined,
): { context: LabContext; state: LabRunState } {
  const state: LabRunState = {
    checks: [],
    transcript: [],
    deferred: [],
    children: new Map(),
    handedPaths: new Set(),
    emptyDirectories: [],
    problems: [],
    closed: false,
  }
  const declared = new Set(lab.checks)

  const log = (line: string) => {
    if (state.closed) return
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(3)
    for (const part of String(line).split('\n')) state.transcript.push(`+${seconds}s ${part}`)
  }

  const record = (check: Check) => {
    if (state.closed) return lateRecord(state, lab.id, check.name)
    // Kept out of the checks, as a repeat is: it would count in "N/M checks passed" of a lab in error.
    if (!declared.has(check.name)) {
      const suggestion = nearestName(check.name, lab.checks)
      state.problems.push(
        `check \`${check.name}\` is not declared in the lab's checks${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
      )
      return
    }
    if (state.checks.some((existing) => existing.name === check.name)) {
      state.problems.push(`check \`${check.name}\` was recorded twice`)
      return
    }
    state.checks.push(check)
  }

  const spawnTracked = trackedSpawn(state, dir, log, onChild)

  /** Log a peer's start and pick its spawn: the script's path, or its text when its user cannot read it. */
  const peerSpawn = async (
    verb: 'start' | 'run',
    script: string,
    args: readonly string[],
    options: PeerOptions | undefined,
  ) => {
    if (!(await mustInline(script, options))) {
      log(`${verb} peer ${script} ${args.join(' ')}`.trimEnd())
      return lifelineSpawn(spawnTracked)
    }
    log(
      `${verb} peer ${script} ${args.join(' ')} as uid ${options?.uid} (script text via python3 -c)`,
    )
    return inlineSpawn(spawnTracked)
  }

  const context: LabContext = {
    dir,
    signal,
    token,
    log,
    check(fields) {
      const { name } = fields
      const { pass, expected, observed, evidence, value, values, problems } = checkedFields(fields)
      state.problems.push(...problems)
      const check: Check = { name, status: pass ? 'pass' : 'fail', expected, observed }
      if (evidence.length > 0) check.evidence = evidence
      if (value !== undefined) check.value = value
      if (values.length > 0) check.values = values
      record(check)
      log(`check ${name}: ${pass ? 'pass' : 'FAIL'} (observed ${observed})`)
    },
    skipCheck(name, reason) {
      record({ name, status: 'skip', expected: '', observed: `skipped: ${reason}` })
      log(`check ${name}: skipped (${reason})`)
    },
    skip(reason): never {
      throw new LabSkipped(reason)
    },
    spawn: spawnTracked,
    async startPeer(script, args, options?: PeerOptions | undefined) {
      const spawn = await peerSpawn('start', script, args, options)
      return startPeer(spawn, script, args, options, signal)
    },
    async runPeer(script, args, options?: PeerOptions | undefined) {
      const spawn = await peerSpawn('run', script, args, options)
      return runPeer(spawn, script, args, options, signal)
    },
    defer(cleanup) {
      // After a deadline the lab's code may still be running; a cleanup it
      // registers then would never run (and its open handle would keep the
      // process alive), so run it at once.
      if (state.closed) {
        Promise.resolve()
          .then(cleanup)
          .catch(() => {})
        return
      }
      state.deferred.push(cleanup)
    },
    removeWhenEmpty: removerWhenEmpty(state, dir, onEmptyDirectory),
  }
  return { context, state }
}

/** A check recorded once the run is closed. */
function lateRecord(state: LabRunState, lab: string, name: string): void {
  // After a deadline the lab's code is still running and is ignored; after a return it forgot an await.
  if (!state.returned) return
  const problem = `check \`${name}\` was recorded after the lab's run returned (a promise or timer it did not await), and is not counted`
  if (!state.over) return void state.problems.push(problem)
  // Its result, out already, listed the check as "not recorded by the lab": say what happened,
  // there too (`verify` judges the notes once every lab ran, and gives it as the reason).
  process.stderr.write(`warning lab ${lab}: ${problem}\n`)
  const listed = state.unrecorded?.find((check) => check.name === name)
  if (listed) {
    listed.observed = `skipped: recorded after the lab's run returned (a promise or timer it did not await), so not counted`
  }
}

/** `context.removeWhenEmpty`: noted for the cleanup and told to the janitor (`onEmptyDirectory`). */
function removerWhenEmpty(
  state: LabRunState,
  dir: string,
  onEmptyDirectory: ((directory: string) => void) | undefined,
): LabContext['removeWhenEmpty'] {
  return (directory, options) => {
    const path = resolve(dir, directory)
    const onlyIfKilled = options?.onlyIfKilled === true
    // After a deadline the cleanup may be over: as a late `defer`, done at once.
    if (state.closed) return void (onlyIfKilled || rmdir(path).catch(() => {}))
    if (state.emptyDirectories.includes(path)) return
    if (!onlyIfKilled) state.emptyDirectories.push(path)
    onEmptyDirectory?.(path)
  }
}

/**
 * Where every process of a lab starts: behind the lifeline (it dies with
 * decklab, even one killed with SIGKILL: kit/lifeline.ts), in a process group
 * of its own (so the runner can kill the child and anything it forks).
 */
function trackedSpawn(
  state: LabRunState,
  dir: string,
  log: (line: string) => void,
  onChild: ((pid: number) => void) | undefined,
): (
  command: string,
  args: readonly string[],
  options?: LabSpawnOptions | undefined,
) => ChildProcess {
  let lifelineNoted = false
  return (command, args, options) => {
    if (state.closed) throw new Error('the lab has ended; no new processes')
    const { deathSignal, ...spawnOptions } = options ?? {}
    const line = behindLifeline(command, args, spawnOptions, deathSignal)
    if (!lifelineNoted && lifelineKind() !== 'python3') {
      lifelineNoted = true
      log(
        lifelineKind() === 'setpriv'
          ? `no ${python3Path}: children are tied to decklab with setpriv --pdeathsig`
          : `neither ${python3Path} nor setpriv here: a child of this lab outlives a decklab killed with SIGKILL`,
      )
    }
    const { stdio, piped } = withoutOurStdio(line.options.stdio)
    const handed = {
      line: [command, ...args],
      env: spawnOptions.env ?? process.env,
      cwd: resolve(dir, spawnOptions.cwd?.toString() ?? '.'),
    }
    for (const path of handedPathsOutside(handed, dir)) state.handedPaths.add(path)
    const child = spawn(line.command, line.args, {
      cwd: dir,
      ...line.options,
      stdio: stdio ?? 'pipe',
      detached: true,
    })
    if (piped) stdoutToTranscript(child, command, log)
    if (child.pid !== undefined) {
      state.children.set(child.pid, child)
      onChild?.(child.pid)
    }
    // A failed spawn emits 'error': kept for the waits of kit/children.ts, not crashing decklab.
    keepSpawnError(child)
    return child
  }
}
