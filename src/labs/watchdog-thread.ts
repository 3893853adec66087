/**
 * The lab watchdog's thread (started by `watchdog.ts`, one per decklab
 * process). A lab runs on decklab's main thread, so a lab whose code holds
 * that thread (a synchronous loop, `execSync`, `Atomics.wait`) keeps the
 * runner's deadline timer and the SIGINT handler from ever running. This
 * thread has an event loop of its own: it keeps each run's deadline, and
 * hears the signals the terminal sends from a small shell in decklab's
 * process group (a worker thread cannot listen to signals itself).
 *
 * When the main thread has not given back control by the deadline plus a
 * grace, or has not taken a signal within the grace, this thread stops the
 * run: it kills the processes the run started (which also ends an
 * `execSync`), removes its directory, says on stderr which lab and why, and
 * has the main thread end the process, through the inspector when that
 * thread is held (`stopOnMainThread`). As a last resort, when the main
 * thread is stuck in a system call even then, it ends the process with
 * SIGKILL (the run's janitor then stops what is left of its process groups).
 */
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { exitCodes } from '../errors.js'
import { type HeldStop, heldMessage, writeHeldMessage } from './held-message.js'
import { descendantsOf, listProcesses, type ProcessInfo } from './processes.js'
import { markedProcesses } from './run-mark.js'
import type { WatchdogMessage, WatchdogReply } from './watchdog.js'

/** How long past its deadline a run may hold the thread before it is stopped. */
const deadlineGraceMs = 2000
/** How long a signal may wait for the main thread to take it. */
const signalGraceMs = 1000
/** A timer this late means this thread did not run either (Ctrl-Z, a stalled machine): wait again. */
const lateMs = 250
/** The key of `stopKey` in `watchdog.ts` (a value import would load that module here). */
const stopKeyName = 'decklab.labWatchdogStop'
/** How long the main thread gets to end the process once told to, before SIGKILL. */
const lastResortMs = 2000

const port = parentPort
if (port === null) throw new Error('watchdog-thread.ts runs as a worker thread')

interface Run {
  lab: string
  deadlineMs: number
  dir: string
  knownPids: Set<number>
  /** Its mark in the environment, when it ran alone (`run-mark.ts`). */
  mark?: string | undefined
  timer?: NodeJS.Timeout | undefined
  /** The lab gave back control: the runner keeps its deadline from here. */
  released?: boolean
}

/** Set (index 0) by the main thread once it has said why it stops (`watchdog.ts`). */
const said = workerData as Int32Array
const runs = new Map<number, Run>()
/** When the main thread last took a signal (this thread's clock). */
let signalTakenAt = Number.NEGATIVE_INFINITY
let stopping = false

// The shell hears what the terminal sends decklab's process group (Ctrl-C, a
// hangup, a group's SIGTERM) and says it on a line; it ends with decklab,
// when its input pipe closes. A trapped signal interrupts `read`: only an
// end of input ends the loop.
const relayScript = `trap 'echo SIGINT; s=1' INT
trap 'echo SIGTERM; s=1' TERM
trap 'echo SIGHUP; s=1' HUP
while :; do
  s=
  read -r _ && continue
  [ -n "$s" ] || exit 0
done
`
const relay = spawn('/bin/sh', ['-c', relayScript], { stdio: ['pipe', 'pipe', 'ignore'] })
relay.on('error', () => {})
relay.stdin?.on('error', () => {})
relay.stdout?.setEncoding('utf8')
relay.stdout?.on('data', (text: string) => {
  for (const line of text.split('\n')) if (line.startsWith('SIG')) onSignal(line)
})

port.on('message', (message: WatchdogMessage) => {
  switch (message.type) {
    case 'watch': {
      const run: Run = {
        lab: message.lab,
        deadlineMs: message.deadlineMs,
        dir: message.dir,
        knownPids: new Set(message.knownPids),
        mark: message.mark,
      }
      runs.set(message.id, run)
      run.timer = after(message.deadlineMs + deadlineGraceMs, deadlineGraceMs, () => {
        if (runs.get(message.id) !== run || run.released) return
        const head = `lab ${run.lab} did not give back control within its deadline of ${run.deadlineMs} ms`
        stop(run, { lab: run.lab, head, code: 'lab-blocked', exitCode: exitCodes.findings })
      })
      break
    }
    case 'released': {
      const run = runs.get(message.id)
      if (run === undefined) break
      run.released = true
      clearTimeout(run.timer)
      break
    }
    case 'end': {
      clearTimeout(runs.get(message.id)?.timer)
      runs.delete(message.id)
      break
    }
    case 'signal-taken':
      signalTakenAt = performance.now()
      break
  }
})
reply({ type: 'ready', relayPid: relay.pid })

function reply(message: WatchdogReply): void {
  port?.postMessage(message)
}

/**
 * Run `act` after `ms`. Should this thread itself wake up late (Ctrl-Z, a
 * stalled machine), the main thread was likely stalled too: it gets the
 * time again, twice at most (so a machine that is always late still acts).
 */
function after(ms: number, graceMs: number, act: () => void, tries = 3): NodeJS.Timeout {
  const due = performance.now() + ms
  return setTimeout(() => {
    if (performance.now() - due > lateMs && tries > 1) after(graceMs, graceMs, act, tries - 1)
    else act()
  }, ms)
}

/** The shell heard `signal`: a main thread that does not take it within the grace is held. */
function onSignal(signal: string): void {
  const heardAt = performance.now()
  after(signalGraceMs, signalGraceMs, () => {
    if (signalTakenAt >= heardAt - signalGraceMs) return
    const run = [...runs.values()][0]
    if (run === undefined) return
    const head = `lab ${run.lab} held decklab's thread when ${signal} came`
    stop(run, { lab: run.lab, head, code: 'interrupted', exitCode: exitCodes.interrupted })
  })
}

/**
 * Stop `run` and end decklab: its processes and directory, then the main
 * thread says which lab and why (with the place it was held, when it is
 * reached inside the lab's code) and ends the process.
 */
function stop(run: Run, held: HeldStop): void {
  if (stopping) return
  stopping = true
  void killNewProcesses(run).then(() => {
    try {
      rmSync(run.dir, { recursive: true, force: true, maxRetries: 2 })
    } catch {
      // The janitor tries again once decklab has ended.
    }
    reply({ type: 'stop', stop: held })
    // A main thread idle after all takes the message at once; a held one needs the inspector.
    setTimeout(() => stopOnMainThread(held), 100)
    setTimeout(() => {
      // The main thread never took the stop (a system call): the words come from here.
      if (Atomics.load(said, 0) === 0) writeHeldMessage(heldMessage(held))
      process.kill(process.pid, 'SIGKILL')
    }, lastResortMs)
  })
}

/**
 * SIGKILL every process decklab has that the run did not find there when it
 * started, and every one carrying its mark that left decklab's tree (an
 * orphan, a daemon); twice: one may fork meanwhile.
 */
async function killNewProcesses(run: Run): Promise<void> {
  const known = (info: ProcessInfo) => run.knownPids.has(info.pid) || info.pid === relay.pid
  for (let pass = 0; pass < 2; pass += 1) {
    const processes = await listProcesses()
    const marked = run.mark === undefined ? [] : markedProcesses(processes, run.mark, known)
    for (const info of [...descendantsOf(process.pid, processes), ...marked]) {
      if (known(info)) continue
      try {
        process.kill(info.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * Run the stop on the main thread between two steps of the lab's code: the
 * inspector's `Runtime.evaluate` gets in where no event loop does (a loop,
 * `Atomics.wait`). Not `Runtime.terminateExecution`: Node aborts on the
 * async context the terminated code leaves behind (`AsyncLocalStorage` is
 * on). A main thread in a system call (a synchronous read of a FIFO) takes
 * it only when the call returns: SIGKILL does the rest.
 */
async function stopOnMainThread(stop: HeldStop): Promise<void> {
  try {
    const { Session } = await import('node:inspector')
    const session = new Session()
    session.connectToMainThread()
    const expression = `globalThis[Symbol.for(${JSON.stringify(stopKeyName)})]?.(${JSON.stringify(stop)})`
    session.post('Runtime.evaluate', { expression })
  } catch {
    // No inspector in this Node: the last resort ends the process.
  }
}
