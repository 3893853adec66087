/**
 * The scripted responder (`decklab quiz --answers FILE|-`): one line per
 * card, a grade (`again|hard|good|easy` or `1`–`4`) for self-graded cards
 * and the typed text for typed and cloze cards, which are graded by the
 * answer check. It echoes what it read so the transcript reads like a
 * session at a terminal.
 */
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { DecklabError } from '../errors.js'
import { terminalLine } from '../terminal/safe-text.js'
import { count } from '../text/count.js'
import { gradeButtons, InputEndedError, InterruptedError, type Responder } from './review.js'
import { formatInterval, parseGrade } from './scheduler.js'
import { sleepUntil } from './wall-clock-sleep.js'

/**
 * A line of `--answers` that is no answer for its card (a grade that is not
 * a grade), at its `source:line`: a mistake in the file, not in the command
 * line, so `bad-answer` (exit 2) without the usage line.
 */
export class BadAnswerError extends DecklabError {
  constructor(message: string) {
    super('bad-answer', message)
    this.name = 'BadAnswerError'
  }
}

/** Pulls lines one at a time, so answers fed slowly through a pipe are read as they come. */
export interface LineSource {
  /** The next line, or undefined at the end. */
  next(): Promise<string | undefined>
  /** 1-based number of the line last returned. */
  lineNumber(): number
  close(): void
}

/** Lines from a stream (a file or standard input). */
export function streamLines(stream: Readable): LineSource {
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })
  const iterator = reader[Symbol.asyncIterator]()
  let count = 0
  return {
    async next() {
      const result = await iterator.next()
      if (result.done) return undefined
      count += 1
      return result.value
    },
    lineNumber: () => count,
    close: () => reader.close(),
  }
}

/** The clock a scripted session waits by; tests inject one that jumps. */
export interface ScriptClock {
  now(): Date
  /** Resolve after `ms` milliseconds, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal | undefined): Promise<void>
}

/** The wall clock; a sleep looks at it at least once a second (see wall-clock-sleep.ts). */
export const wallClock: ScriptClock = {
  now: () => new Date(),
  sleep: (ms, signal) => sleepUntil(Date.now() + ms, signal, 1000),
}

/** How long a wait first listens for the end of the answers before it says it waits. */
const endOfInputGraceMs = 100

/**
 * Build the responder that reads answers from `lines`, echoing them to `out`.
 * When the session waits for a learning step, it waits on `clock` (a learning
 * card due within the learn-ahead limit never waits).
 */
export function createScriptedResponder(
  lines: LineSource,
  out: Writable,
  color: boolean,
  source: string,
  signal?: AbortSignal | undefined,
  clock: ScriptClock = wallClock,
): Responder {
  // SIGINT/SIGTERM abort the signal: stop waiting for a line that may never come.
  const interrupted = new Promise<never>((_, reject) => {
    if (!signal) return
    const stop = () => reject(new InterruptedError())
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
  interrupted.catch(() => {})
  /** The next line, asked for while waiting for a learning step and not yet answered with. */
  let pending: Promise<string | undefined> | undefined
  const read = async () => {
    const next = pending ?? lines.next()
    pending = undefined
    const line = await Promise.race([next, interrupted])
    if (line === undefined) throw new InputEndedError()
    return line
  }
  return {
    async reveal() {
      return 'reveal'
    },
    async type() {
      const text = await read()
      out.write(`  your answer: ${terminalLine(text)}\n`)
      return { text }
    },
    async grade(context) {
      out.write(`  ${gradeButtons(context.outcomes, context.proposed, color)}\n`)
      if (context.mode === 'typed') return context.proposed
      const line = await read()
      const grade = parseGrade(line)
      if (grade === undefined) {
        throw new BadAnswerError(
          `${source}:${lines.lineNumber()}: expected a grade (again, hard, good, easy or 1–4) for card ${context.position + 1}, got ${JSON.stringify(line)}`,
        )
      }
      out.write(`  grade: ${line.trim()}\n`)
      return grade
    },
    async wait(context) {
      // Answers that have run out end the session now, not after the wait: an input at its
      // end says so at once (a short grace, as the end of a pipe may come in its own read).
      pending ??= lines.next()
      const ended = pending.then((line) => line === undefined)
      if (await Promise.race([ended, delay(endOfInputGraceMs, false, { ref: false })])) {
        throw new InputEndedError()
      }
      const ms = Math.max(0, context.until.getTime() - clock.now().getTime())
      out.write(
        `  waiting ${formatInterval(ms)} for the next learning step (${count(context.waiting, 'card')} waiting)\n`,
      )
      const inputEnded = ended.then((yes) =>
        yes ? Promise.reject(new InputEndedError()) : new Promise<never>(() => {}),
      )
      inputEnded.catch(() => {})
      const sleeping = new AbortController()
      const stop = () => sleeping.abort()
      signal?.addEventListener('abort', stop, { once: true })
      try {
        await Promise.race([clock.sleep(ms, sleeping.signal), interrupted, inputEnded])
      } finally {
        // The timer must not keep the process alive once the session has ended.
        sleeping.abort()
        signal?.removeEventListener('abort', stop)
      }
      return 'due'
    },
  }
}
