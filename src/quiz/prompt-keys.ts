/**
 * What the quiz's prompts ask, apart from how they read a key: the command
 * keys each prompt takes, their hints, and lines fitted to the terminal's
 * width. Shared by the Inquirer prompts and the line prompts of a terminal
 * that cannot move its cursor (`TERM=dumb`).
 */

import { createColors } from '../terminal/colors.js'
import { cutLine, visibleWidth, wrapLine } from '../terminal/wrap.js'
import { count } from '../text/count.js'
import { formatLocalTime } from '../text/local-time.js'
import { type Command, type GradeContext, gradeButtonItems, type WaitContext } from './review.js'
import { type Grade, gradeLabels, grades } from './scheduler.js'

/**
 * Join `items` with ` · ` into lines no wider than `width` (each indented by
 * two spaces), breaking only between items: the terminal (or Inquirer) would
 * break a longer line mid-word. An item wider than a line on its own is cut
 * with `…`.
 */
export function fitItems(items: readonly string[], width: number | undefined): string {
  const lines: string[] = []
  let line = ''
  for (const whole of items) {
    const item = width === undefined ? whole : cutLine(whole, Math.max(1, width - 2), '…')
    const candidate = line === '' ? item : `${line} · ${item}`
    if (line !== '' && width !== undefined && visibleWidth(candidate) + 2 > width) {
      lines.push(line)
      line = item
    } else line = candidate
  }
  lines.push(line)
  return lines.map((text) => `  ${text}`).join('\n')
}

/** The wait prompt: when the next step is due, and its keys, fitted into the terminal's width. */
export function waitMessage(
  context: WaitContext,
  left: string,
  dim: (text: string) => string,
): string {
  const due = `  ${count(context.waiting, 'card')} ${context.waiting === 1 ? 'waits' : 'wait'} for a step; next at ${formatLocalTime(context.until, 'minute').slice(11)} (in ${left})`
  const lines = context.width === undefined ? [due] : wrapLine(due, context.width)
  return `${lines.join('\n')}\n${dim(waitKeys(context))}`
}

/** The wait prompt's keys line, fitted into the terminal's width. */
export function waitKeys(context: WaitContext): string {
  return fitItems(['Enter shows it now', ...hintsAt('wait', context.canUndo)], context.width)
}

/** The prompts that take command keys. */
export type KeyedPrompt = 'reveal' | 'grade' | 'wait'

/** The one key → command table, in the order the hints list them. */
const commandKeys: readonly {
  key: string
  command: Command
  hint: string
  prompts: readonly KeyedPrompt[]
}[] = [
  { key: 'l', command: 'labs', hint: 'l labs', prompts: ['grade'] },
  { key: 'e', command: 'edit', hint: 'e edit', prompts: ['reveal', 'grade'] },
  { key: 's', command: 'source', hint: 's source', prompts: ['reveal', 'grade'] },
  { key: 'u', command: 'undo', hint: 'u undo', prompts: ['reveal', 'grade', 'wait'] },
  { key: 'q', command: 'quit', hint: 'q quit', prompts: ['reveal', 'grade', 'wait'] },
]

/** The commands a prompt takes: undo only when there is an answer to take back. */
function commandsAt(prompt: KeyedPrompt, canUndo: boolean) {
  return commandKeys.filter(
    (entry) => entry.prompts.includes(prompt) && (canUndo || entry.command !== 'undo'),
  )
}

/** Key name → command, for a prompt's `keys`. */
export function keysAt(prompt: KeyedPrompt, canUndo: boolean): Record<string, string> {
  return Object.fromEntries(commandsAt(prompt, canUndo).map((entry) => [entry.key, entry.command]))
}

/** The hints of a prompt's commands; `l labs` only for a card that links labs (the key works anyway). */
export function hintsAt(prompt: KeyedPrompt, canUndo: boolean, hasLabs = false): string[] {
  return commandsAt(prompt, canUndo)
    .filter((entry) => hasLabs || entry.command !== 'labs')
    .map((entry) => entry.hint)
}

/**
 * The grade prompt: its keys (1–4, Enter for the proposed grade, the
 * commands) and its message (the buttons, then the hints), fitted to the width.
 */
export function gradePrompt(
  context: GradeContext,
  color: boolean,
): { keys: Record<string, string>; message: string } {
  const keys: Record<string, string> = {
    enter: String(context.proposed),
    ...keysAt('grade', context.canUndo),
  }
  for (const grade of grades) keys[String(grade)] = String(grade)
  const commands = [
    '1–4 grade',
    `Enter ${gradeLabels[context.proposed]}`,
    ...hintsAt('grade', context.canUndo, context.card.note.labs.length > 0),
  ]
  const buttons = fitItems(
    gradeButtonItems(context.outcomes, context.proposed, color),
    context.width,
  )
  const { dim } = createColors(color)
  return { keys, message: `${buttons}\n${dim(fitItems(commands, context.width))}` }
}

/** What a grade prompt's key stands for: a grade, or a command. */
export function gradeAnswer(value: string): Grade | Command {
  const number = Number(value)
  return Number.isInteger(number) ? (number as Grade) : (value as Command)
}
