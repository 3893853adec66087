/**
 * The interactive responder: Inquirer prompts on injected streams. Single
 * keys (reveal, grades, commands) use a tiny `@inquirer/core` prompt; typed
 * answers use `@inquirer/prompts`' `input`. Ctrl-C rejects with Inquirer's
 * `ExitPromptError`, which ends the session keeping every saved answer.
 */
import { type Readable, Writable } from 'node:stream'
import {
  createPrompt,
  isEnterKey,
  isSpaceKey,
  useEffect,
  useKeypress,
  useState,
} from '@inquirer/core'
import { input } from '@inquirer/prompts'
import { createColors } from '../terminal/colors.js'
import { terminalColumns } from '../terminal/io.js'
import { wrapLine } from '../terminal/wrap.js'
import { fitItems, gradeAnswer, gradePrompt, hintsAt, keysAt, waitMessage } from './prompt-keys.js'
import type { Command, GradeContext, PromptContext, Responder, WaitContext } from './review.js'

/** The streams and abort signal every prompt gets as its Inquirer context. */
export interface PromptStreams {
  input: Readable
  output: Writable
  signal: AbortSignal
  /** For `COLUMNS`, the width when the terminal says 0 columns (unknown). */
  env?: Record<string, string | undefined> | undefined
  /** Stop the session as SIGINT does: for a Ctrl-C read after a prompt's answer. */
  interrupt?: (() => void) | undefined
  /** Stop the session as the end of the input does: for a Ctrl-D read after a prompt's answer. */
  inputEnded?: (() => void) | undefined
}

interface KeyPromptConfig {
  message: string
  /** Key name (`1`, `q`, `enter`, `space`) → the value the prompt resolves with. */
  keys: Readonly<Record<string, string>>
}

/** Resolve with the value of the first key in `keys` (Enter and Space by name); Ctrl+key and other keys are ignored. */
function useKnownKeys(keys: Readonly<Record<string, string>>, done: (value: string) => void): void {
  useKeypress((key) => {
    const name = isEnterKey(key) ? 'enter' : isSpaceKey(key) ? 'space' : key.name
    if (key.ctrl) return
    const value = keys[name]
    if (value !== undefined) done(value)
  })
}

/** A prompt that resolves on the first key it knows; other keys are ignored. */
export const keyPrompt = createPrompt<string, KeyPromptConfig>((config, done) => {
  useKnownKeys(config.keys, done)
  return config.message
})

interface WaitPromptConfig {
  /** When the wait ends by itself (ms since the epoch). */
  until: number
  /** The message for the time left (redrawn every second). */
  message: (left: string) => string
  keys: Readonly<Record<string, string>>
}

/** A prompt that counts down to `until` and resolves `due` then, or earlier on a key it knows. */
export const waitPrompt = createPrompt<string, WaitPromptConfig>((config, done) => {
  // The time as shown, not the clock: a tick that leaves it as it was draws
  // nothing, where the two lines were erased and written again every 250 ms,
  // each redraw handed to a screen reader or braille display.
  const [left, setLeft] = useState(() => formatCountdown(config.until - Date.now()))
  useEffect(() => {
    const timer = setInterval(() => {
      const time = Date.now()
      if (time >= config.until) done('due')
      else setLeft(formatCountdown(config.until - time))
    }, 250)
    return () => clearInterval(timer)
  }, [])
  useKnownKeys(config.keys, done)
  return config.message(left)
})

/** `4:05` (minutes and seconds left). */
function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/**
 * A fresh stream per prompt that forwards to `output`. Inquirer ends the
 * stream it is given when a prompt is done (Node spares only the real
 * process.stdout), so the session's own output must never be handed over.
 */
function forwardingOutput(
  output: Writable,
  env: Record<string, string | undefined>,
): Writable & { detach(): void } {
  const target = output as Writable & { columns?: number; rows?: number; isTTY?: boolean }
  let detached = false
  const forward = new Writable({
    write(chunk, encoding, callback) {
      // Hand on at once: waiting for the target's callback would queue the
      // prompt's last lines behind the session's own (later) writes.
      if (!detached) target.write(chunk, encoding)
      callback()
    },
  })
  Object.defineProperties(forward, {
    // Inquirer wraps its lines to this width: 0 (unknown) must not mean one word a line.
    columns: { get: () => terminalColumns(target, env) },
    rows: { get: () => target.rows },
    isTTY: { get: () => target.isTTY },
  })
  return Object.assign(forward, {
    /** Drop what the prompt writes from now on (its clean-up, when it is asked again). */
    detach: () => {
      detached = true
    },
  })
}

/** What one prompt is given: its streams, and the signal that ends it. */
interface PromptRun {
  input: Readable
  output: Writable
  signal: AbortSignal
  clearPromptOnDone: boolean
}

/**
 * Runs the session's prompts one at a time on `streams`, and brings a
 * prompt back after Ctrl-Z and `fg`; `close` lets go of the process's SIGCONT.
 */
function promptRunner(streams: PromptStreams): {
  ask<T>(run: (context: PromptRun) => Promise<T>): Promise<T>
  close(): void
} {
  // Ctrl-C and Ctrl-Z are keys on a raw terminal: for Ctrl-Z readline stops the
  // process itself and, on SIGCONT (`fg`), pauses its input for its owner to
  // resume (Node's REPL does). Inquirer never does: with nothing left to wait
  // for, the process ended as if the prompt were closed. Resumed once readline
  // has paused it (its listener runs after this one), the prompt goes on. Input
  // already paused was no prompt's (an editor of `e` may have the terminal).
  // The prompt is then asked again: what it drew is above the shell's lines
  // (`[1]+ Stopped`, `fg`), and Inquirer draws only when its state changes.
  // It is asked again right after Ctrl-Z too, which runs once the process goes
  // on: after `fg`, or at once where nothing stops it (a process group no shell
  // controls, as under `ssh -t host decklab quiz`: readline had handed the
  // terminal back cooked, and no SIGCONT ever came to take it raw again).
  let askAgain: (() => void) | undefined
  let askedAfterStop = false
  const afterStop = () => {
    askedAfterStop = true
    askAgain?.()
  }
  const resume = () => {
    if (streams.input.isPaused()) return
    setImmediate(() => {
      streams.input.resume()
      // Once per stop: Ctrl-Z's own turn may have asked it again already.
      if (askedAfterStop) askedAfterStop = false
      else askAgain?.()
    })
  }
  process.on('SIGCONT', resume)
  /**
   * Run one prompt; after `fg` it is asked again, on the line below the
   * shell's (text typed at it and not yet entered is typed again: handing
   * it to the new prompt as its default would make Enter on an emptied
   * line give it back).
   */
  const ask = async <T>(run: (context: PromptRun) => Promise<T>): Promise<T> => {
    for (;;) {
      const again = new AbortController()
      const output = forwardingOutput(streams.output, streams.env ?? {})
      let redrawn = false
      askAgain = () => {
        redrawn = true
        output.detach()
        again.abort()
      }
      let ctrlC = false
      // Whether the last key read was Ctrl-D: see ctrlC below.
      let ctrlDLast = false
      const onKey = (_: unknown, key: { sequence?: string; name?: string; ctrl?: boolean }) => {
        if (key?.ctrl === true && key.name === 'c') ctrlC = true
        ctrlDLast = key?.ctrl === true && key.name === 'd'
        // Escape then Ctrl-C within readline's escape timeout (0.5 s) is one key to readline,
        // Meta+Ctrl-C, which no prompt knows: the Ctrl-C was lost. It ends the prompt as
        // Ctrl-C does (an AbortPromptError ends the session, every answer saved).
        if (key?.sequence === '\u001b\u0003') again.abort()
        // Ctrl-D on an empty line closes the prompt's readline, which pauses the input, and
        // Inquirer's prompt then waits for ever: the process ended with exit 0 where nothing
        // else kept it alive (no summary, no "Interrupted"). It ends the session as Ctrl-C
        // does; with text typed it deletes, and the input goes on.
        if (key?.ctrl === true && key.name === 'd') {
          setImmediate(() => {
            if (streams.input.isPaused()) again.abort()
          })
        }
        // Ctrl-Z: readline stops the process next. Nothing more is drawn until it is asked
        // again: a countdown's tick after `fg` would erase the shell's lines, not its own.
        if (key?.ctrl === true && key.name === 'z') {
          output.detach()
          setImmediate(afterStop)
        }
      }
      // Before the prompt's readline listens: this runs first.
      streams.input.on('keypress', onKey)
      try {
        const answer = await run({
          input: streams.input,
          output,
          signal: AbortSignal.any([streams.signal, again.signal]),
          clearPromptOnDone: true,
        })
        // A Ctrl-C read with the answer's key (one read: `l` then Ctrl-C at once, or on a
        // busy machine) came after the answer: the prompt, done, let it go, and the
        // terminal was still raw, so no SIGINT came either; the lab that `l` started ran
        // on to its deadline. The answer stands, and the Ctrl-C stops the session as SIGINT does.
        if (ctrlC) streams.interrupt?.()
        // So with a Ctrl-D read after the answer's key (`l` then Ctrl-D at once, or a paste): the
        // prompt's readline, the prompt done, closed at it and the key was lost. A Ctrl-D followed
        // by the answer's key (text, Ctrl-D, Enter) deleted, as on any line, and does not end it.
        else if (ctrlDLast) streams.inputEnded?.()
        return answer
      } catch (error) {
        if (!redrawn || streams.signal.aborted) throw error
        // After `fg` the shell has left the cursor at the start of an empty line; after a
        // SIGCONT with no shell between, it is still on the prompt's line, drawn over.
        streams.output.write('\r\u001b[2K')
      } finally {
        askAgain = undefined
        streams.input.off('keypress', onKey)
      }
    }
  }
  return { ask, close: () => process.off('SIGCONT', resume) }
}

/**
 * Run `work` (the labs the `l` key started) while no prompt reads the
 * terminal, reading it meanwhile: Ctrl-D was left in the terminal's buffer,
 * unread, and the lab ran on to its deadline where Ctrl-D at a prompt ends
 * the session. The terminal is cooked then (Ctrl-C is its SIGINT, which a
 * lab that holds the thread needs), so Ctrl-D on an empty line is the end
 * of the input: `ended` is called, to stop the session and the lab as
 * Ctrl-C does. A line typed meanwhile is read and dropped: it never reached
 * the next prompt before either (measured), and is no answer to one.
 */
export async function endingOnCtrlD<T>(
  input: Readable,
  ended: () => void,
  work: () => Promise<T>,
): Promise<T> {
  const onData = () => {}
  input.on('data', onData)
  input.once('end', ended)
  input.resume()
  try {
    return await work()
  } finally {
    input.off('data', onData)
    input.off('end', ended)
    input.pause()
  }
}

/**
 * Build the responder that asks a person at a terminal; `close` lets go of
 * the process's SIGCONT.
 */
export function createPromptResponder(
  streams: PromptStreams,
  color: boolean,
): Responder & { close(): void } {
  const { ask, close } = promptRunner(streams)
  const { dim } = createColors(color)
  return {
    close,
    async reveal(context: PromptContext) {
      const answer = await ask((run) =>
        keyPrompt(
          {
            message: dim(
              fitItems(
                ['Enter/Space reveal', ...hintsAt('reveal', context.canUndo)],
                context.width,
              ),
            ),
            keys: { enter: 'reveal', space: 'reveal', ...keysAt('reveal', context.canUndo) },
          },
          run,
        ),
      )
      return answer as 'reveal' | Command
    },
    async type(context: PromptContext) {
      // Cleared when done: the verdict line that follows shows what was typed, coloured by
      // the verdict (Inquirer's own green tick would call any answer right).
      const message = '  Your answer (Enter with nothing = I don’t know):'
      const text = await ask((run) =>
        input(
          {
            // Broken between words on a narrow terminal, which would cut it anywhere.
            message:
              context.width === undefined
                ? message
                : wrapLine(message, context.width - 1).join('\n'),
            theme: { prefix: '' },
          },
          run,
        ),
      )
      return { text }
    },
    async wait(context: WaitContext) {
      const answer = await ask((run) =>
        waitPrompt(
          {
            until: context.until.getTime(),
            keys: { enter: 'now', space: 'now', ...keysAt('wait', context.canUndo) },
            message: (left) => waitMessage(context, left, dim),
          },
          run,
        ),
      )
      return answer as 'due' | 'now' | Command
    },
    async grade(context: GradeContext) {
      return gradeAnswer(await ask((run) => keyPrompt(gradePrompt(context, color), run)))
    },
  }
}
