/**
 * The lab watchdog: stops a lab whose code holds decklab's thread. Labs run
 * on the main thread, so the runner's deadline and the SIGINT handler are
 * JavaScript that a lab's synchronous loop (`while (Date.now() < t) {}`,
 * `execSync('sleep 60')`, `Atomics.wait`) never lets run. The watchdog is a
 * worker thread (`watchdog-thread.ts`) with a clock of its own, started once
 * per process by the first lab run, and told when each run starts, gives
 * back control and ends. It acts only when the main thread has not answered
 * in time: a lab that awaits is stopped by the runner as before.
 *
 * It runs only in decklab's own process (`main.ts` says how the process
 * ends: `onHeldThreadStop`); a test running labs in its own process has none.
 */
import { closeSync, openSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { heldStopNotice, heldThreadStops, stopHeldThread } from '../interrupt.js'
import { packageRoot } from '../package-info.js'
import { type HeldStop, heldMessage, writeHeldMessage } from './held-message.js'
import { labsDirectory } from './labs-folder.js'
import { throwPlace } from './throw-place.js'

/** What the runner tells the watchdog's thread. */
export type WatchdogMessage =
  | {
      type: 'watch'
      id: number
      lab: string
      deadlineMs: number
      dir: string
      /** Processes decklab had before the run: never the run's to kill. */
      knownPids: number[]
      /** The run's mark in the environment, when it ran alone (`run-mark.ts`): its processes outside decklab's tree carry it. */
      mark?: string | undefined
    }
  /** The lab gave back control (it ended, or the runner's deadline ran): its deadline is kept. */
  | { type: 'released'; id: number }
  /** The run has cleaned up. */
  | { type: 'end'; id: number }
  /** The main thread took a signal: it is not held. */
  | { type: 'signal-taken' }

/** What the watchdog's thread tells the main thread. */
export type WatchdogReply =
  | { type: 'ready'; relayPid: number | undefined }
  | { type: 'stop'; stop: HeldStop }

/** One run, as the watchdog watches it. */
export interface WatchedRun {
  /** The lab gave back control: from here the runner keeps the time. */
  released(): void
  /** The run has ended and cleaned up. */
  end(): void
}

export interface Watchdog {
  /**
   * The pid of its shell once its thread runs: a process of decklab's, not
   * of any run (the first run may see it appear; undefined when none started).
   */
  readonly relayPid: Promise<number | undefined>
  watch(run: {
    lab: string
    deadlineMs: number
    dir: string
    knownPids: number[]
    mark?: string | undefined
  }): WatchedRun
}

/** The process's watchdog; null once none could start. */
let started: Watchdog | null | undefined

/**
 * Where the watchdog's thread finds the stop on the main thread when that
 * thread is held: it runs it there through the inspector (`Runtime.evaluate`
 * runs between two steps of a loop, or inside `Atomics.wait`).
 */
export const stopKey = Symbol.for('decklab.labWatchdogStop')
/** Set (index 0) once the main thread has said why it stops: the watchdog's thread then says nothing. */
const said = new Int32Array(new SharedArrayBuffer(4))
const beforeStop = new Set<() => void>()

/**
 * Undo `undo` (a patch the runner made on the main thread, such as its
 * capture of stdout) before a held thread's stop ends the process, should
 * one come while it holds: the lab's JavaScript was stopped, so the runner's
 * own `finally` never runs. Returns the function that takes it back.
 */
export function undoBeforeStop(undo: () => void): () => void {
  beforeStop.add(undo)
  return () => beforeStop.delete(undo)
}

/**
 * The process's watchdog, started on first use; undefined where none runs
 * (not decklab's own process, or no worker thread could start: then labs
 * run as before, stopped at their deadline only when they await).
 */
export function labWatchdog(): Watchdog | undefined {
  if (!heldThreadStops()) return undefined
  if (started === undefined) started = startWatchdog() ?? null
  return started ?? undefined
}

/**
 * End the process for a held thread's stop, on the main thread: the
 * runner's patches undone, the message said, the `--json` document written,
 * the exit code set (`main.ts`). Run through the inspector
 * (`throughInspector`), this runs on top of the lab's own frames: the
 * stack names the place in the lab where the thread was held. The process
 * then ends with the inspector's session still open, and Node would say
 * "Waiting for the debugger to disconnect..." on stderr: stderr, once the
 * message is out, goes to /dev/null first.
 */
function stopHere(stop: HeldStop, throughInspector: boolean): void {
  for (const undo of beforeStop) undo()
  const place = throughInspector
    ? throwPlace(new Error('held here'), labsDirectory(), packageRoot())
    : undefined
  const message = heldMessage(stop, place)
  Atomics.store(said, 0, 1)
  writeHeldMessage(message, heldStopNotice())
  if (throughInspector) {
    try {
      // The lowest free descriptor: 2 again, now on /dev/null.
      closeSync(2)
      openSync('/dev/null', 'w')
    } catch {
      // Then Node's words follow the watchdog's.
    }
  }
  stopHeldThread({ code: stop.code, message, exitCode: stop.exitCode })
}

/**
 * Start the watchdog's thread. Not waited for: messages posted meanwhile
 * wait for it (its clock starts when it reads them), so the first run does
 * not wait the tenth of a second a worker thread takes to start.
 */
function startWatchdog(): Watchdog | undefined {
  let worker: Worker
  try {
    worker = new Worker(new URL('./watchdog-thread.js', import.meta.url), { workerData: said })
  } catch {
    return undefined
  }
  // A thread that fails leaves labs as they were without it.
  worker.on('error', () => {})
  const relayPid = new Promise<number | undefined>((resolve) => {
    worker.on('message', (reply: WatchdogReply) => {
      if (reply.type !== 'ready') return stopHere(reply.stop, false)
      // Held until then (a run waits for this pid); from here never what keeps decklab running.
      worker.unref()
      resolve(reply.relayPid)
    })
    worker.once('exit', () => resolve(undefined))
  })
  const post = (message: WatchdogMessage) => worker.postMessage(message)
  ;(globalThis as Record<symbol, unknown>)[stopKey] = (stop: HeldStop) => stopHere(stop, true)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => post({ type: 'signal-taken' }))
  }
  let runs = 0
  return {
    relayPid,
    watch(run) {
      runs += 1
      const id = runs
      post({ type: 'watch', id, ...run })
      return {
        released: () => post({ type: 'released', id }),
        end: () => post({ type: 'end', id }),
      }
    },
  }
}
