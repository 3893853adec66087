#!/usr/bin/env node
/**
 * The decklab binary: builds the real Io and sets the exit code. Everything
 * else lives in `runCli` so tests can run it in-process.
 */
import { startedOnTerminal, terminalHungUp, watchTerminalHangup } from './cli/terminal-hangup.js'
import { jsonErrorDocument, wantsJson } from './cli/wants-json.js'
import { DecklabError } from './errors.js'
import { onForcedStop, onHeldThreadStop, writeForcedStop, writeStopError } from './interrupt.js'
import { errorMessage } from './text/error-message.js'

const controller = new AbortController()
/** How long a command may take to wind down (close sockets, stop peers) after a signal. */
const graceMs = 3000
/** How long the process may linger after the command returned before it is ended. */
const lingerMs = 1000
let interrupts = 0
/** The command has returned: a signal now only ends the process, with the command's own code. */
let finished = false

/** What a signal does: stop the command, or end the process on a second one or after the grace time. */
function stopOn(signal: NodeJS.Signals): void {
  if (finished) process.exit(process.exitCode ?? 0)
  // A terminal hanging up may say so more than once (its input ends, SIGHUP
  // comes, maybe twice): one stop, not a forced one.
  if (signal === 'SIGHUP' && interrupts > 0) return
  interrupts += 1
  // A second Ctrl-C ends at once, whatever is still running.
  if (interrupts > 1) {
    writeForcedStop(process.stderr, signal)
    process.exit(130)
  }
  // The first one asks the command to stop where it stands (it checks the
  // signal between steps; every write is atomic), and ends the process if
  // it has not stopped within the grace time, with the words the command
  // would have printed had it stopped in time.
  controller.abort(new Error(`received ${signal}`))
  setTimeout(() => {
    // Stopped in time, with its own words: the process is only ending.
    if (finished) return
    writeForcedStop(process.stderr, signal)
    process.exit(130)
  }, graceMs).unref()
}

// SIGHUP (the terminal closed) stops a command as SIGTERM does: labs, servers
// and peers are cleaned up first, instead of Node's default of dying at once.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stopOn)

// A terminal that hangs up must not crash Node on the way out (`cli/terminal-hangup.ts`):
// its normal exit restores the dead terminal's mode and asserts, so the process
// ends by SIGHUP instead. On the `exit` event, so every way out takes it.
if (startedOnTerminal()) {
  process.on('exit', () => {
    if (!terminalHungUp()) return
    // With no listener left, SIGHUP gets its default action back: the process ends at once.
    process.removeAllListeners('SIGHUP')
    process.kill(process.pid, 'SIGHUP')
  })
}

// stderr is the log: a reader that went away (`2> >(head -3 >&2)`, `2>&1 | head`)
// or a log that cannot be written (a full disk, `2>/dev/full`) costs the log, not
// the command. Unhandled, the failed write crashed Node with exit 1 ("findings")
// in the middle of the command, before `--json` printed its document on stdout.
// Once a write failed the stream is shut: later ones are dropped, as is this one.
process.stderr.on('error', () => {})

// Node ignores SIGXFSZ, so a write past the file size limit (`ulimit -f`) fails
// with EFBIG and is reported. signal-exit (loaded by the quiz's prompts) turns
// that into death by SIGXFSZ unless another listener is there: this one is.
process.on('SIGXFSZ', () => {})

/** The current directory, or a clear error (exit 2) when it was deleted under decklab. */
function currentDirectory(): string {
  try {
    return process.cwd()
  } catch (error) {
    throw new DecklabError(
      'cwd-gone',
      `cannot read the current directory (${errorMessage(error)}): it was deleted or moved; cd into an existing folder`,
    )
  }
}

let stdinGuarded = false

/**
 * stdin, whose mode changes do nothing once its terminal hung up, and whose
 * end then stops the command as the SIGHUP that may come after it would.
 */
function guardedStdin(): typeof process.stdin {
  if (!stdinGuarded) {
    stdinGuarded = true
    watchTerminalHangup(process.stdin, () => stopOn('SIGHUP'))
  }
  return process.stdin
}

let stdoutGuarded = false

/** stdout, where a closed pipe (`decklab check --json | head`) is not an error. */
function guardedStdout(): typeof process.stdout {
  if (!stdoutGuarded) {
    stdoutGuarded = true
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      // A terminal that hung up: nobody reads it any more, and the command is
      // still cleaning up after the SIGHUP (the process then ends by SIGHUP).
      if (terminalHungUp()) return
      // A pipe or socket that failed otherwise (a file fails at once, in runCli).
      process.stderr.write(`error cannot write to standard output: ${error.message}\n`)
      process.exit(2)
    })
  }
  return process.stdout
}

/** Resolves once everything written to `stream` so far has been handed to the system (or it failed). */
function written(stream: NodeJS.WriteStream | undefined): Promise<void> {
  if (stream === undefined || stream.destroyed || stream.writableLength === 0) {
    return Promise.resolve()
  }
  // Queued behind the pending writes, so its callback comes once they are done.
  return new Promise((resolve) => stream.write('', () => resolve()))
}

// Loaded only now, after the signal handlers: a signal while the commands load
// (a tenth of a second or more) stops the command as any other, with exit 130.
// A second one in that time ends the process before `runCli` could say how:
// `--json` still gets its one document (`runCli` takes this over once loaded).
onForcedStop((error) => {
  if (wantsJson(process.argv.slice(2))) process.stdout.write(jsonErrorDocument(error))
})
// A lab whose code held the thread past its deadline or a signal (a synchronous
// loop): the lab watchdog has said why, stopped its processes and removed its
// directory, and got the thread back; the process ends here, with its code.
onHeldThreadStop((stop) => {
  if (finished) process.exit(process.exitCode ?? 0)
  writeStopError(stop)
  process.exit(stop.exitCode)
})
const { runCli } = await import('./cli/run-cli.js')

process.exitCode = await runCli(process.argv.slice(2), {
  // Read when a command needs it: `--version` works in a folder deleted meanwhile.
  get cwd() {
    return currentDirectory()
  },
  env: process.env,
  // Opened on first use (a stream costs milliseconds to open): a build reports
  // on stderr only, and few commands read stdin.
  get stdin() {
    return guardedStdin()
  },
  get stdout() {
    return guardedStdout()
  },
  stderr: process.stderr,
  now: () => new Date(),
  signal: controller.signal,
})
finished = true
// What the command wrote may still wait in Node's buffers: a pipe or socket takes
// 64 KiB or so until its reader reads (`decklab check --json | slow-reader`), and
// `process.exit` below drops the rest. The ending waited 1 s for nobody, so a
// reader that started reading later got a document cut at 64 KiB, with exit 0.
// A reader that never reads now holds decklab, as it holds any Unix writer;
// a signal still ends it at once.
await written(stdoutGuarded ? process.stdout : undefined)
await written(process.stderr)
// The command has said all it had to say. A lab of the course may still have
// left a timer or a server of its own running (the runner closes only what it
// opened or started): that must not keep decklab from ending. Unreferenced,
// so a process with nothing left running ends at once, as before.
setTimeout(() => process.exit(process.exitCode ?? 0), lingerMs).unref()
// Ending by itself, Node tears the process down after the `exit` listeners ran, and
// closes its signal watchers on the way: a SIGINT that lands then (Ctrl-C as the command
// ends) gets its default action back and kills the process, its output all written,
// by the signal instead of with the command's code (a try in 20 or so, measured). The
// last `exit` listener ends the process at once instead, as `process.exit` does: with
// nothing left running, nothing is cut short, and a signal then is only noted.
process.on('exit', (code) => process.exit(code))
