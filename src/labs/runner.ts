/**
 * The lab runner: one lab, one fresh private directory, a deadline, and a
 * guarantee that nothing of the lab survives it (files, directory, processes).
 * A lab whose code holds the thread, so that the deadline's timer never runs,
 * is stopped by the lab watchdog (`watchdog.ts`) instead.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { rm, rmdir } from 'node:fs/promises'
import { relative } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import type { Check, LabResult, LabStatus, OutOfTime } from '../model/lab-result.js'
import { packageRoot } from '../package-info.js'
import { count } from '../text/count.js'
import { errorMessage } from '../text/error-message.js'
import { createLabContext, type LabRunState, LabSkipped } from './context.js'
import { stdoutWritesRouted } from './descriptor-stdout.js'
import { refuseLabExits } from './exit-guard.js'
import { startJanitor } from './janitor.js'
import { closeLabHandles, type LabHandles, newLabHandles, trackingHandles } from './kit/handles.js'
import { abortReason } from './kit/peers.js'
import { takeBoundPaths } from './kit/unix-socket.js'
import { makeLabDirectory } from './lab-directory.js'
import { labsDirectory } from './labs-folder.js'
import {
  describeEntries,
  describeProcess,
  leftoverEntries,
  leftoverProcesses,
  pathExists,
  unexpectedDescendants,
} from './leftovers.js'
import { type CpuReading, outOfTime, outOfTimeReason, readCpu } from './machine-load.js'
import {
  outsideSocketPaths,
  ownListeners,
  socketFilesLeftOutside,
  strayListeners,
} from './own-listeners.js'
import { descendantsOf, listProcesses, type ProcessInfo, stopGroup } from './processes.js'
import { missingRequirement } from './requirements.js'
import { markedProcesses, markRun } from './run-mark.js'
import { currentRunScope, inRunScope, type RunScope } from './run-scope.js'
import { throwingLab, throwPlaceSuffix } from './throw-place.js'
import type { LabDefinition } from './types.js'
import { labWatchdog, undoBeforeStop, type WatchedRun } from './watchdog.js'

/** Options for one lab run. */
export interface RunLabOptions {
  /** Time the lab may take before it is stopped as an error (default 10 s). */
  deadlineMs?: number | undefined
  /** Aborting it (Ctrl-C) stops the lab as an error. */
  signal?: AbortSignal | undefined
  /** Grace between SIGTERM and SIGKILL when stopping the lab's processes. */
  killGraceMs?: number | undefined
  /** The machine's CPU counters (tests give a machine as busy or idle as they need). */
  readCpu?: (() => CpuReading | undefined) | undefined
}

/** The deadline's abort reason: a run it stopped is told from one Ctrl-C stopped. */
class DeadlineExceeded extends Error {}

/** The default per-lab deadline. */
export const defaultDeadlineMs = 10_000

// Runs in progress in this process, so one run's processes are never blamed on another.
const activeRuns = new Set<LabRunState>()
// Their directories, removed (with their process groups killed) should the
// process exit mid-lab: a crash must not leave a dl-* directory behind.
const activeDirectories = new Set<string>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const run of activeRuns) {
      for (const groupId of run.children.keys()) {
        try {
          process.kill(-groupId, 'SIGKILL')
        } catch {
          // Already gone.
        }
      }
    }
    for (const dir of activeDirectories) rmSync(dir, { recursive: true, force: true })
  })
}

/**
 * Run one lab in isolation and report what it showed. Never throws for a
 * lab's own failure; throws `LabDirectoryError` (exit 2) when no lab
 * directory can be made here, since then no lab can run at all.
 */
export async function runLab(lab: LabDefinition, options: RunLabOptions = {}): Promise<LabResult> {
  const startedAt = performance.now()
  const deadlineMs = options.deadlineMs ?? defaultDeadlineMs
  const result = (status: LabStatus, extra: Partial<LabResult>) =>
    unstartedResult(lab, startedAt, status, extra)

  const missing = await missingRequirement(lab.requires)
  if (missing) return result('skip', { reason: missing, transcript: [`skipped: ${missing}`] })
  if (options.signal?.aborted) {
    return result('error', { reason: `not started: ${abortReason(options.signal)}` })
  }

  installExitHook()
  // Where no lab directory can be made (TMPDIR unusable), no lab can run: its
  // LabDirectoryError (exit 2, not a finding) goes to the caller.
  // Started before the directory is made, and told of it the moment it exists, so a
  // SIGKILL at any point leaves nothing; and before the processes are counted: it is the run's own.
  const janitor = startJanitor()
  const made = await directoryWatchedBy(janitor)
  const dir = made.path
  activeDirectories.add(dir)
  const cpu = options.readCpu ?? readCpu
  const cpuBefore = cpu()
  const token = randomBytes(4).toString('hex')
  const running = await listProcesses()
  const knownPids = new Set(descendantsOf(process.pid, running).map((p) => p.pid))
  const alone = aloneRun(running)
  const controller = new AbortController()
  const watchdog = labWatchdog()
  const watching = {
    lab: lab.id,
    deadlineMs,
    dir,
    knownPids: [...knownPids],
    mark: alone?.mark.token,
  }
  const watched = watchdog?.watch(watching)
  const stopTimers = stopOnTime(controller, deadlineMs, options.signal, watched)
  // What the lab's code does later (prints, throws) is told its own, by this scope it keeps.
  const scope: RunScope = {
    lab: lab.id,
    over: () => state.over === true,
    note: (line) => note(line),
  }
  const stopCrashWatch = watchForCrashes(controller, scope)
  const { context, state } = createLabContext(
    lab,
    dir,
    controller.signal,
    token,
    startedAt,
    (pid) => janitor.watchGroup(pid),
    (directory) => janitor.watchEmptyDirectory(directory),
  )
  const handles = newLabHandles()
  activeRuns.add(state)
  const note = (line: string) => {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(3)
    state.transcript.push(`+${seconds}s ${line}`)
  }
  if (made.note) note(made.note)
  note(`lab ${lab.id} in ${dir}`)

  let outcome: { status: 'done' } | { status: 'skip' | 'error'; reason: string }
  try {
    await withStdoutInTranscript(note, () =>
      untilStopped(controller.signal, () =>
        trackingHandles(handles, () => inRunScope(scope, () => lab.run(context))),
      ),
    )
    outcome = { status: 'done' }
  } catch (error) {
    if (error instanceof LabSkipped) outcome = { status: 'skip', reason: error.message }
    else if (controller.signal.aborted)
      outcome = { status: 'error', reason: abortReason(controller.signal) }
    else outcome = { status: 'error', reason: thrownReason(error) }
  } finally {
    stopTimers()
  }
  // The lab's own code may still be running after a deadline; from here on
  // it can no longer record checks or start processes.
  state.closed = true
  state.returned = outcome.status === 'done'
  if (!controller.signal.aborted) controller.abort(new Error('the lab has ended'))
  if (outcome.status !== 'done') note(`${outcome.status}: ${outcome.reason}`)

  // The watchdog's shell, started by the first run, is decklab's, not a stray of this run.
  const relayPid = await watchdog?.relayPid
  if (relayPid !== undefined) knownPids.add(relayPid)
  const leftovers = await cleanUpCatchingStdout(
    { state, handles, finished: outcome.status === 'done', alone },
    dir,
    knownPids,
    options.killGraceMs ?? 500,
    note,
  )
  activeRuns.delete(state)
  activeDirectories.delete(dir)
  watched?.end()
  await janitor.dismiss()
  // What the cleanup's kills made the lab's own code reject is told a turn later.
  await new Promise((resolve) => setImmediate(resolve))
  stopCrashWatch()

  const checks = withUnrecordedChecks(lab, state.checks)
  const durationMs = Math.round(performance.now() - startedAt)
  // Read after the cleanup, so the lab's own processes (reaped now) count as decklab's.
  const stopped =
    controller.signal.reason instanceof DeadlineExceeded
      ? outOfTime(deadlineMs, cpuBefore, cpu())
      : undefined
  if (stopped && outcome.status === 'error') outcome.reason = outOfTimeReason(stopped)
  const { status, reason } = runStatus(outcome, state, checks, leftovers)
  state.unrecorded = checks.filter((check) => !state.checks.includes(check))
  state.over = true
  note(`status ${status}${reason ? `: ${reason}` : ''}`)
  return labResult(lab, state, { status, reason, checks, durationMs, leftovers, stopped })
}

/** The run's lab directory, told to `janitor` the moment it exists; dismissed when none can be made. */
async function directoryWatchedBy(
  janitor: ReturnType<typeof startJanitor>,
): ReturnType<typeof makeLabDirectory> {
  try {
    return await makeLabDirectory(undefined, janitor.watchDirectory)
  } catch (error) {
    await janitor.dismiss()
    throw error
  }
}

/** Start `run` (the lab's), and settle with it, or reject when `signal` aborts first. */
function untilStopped(signal: AbortSignal, run: () => Promise<void>): Promise<void> {
  const stopped = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  stopped.catch(() => {})
  return Promise.race([Promise.resolve().then(run), stopped])
}

/** The result of a lab that never started: its declared checks listed as skipped, not "0/0 checks". */
function unstartedResult(
  lab: LabDefinition,
  startedAt: number,
  status: LabStatus,
  extra: Partial<LabResult>,
): LabResult {
  return {
    lab: lab.id,
    title: lab.title,
    status,
    checks: withUnrecordedChecks(lab, [], 'the lab did not run'),
    durationMs: Math.round(performance.now() - startedAt),
    transcript: [],
    ...extra,
  }
}

/** A run's result; `stopped` is kept only on a run that ended as an error by its deadline. */
function labResult(
  lab: LabDefinition,
  state: LabRunState,
  run: Pick<LabResult, 'status' | 'reason' | 'checks' | 'durationMs'> & {
    leftovers: string[]
    stopped: OutOfTime | undefined
  },
): LabResult {
  const { status, reason, checks, durationMs, leftovers, stopped } = run
  const result: LabResult = {
    lab: lab.id,
    title: lab.title,
    status,
    checks,
    durationMs,
    transcript: state.transcript,
  }
  if (reason !== undefined) result.reason = reason
  if (leftovers.length > 0) result.leftovers = leftovers
  if (stopped && status === 'error') result.outOfTime = stopped
  return result
}

/**
 * Abort `controller` at the deadline or when `outer` aborts (Ctrl-C), until
 * the returned function is called (the lab gave back control). A lab that
 * holds the thread keeps the deadline's timer from running: the watchdog,
 * told here that the thread came back, stops such a lab instead.
 */
function stopOnTime(
  controller: AbortController,
  deadlineMs: number,
  outer: AbortSignal | undefined,
  watched: WatchedRun | undefined,
): () => void {
  const deadline = setTimeout(() => {
    watched?.released()
    controller.abort(new DeadlineExceeded(`deadline exceeded (${deadlineMs} ms)`))
  }, deadlineMs)
  const onOuterAbort = () =>
    controller.abort(new Error(`interrupted: ${abortReason(outer as AbortSignal)}`))
  outer?.addEventListener('abort', onOuterAbort, { once: true })
  return () => {
    clearTimeout(deadline)
    watched?.released()
    outer?.removeEventListener('abort', onOuterAbort)
  }
}

/**
 * Run `body` with what the lab's own code prints on stdout (a stray
 * `console.log`, a `fs.writeSync(1, …)`: `descriptor-stdout.ts`) put into its transcript instead: decklab's stdout is the
 * one JSON document `--json` promises, and a lab's text before it broke that.
 */
async function withStdoutInTranscript<T>(
  note: (line: string) => void,
  body: () => Promise<T>,
): Promise<T> {
  guardStdoutOfEndedRuns()
  // `console.log`, and `fs.writeSync(1, …)` and its kin too; a lab's code writes into its
  // own run's transcript (a timer of a lab that ended, into no other's).
  const restore = stdoutWritesRouted(() => scopedStdout() ?? ((text) => stdoutLines(text, note)))
  // A lab stopped for holding the thread never reaches the `finally`: the `--json` error document must get out.
  const forget = undoBeforeStop(restore)
  try {
    return await body()
  } finally {
    forget()
    restore()
  }
}

/** Each line of `text`, a lab's write to stdout, as a line of its transcript. */
function stdoutLines(text: string, note: (line: string) => void): void {
  for (const line of text.replace(/\n$/, '').split('\n')) note(`stdout: ${line}`)
}

/**
 * Where a write to stdout from the code running now goes, when that code is
 * a lab's (`run-scope.ts`): into its run's transcript, or, its run over (its
 * result is out), onto stderr as a warning naming the lab.
 */
function scopedStdout(): ((text: string) => void) | undefined {
  const scope = currentRunScope()
  if (!scope) return undefined
  if (!scope.over()) return (text) => stdoutLines(text, scope.note)
  return (text) => {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      process.stderr.write(
        `warning lab ${scope.lab}: wrote to stdout after its run ended: ${line}\n`,
      )
    }
  }
}

let stdoutGuarded = false
// Off for a held thread's stop, which runs amid the lab's code: its error must reach stdout.
let stdoutGuardOn = true

/**
 * From the first run on, what an ended lab's code writes to stdout (a timer
 * it left, firing after `verify` printed its report) goes where
 * `scopedStdout` says, for the rest of the process: on stdout it came after
 * `--json`'s one document, which no longer parsed. decklab's own writes
 * (no lab's code) go to stdout as ever.
 */
function guardStdoutOfEndedRuns(): void {
  if (stdoutGuarded) return
  stdoutGuarded = true
  stdoutWritesRouted(() => (stdoutGuardOn ? scopedStdout() : undefined))
  undoBeforeStop(() => {
    stdoutGuardOn = false
  })
}

/** A run's status and why: what the lab ended with, its checks, and what it left behind. */
function runStatus(
  outcome: { status: 'done' } | { status: 'skip' | 'error'; reason: string },
  state: LabRunState,
  checks: Check[],
  leftovers: readonly string[],
): { status: LabStatus; reason: string | undefined } {
  let status: LabStatus
  let reason: string | undefined
  const failed = checks.filter((check) => check.status === 'fail').map((check) => check.name)
  if (outcome.status === 'skip' && failed.length > 0) {
    // A refuted check is information; skipping afterwards does not erase it.
    status = 'fail'
    reason = `failed: ${failed.join(', ')} (then skipped: ${outcome.reason})`
  } else if (outcome.status !== 'done') {
    status = outcome.status
    reason = outcome.reason
    // A contract problem met before the lab threw or skipped (a misspelt check name) makes it an
    // error all the same, and is often why it threw: said first, not lost behind the throw.
    if (state.problems.length > 0) {
      status = 'error'
      reason = `${state.problems.join('; ')}; then ${outcome.status === 'skip' ? 'skipped' : 'ended'}: ${outcome.reason}`
    }
  } else {
    ;({ status, reason } = verdict(state, checks))
  }
  if (leftovers.length > 0 && status !== 'error') {
    status = 'fail'
    reason = `left ${count(leftovers.length, 'thing')} behind${reason ? `; ${reason}` : ''}`
  }
  return { status, reason }
}

/** What a lab threw, with the place in the lab's source it was thrown from, when there is one. */
function thrownReason(error: unknown): string {
  return `${errorMessage(error)}${throwPlaceSuffix(error, labsDirectory(), packageRoot())}`
}

/** Undo the guard on lab's `process.exit` (`exit-guard.ts`), and its entry among the undos before a held thread's stop. */
let allowExits = () => {}
let forgetExitGuard = () => {}

/** Each run being watched, by its scope: its lab, and where an error after the lab ended is written. */
const crashWatchers = new Map<AbortController, RunScope>()
let crashesWatched = false

function onCrash(error: unknown): void {
  // The run whose code threw, by the async scope its timers and callbacks keep (a helper
  // of labs/common/, or no frame of a lab at all, says nothing), else by the lab in the stack.
  const scope = currentRunScope()
  const own = [...crashWatchers].find(([, watched]) => watched === scope)
  const origin =
    scope !== undefined && own === undefined ? scope.lab : throwingLab(error, labsDirectory())
  // Thrown from a lab whose run is over (its timer fired while `verify` runs the next lab, or
  // after the report): no crash of the labs running now, which would be an error for it.
  if (origin !== undefined && ![...crashWatchers.values()].some(({ lab }) => lab === origin)) {
    process.stderr.write(`warning lab ${origin}: after its run ended: ${thrownReason(error)}\n`)
    return
  }
  if (crashWatchers.size === 0) {
    // No lab's: a bug of decklab's own, which ends the process as it would without this listener.
    crashesWatched = false
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
    setImmediate(() => {
      throw error
    })
    return
  }
  for (const [controller, { note }] of own ? [own] : crashWatchers) {
    if (!controller.signal.aborted) {
      controller.abort(new Error(`the lab crashed: ${thrownReason(error)}`))
    } else if (error !== controller.signal.reason) {
      note(`after the lab ended: ${thrownReason(error)}`)
    }
    // The stop reason itself is a wait of the lab's answering the stop: nothing to tell.
  }
}

/**
 * While a lab runs, an error thrown from one of its socket callbacks (an
 * unhandled `'error'` event) ends that lab as `error` and lets the runner
 * clean up, instead of killing the process with peers and files left behind.
 * Watched until the cleanup is over: a lab stopped while a wait of its own
 * was not awaited (a peer's promise not yet awaited) sees it reject when the
 * cleanup kills the peer, and Node would end decklab for that rejection.
 */
function watchForCrashes(controller: AbortController, scope: RunScope): () => void {
  // Watched from the first run on: a lab's timer may throw after the last run ended.
  if (!crashesWatched) {
    crashesWatched = true
    process.on('uncaughtException', onCrash)
    process.on('unhandledRejection', onCrash)
  }
  if (crashWatchers.size === 0) {
    // A lab's process.exit throws meanwhile; a held thread's stop puts exit back first.
    allowExits = refuseLabExits(labsDirectory())
    forgetExitGuard = undoBeforeStop(allowExits)
  }
  crashWatchers.set(controller, scope)
  return () => {
    crashWatchers.delete(controller)
    if (crashWatchers.size === 0) {
      forgetExitGuard()
      allowExits()
    }
  }
}

/** The status the recorded checks justify: any failure fails; at least one pass is needed to pass. */
function verdict(state: LabRunState, checks: Check[]): { status: LabStatus; reason?: string } {
  if (state.problems.length > 0) return { status: 'error', reason: state.problems.join('; ') }
  const recorded = state.checks
  if (recorded.length === 0) {
    return {
      status: 'error',
      reason: 'the lab recorded no checks (a lab that proved nothing never passes)',
    }
  }
  const failed = checks.filter((check) => check.status === 'fail')
  if (failed.length > 0) {
    return { status: 'fail', reason: `failed: ${failed.map((check) => check.name).join(', ')}` }
  }
  if (!checks.some((check) => check.status === 'pass')) {
    return {
      status: 'skip',
      reason: `every check was skipped: ${checks.map((check) => `${check.name} (${check.observed})`).join('; ')}`,
    }
  }
  return { status: 'pass' }
}

/** Declared checks the lab never recorded appear as skipped, so nobody mistakes silence for proof. */
function withUnrecordedChecks(
  lab: LabDefinition,
  recorded: Check[],
  why = 'not recorded by the lab',
): Check[] {
  const names = new Set(recorded.map((check) => check.name))
  const missing: Check[] = lab.checks
    .filter((name) => !names.has(name))
    .map((name) => ({
      name,
      status: 'skip',
      expected: '',
      observed: `skipped: ${why}`,
    }))
  return [...recorded, ...missing]
}

/** What the cleanup of one run works on. */
interface EndedRun {
  state: LabRunState
  /** The servers and clients the lab opened with the kit in this process. */
  handles: LabHandles
  /** The lab returned (not thrown, skipped or stopped): what it left open is its own bug. */
  finished: boolean
  /** What the run noted before it started, when it started alone in this process (`aloneRun`). */
  alone: AloneRun | undefined
}

/**
 * What a run that starts alone in this process notes first, so that what it
 * finds at its end is told its own: the Unix sockets this process listens on
 * already (`ownListeners`), the processes running already, and its mark in
 * the environment (`run-mark.ts`). It takes what was bound through the addon
 * before (`lab serve`'s echo server). Beside another run, none of it can be
 * told either run's: a run that starts while one runs makes both not alone.
 */
interface AloneRun {
  listeners: ReadonlyMap<number, string>
  pids: ReadonlySet<number>
  mark: { token: string; remove: () => void }
  overlapped: boolean
}

let currentAlone: AloneRun | undefined

function aloneRun(running: readonly ProcessInfo[]): AloneRun | undefined {
  if (activeRuns.size > 0) {
    if (currentAlone) currentAlone.overlapped = true
    return undefined
  }
  takeBoundPaths()
  const token = randomBytes(8).toString('hex')
  currentAlone = {
    listeners: ownListeners(),
    pids: new Set(running.map((info) => info.pid)),
    mark: { token, remove: markRun(token) },
    overlapped: false,
  }
  return currentAlone
}

/** `cleanUp`; the lab's `defer`s are its code too: what they print goes to the transcript, not the report. */
function cleanUpCatchingStdout(...args: Parameters<typeof cleanUp>): Promise<string[]> {
  return withStdoutInTranscript(args[4], () => cleanUp(...args))
}

/**
 * Stop every process, run the lab's deferred cleanups (LIFO), close the
 * servers and sockets it left open, remove the directory, and list whatever
 * was left behind.
 */
async function cleanUp(
  { state, handles, finished, alone }: EndedRun,
  dir: string,
  knownPids: ReadonlySet<number>,
  killGraceMs: number,
  note: (line: string) => void,
): Promise<string[]> {
  const leftovers: string[] = []
  const otherGroups = new Set<number>()
  for (const run of activeRuns) for (const pid of run.children.keys()) otherGroups.add(pid)

  // One listing for both: processes started behind the context's back (not in a tracked
  // group) are leftovers in themselves, and where the lab's processes listen outside its
  // directory is read while they still run.
  const processes = await listProcesses()
  const strays = unexpectedDescendants(processes, knownPids, otherGroups)
  const ranAlone = alone !== undefined && !alone.overlapped && activeRuns.size === 1
  const gone = ranAlone ? outsideTree(processes, state, alone) : []
  const labPids = labProcessIds(processes, state, [...strays, ...gone])
  // A datagram socket does not listen: the paths the lab's processes bound are kept apart.
  const { listening: outside, bound } = outsideSocketPaths(labPids, dir)
  for (const stray of strays) {
    leftovers.push(describeProcess(stray, 'was started outside context.spawn and still running'))
  }
  for (const stray of gone) leftovers.push(describeProcess(stray, outsideTreeWords))
  for (const stray of [...strays, ...gone]) {
    try {
      process.kill(stray.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  await Promise.all(
    [...state.children].map(async ([groupId, child]) => {
      const running = child.exitCode === null && child.signalCode === null
      await stopGroup(groupId, child, killGraceMs)
      if (running) note(`stopped process group ${groupId}`)
    }),
  )

  for (const cleanup of state.deferred.reverse()) {
    try {
      await withTimeout(Promise.resolve().then(cleanup), 2_000, 'did not finish within 2 s')
    } catch (error) {
      // Where in the lab the cleanup threw: a lab has many defers.
      leftovers.push(`deferred cleanup failed: ${thrownReason(error)}`)
    }
  }
  // A lab that threw (or ran out of time) between listen and close is stopped
  // here; one that returned with a server still listening left it behind.
  for (const handle of await closeLabHandles(handles)) {
    if (finished && handle.kind === 'server') {
      leftovers.push(`${handle.what} still listening when the lab ended (closed by the runner)`)
    } else note(`closed ${handle.what}`)
  }
  // Made last, removed last; one still in use (not empty) is not the lab's to empty.
  for (const directory of [...state.emptyDirectories].reverse()) {
    await rmdir(directory).catch(() => {})
  }
  // A server opened without the kit (a raw net.createServer, on a path outside the lab
  // directory or an abstract name) is in neither list: the kernel's is read for it.
  const listened = ranAlone ? await strayListeners(alone.listeners) : { lines: [], paths: [] }
  leftovers.push(...listened.lines)
  // A server still listening is one leftover: its socket file is not named again.
  const told = new Set(listened.paths)

  // Listed before the directory is removed, and told after whether they went with it.
  const entries = await leftoverEntries(dir, told)
  const removal = await rm(dir, { recursive: true, force: true, maxRetries: 2 }).then(
    () => undefined,
    (error: unknown) => `could not remove the lab directory: ${errorMessage(error)}`,
  )
  leftovers.push(...(await describeEntries(entries)))
  if (removal) leftovers.push(removal)
  if (await pathExists(dir)) leftovers.push(`lab directory ${dir} still exists`)
  leftovers.push(...(await leftoverProcesses(state.children.keys())))
  for (const stray of [...strays, ...gone]) {
    if (!(await waitForProcessGone(stray.pid, killGraceMs))) {
      leftovers.push(describeProcess(stray, 'survived SIGKILL'))
    }
  }
  leftovers.push(
    ...(await socketFilesOutside(state, dir, { outside, bound, alone: ranAlone, told })),
  )
  alone?.mark.remove()
  if (currentAlone === alone) currentAlone = undefined
  for (const line of leftovers) note(`leftover: ${line}`)
  return leftovers
}

/**
 * The socket files left outside the lab directory `dir`: where the lab's
 * processes listened (`outside`) or bound (`bound`) when the cleanup began;
 * at a path the lab gave a process, made while it ran (a server that had
 * ended listens no more, but its path still names its file); and, when the
 * run was `alone` in this process, where the lab bound through the addon
 * here (which does not unlink on close).
 */
async function socketFilesOutside(
  state: LabRunState,
  dir: string,
  found: { outside: string[]; bound: string[]; alone: boolean; told: ReadonlySet<string> },
): Promise<string[]> {
  const { outside, bound, alone, told } = found
  const known = new Set([...outside, ...bound, ...told])
  const handed = [...state.handedPaths].filter((path) => !known.has(path)).sort()
  for (const path of handed) known.add(path)
  // Taken on every run, so a run beside another leaves none to the next.
  const here = takeBoundPaths().filter(
    (path) => alone && !known.has(path) && relative(dir, path).startsWith('..'),
  )
  return [
    ...(await socketFilesLeftOutside(outside)),
    ...(await socketFilesLeftOutside(bound, 'a lab process bound it')),
    ...(await socketFilesLeftOutside(
      handed,
      'made while the lab ran, at a path a lab process was given',
    )),
    ...(await socketFilesLeftOutside(here, "the lab bound it in decklab's process")),
  ]
}

const outsideTreeWords =
  "was started by the lab and still running outside decklab's process tree (an orphan or a daemon)"

/**
 * The run's processes in `processes` that left decklab's process tree and
 * its process groups (`run-mark.ts`): not running before it, not
 * decklab's descendants (the strays are those), and not in its groups.
 */
function outsideTree(
  processes: readonly ProcessInfo[],
  state: LabRunState,
  alone: AloneRun,
): ProcessInfo[] {
  const inTree = new Set(descendantsOf(process.pid, processes).map((info) => info.pid))
  const known = (info: ProcessInfo) =>
    alone.pids.has(info.pid) || inTree.has(info.pid) || state.children.has(info.groupId)
  return markedProcesses(processes, alone.mark.token, known)
}

/** The live processes of the run, in `processes`: its process groups' members and the strays. */
function labProcessIds(
  processes: readonly ProcessInfo[],
  state: LabRunState,
  strays: readonly ProcessInfo[],
): number[] {
  const groups = new Set(state.children.keys())
  const members = processes.filter((info) => groups.has(info.groupId) && info.state !== 'Z')
  return [...new Set([...members, ...strays].map((info) => info.pid))]
}

/**
 * Settle with `promise`, or reject after `timeoutMs`. The timer is ref'd on
 * purpose: a cleanup awaiting an event that never comes must not let the
 * event loop drain with the run unfinished.
 */
function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Poll /proc until `pid` is gone or a zombie; false if it still runs after `timeoutMs`. */
async function waitForProcessGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    const info = (await listProcesses()).find((entry) => entry.pid === pid)
    if (!info || info.state === 'Z') return true
    if (Date.now() >= deadline) return false
    await delay(wait)
  }
}
