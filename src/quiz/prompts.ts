/**
 * The interactive responder: Inquirer prompts on injected streams. Single
 * keys (reveal, grades, commands) use a tiny `@inquirer/core` prompt; typed
 * answers use `@inquirer/prompts`' `input`. Ctrl-C rejects with Inquirer's
 * `ExitPromptError`, which ends the session keeping every saved answer.
 */
import { type Readable, Writable } from 'node:stream'
import { createPrompt, isEnterKey, isSpaceKey, useKeypress } from '@inquirer/core'
import { input } from '@inquirer/prompts'
import type { Command, GradeContext, PromptContext, Responder } from './review.js'
import { gradeButtons } from './review.js'
import { type Grade, gradeLabels, grades } from './scheduler.js'

/** The streams and abort signal every prompt gets as its Inquirer context. */
export interface PromptStreams {
  input: Readable
  output: Writable
  signal: AbortSignal
}

interface KeyPromptConfig {
  message: string
  /** Key name (`1`, `q`, `enter`, `space`) → the value the prompt resolves with. */
  keys: Readonly<Record<string, string>>
}

/** A prompt that resolves on the first key it knows; other keys are ignored. */
export const keyPrompt = createPrompt<string, KeyPromptConfig>((config, done) => {
  useKeypress((key) => {
    const name = isEnterKey(key) ? 'enter' : isSpaceKey(key) ? 'space' : key.name
    if (key.ctrl) return
    const value = config.keys[name]
    if (value !== undefined) done(value)
  })
  return config.message
})

/**
 * A fresh stream per prompt that forwards to `output`. Inquirer ends the
 * stream it is given when a prompt is done (Node spares only the real
 * process.stdout), so the session's own output must never be handed over.
 */
function forwardingOutput(output: Writable): Writable {
  const target = output as Writable & { columns?: number; rows?: number; isTTY?: boolean }
  const forward = new Writable({
    write(chunk, encoding, callback) {
      // Hand on at once: waiting for the target's callback would queue the
      // prompt's last lines behind the session's own (later) writes.
      target.write(chunk, encoding)
      callback()
    },
  })
  Object.defineProperties(forward, {
    columns: { get: () => target.columns },
    rows: { get: () => target.rows },
    isTTY: { get: () => target.isTTY },
  })
  return forward
}

/** Build the responder that asks a person at a terminal. */
export function createPromptResponder(streams: PromptStreams, color: boolean): Responder {
  const prompt = (clearPromptOnDone: boolean) => ({
    input: streams.input,
    output: forwardingOutput(streams.output),
    signal: streams.signal,
    clearPromptOnDone,
  })
  const dim = (text: string) => (color ? `\u001b[2m${text}\u001b[22m` : text)
  const commandKeys = (canUndo: boolean): Record<string, string> => ({
    s: 'source',
    q: 'quit',
    ...(canUndo ? { u: 'undo' } : {}),
  })
  return {
    async reveal(context: PromptContext) {
      const answer = await keyPrompt(
        {
          message: dim(
            `  Enter/Space reveal · s source${context.canUndo ? ' · u undo' : ''} · q quit`,
          ),
          keys: { enter: 'reveal', space: 'reveal', ...commandKeys(context.canUndo) },
        },
        prompt(true),
      )
      return answer as 'reveal' | Command
    },
    async type() {
      const text = await input(
        { message: 'Your answer (Enter with nothing = I don’t know):' },
        prompt(false),
      )
      return { text }
    },
    async grade(context: GradeContext) {
      const keys: Record<string, string> = {
        enter: String(context.proposed),
        ...commandKeys(context.canUndo),
        l: 'labs',
      }
      for (const grade of grades) keys[String(grade)] = String(grade)
      const commands = [
        context.card.note.labs.length > 0 ? 'l labs' : undefined,
        's source',
        context.canUndo ? 'u undo' : undefined,
        'q quit',
      ].filter((item) => item !== undefined)
      const answer = await keyPrompt(
        {
          message: `  ${gradeButtons(context.outcomes, context.proposed, color)}\n  ${dim(
            `1–4 grade · Enter ${gradeLabels[context.proposed]} · ${commands.join(' · ')}`,
          )}`,
          keys,
        },
        prompt(true),
      )
      const number = Number(answer)
      return Number.isInteger(number) ? (number as Grade) : (answer as Command)
    },
  }
}
