/**
 * The responder for a terminal that cannot move its cursor (`TERM=dumb`:
 * Emacs's shell, some IDE consoles): each prompt is written once, as plain
 * lines, and answered with a line (Enter alone for Enter). Inquirer's
 * prompts redraw and clear themselves with cursor movements, which such a
 * terminal prints as text. The terminal echoes what is typed; Ctrl-C is a
 * signal and Ctrl-D ends the input: either interrupts the session (exit
 * 130, every answer saved), as both keys do at the full-screen prompts.
 * Ctrl-Z stops the process (the terminal's signal); after `fg` the prompt
 * being answered is written again below the shell's lines.
 */
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { createColors } from '../terminal/colors.js'
import { wrapLine } from '../terminal/wrap.js'
import { count } from '../text/count.js'
import { fitItems, gradeAnswer, gradePrompt, hintsAt, keysAt, waitKeys } from './prompt-keys.js'
import {
  type Command,
  type GradeContext,
  InterruptedError,
  type Responder,
  type WaitContext,
} from './review.js'
import { formatInterval } from './scheduler.js'
import { sleepUntil } from './wall-clock-sleep.js'

export interface LineStreams {
  input: Readable
  output: Writable
  signal: AbortSignal
}

/** Build the responder that reads a line per answer; `close` lets go of the input. */
export function createLineResponder(
  streams: LineStreams,
  color: boolean,
): Responder & {
  close(): void
  /**
   * Run `work` (the labs the `l` key started), no prompt asking: the end of
   * the input meanwhile (Ctrl-D), no line typed ahead left, calls `ended`, to
   * stop the session and the lab as Ctrl-C does. It was seen, but only the
   * next prompt heard of it: the lab ran on to its deadline first (and once
   * more with three times as long).
   */
  whileNoPrompt<T>(work: () => Promise<T>, ended: () => void): Promise<T>
} {
  const { dim } = createColors(color)
  const lines = lineReader(streams)
  // The prompt waiting for its line. The terminal stops the process at Ctrl-Z and
  // drops the unfinished line; after `fg` the prompt is above the shell's
  // `[1]+ Stopped` and `fg` lines, and nothing would say what to type.
  let pending: string | undefined
  const resume = () => {
    if (pending !== undefined) streams.output.write(pending)
  }
  process.on('SIGCONT', resume)
  /** Write `prompt` and read the line that answers it. */
  const read = async (prompt: string) => {
    // Ended meanwhile (Ctrl-D or Ctrl-C while the `l` key's labs ran): a prompt written now
    // would be one nobody can answer, above the closing lines.
    if (streams.signal.aborted) throw new InterruptedError()
    pending = prompt
    streams.output.write(prompt)
    try {
      return await lines.next()
    } catch (error) {
      // Ctrl-D echoes no newline: what comes next (a warning, the summary)
      // would be read as part of the prompt's line, "> warning …".
      if (error instanceof InterruptedError) streams.output.write('\n')
      throw error
    } finally {
      pending = undefined
    }
  }
  /** Write `message`, then read lines until one is a key of `keys` (`enter` for an empty line). */
  const ask = async (message: string, keys: Readonly<Record<string, string>>) => {
    let prompt = `${message}\n  > `
    for (;;) {
      const line = (await read(prompt)).trim().toLowerCase()
      const value = keys[line === '' ? 'enter' : line]
      if (value !== undefined) return value
      const known = Object.keys(keys).map((key) => (key === 'enter' ? 'Enter' : key))
      prompt = `  type one of ${known.join(', ')}, then Enter\n  > `
    }
  }
  return {
    close: () => {
      process.off('SIGCONT', resume)
      lines.close()
    },
    async whileNoPrompt(work, ended) {
      const stop = lines.onInputEnd(ended)
      try {
        return await work()
      } finally {
        stop()
      }
    },
    async reveal(context) {
      const hints = hintsAt('reveal', context.canUndo)
      const message = dim(fitItems(['Enter reveal', ...hints], context.width))
      return (await ask(message, { enter: 'reveal', ...keysAt('reveal', context.canUndo) })) as
        | 'reveal'
        | Command
    },
    async type(context) {
      // Wrapped at words, as the full-screen prompt is: the terminal broke it inside a word.
      const message = '  Your answer (Enter with nothing = I don’t know):'
      const lines = context.width === undefined ? [message] : wrapLine(message, context.width)
      return { text: await read(`${lines.join('\n')}\n  > `) }
    },
    async grade(context: GradeContext) {
      const { keys, message } = gradePrompt(context, color)
      return gradeAnswer(await ask(message, keys))
    },
    async wait(context: WaitContext) {
      const left = formatInterval(Math.max(0, context.until.getTime() - Date.now()))
      const message = `  ${count(context.waiting, 'card')} ${context.waiting === 1 ? 'waits' : 'wait'} for a step; the next in ${left}\n${dim(waitKeys(context))}`
      const keys = { enter: 'now', ...keysAt('wait', context.canUndo) }
      const timer = new AbortController()
      // By the wall clock, looked at four times a second, as the full-screen countdown does.
      const due = sleepUntil(context.until.getTime(), timer.signal, 250).then(() => 'due' as const)
      try {
        const answer = await Promise.race([ask(message, keys), due])
        if (answer === 'due') {
          // The line not typed goes to the next prompt, which starts on a line of its own.
          lines.abandon()
          pending = undefined
          streams.output.write('\n')
        }
        return answer as 'due' | 'now' | Command
      } finally {
        timer.abort()
      }
    },
  }
}

/**
 * Lines from `input`, one per `next()`; a line typed while none was asked
 * for waits for the next ask. The end of the input (Ctrl-D: a person left,
 * not a script that ran out of answers) and the signal reject with
 * `InterruptedError`. Text typed without its Enter before Ctrl-D is no
 * answer: readline hands it on as a last line, which is dropped.
 */
function lineReader(streams: LineStreams): {
  next(): Promise<string>
  /** Withdraw the reads asked for: the next line goes to the next `next()`. */
  abandon(): void
  /**
   * Call `ended` once the input ends with no line left for a prompt (at once if it
   * has); the function returned stops that.
   */
  onInputEnd(ended: () => void): () => void
  close(): void
} {
  let inputEnded = false
  // Before readline's own listener, which hands on the unfinished line at the end.
  streams.input.once('end', () => {
    inputEnded = true
  })
  const reader = createInterface({ input: streams.input, terminal: false })
  const queued: string[] = []
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = []
  let ended: Error | undefined
  const end = (error: Error) => {
    ended ??= error
    for (const waiter of waiting.splice(0)) waiter.reject(ended)
    reader.close()
  }
  reader.on('line', (line) => {
    if (inputEnded) return
    const waiter = waiting.shift()
    if (waiter) waiter.resolve(line)
    else queued.push(line)
  })
  const onEnd = new Set<() => void>()
  reader.on('close', () => {
    end(new InterruptedError())
    // Lines typed ahead answer the prompts first (a script fed through a terminal,
    // `ENOENT`, `l`, `q`, then its end): the end then comes at the prompt after them.
    if (inputEnded && queued.length === 0) for (const ended of onEnd) ended()
  })
  if (streams.signal.aborted) end(new InterruptedError())
  else streams.signal.addEventListener('abort', () => end(new InterruptedError()), { once: true })
  return {
    close: () => reader.close(),
    abandon: () => {
      waiting.length = 0
    },
    onInputEnd(ended) {
      if (inputEnded && queued.length === 0) ended()
      onEnd.add(ended)
      return () => onEnd.delete(ended)
    },
    next() {
      const line = queued.shift()
      if (line !== undefined) return Promise.resolve(line)
      if (ended) return Promise.reject(ended)
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
    },
  }
}
