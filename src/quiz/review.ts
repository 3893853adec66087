/**
 * The review loop shared by the interactive and the scripted quiz: show a
 * card, get an answer from a `Responder`, grade it with the scheduler and
 * save it before the next card is shown. Undo, source and labs are commands
 * the responder can return at any prompt.
 */
import type { Writable } from 'node:stream'
import { terminalLine } from '../cli/terminal-text.js'
import { type AnswerCheck, checkAnswer, formatDiff, normalizeAnswer } from './answer-check.js'
import { cardFace } from './card-face.js'
import {
  type CardLike,
  formatInterval,
  type Grade,
  type GradeOutcome,
  gradeLabels,
  Rating,
  type Scheduler,
} from './scheduler.js'
import type { QuizCard } from './session.js'
import type { Store } from './store.js'

/** What the user can ask for instead of answering. */
export type Command = 'quit' | 'undo' | 'source' | 'labs'

/** What a prompt is about: the card, its place in the session and (when grading) the outcomes. */
export interface PromptContext {
  card: QuizCard
  position: number
  total: number
  /** Whether there is a review in this session to take back. */
  canUndo: boolean
}

export interface GradeContext extends PromptContext {
  outcomes: readonly GradeOutcome[]
  /** The grade Enter picks: Good, or what a typed answer's check proposes. */
  proposed: Grade
  mode: 'self' | 'typed'
  check?: AnswerCheck | undefined
}

/** Where answers come from: Inquirer prompts, or lines of an answers file. */
export interface Responder {
  /** Self-graded card, front shown: reveal the back or run a command. */
  reveal(context: PromptContext): Promise<'reveal' | Command>
  /** Typed card: the text the user typed, or a command. */
  type(context: PromptContext): Promise<{ text: string } | { command: Command }>
  /** Back shown: the grade, or a command. */
  grade(context: GradeContext): Promise<Grade | Command>
}

/** One saved answer. */
export interface ReviewedCard {
  key: string
  grade: Grade
  typed?: string | undefined
  correct?: boolean | undefined
  due: Date
  intervalMs: number
}

export interface ReviewSessionOptions {
  /** The cards known at the start (possibly only the first one). */
  cards: readonly QuizCard[]
  /**
   * The rest of the session, asked for once when the known cards run out
   * (the whole vault loads while the first card is on screen). Cards already
   * in the session are dropped from what it returns.
   */
  more?: (() => Promise<readonly QuizCard[]>) | undefined
  store: Store
  scheduler: Scheduler
  responder: Responder
  /** Where the transcript goes (stdout, or stderr with `--json`). */
  out: Writable
  color: boolean
  /** Runs the card's linked labs and returns the text to show. */
  runLabs?: ((card: QuizCard) => Promise<string>) | undefined
}

export type SessionEnd = 'done' | 'quit' | 'interrupted' | 'input-ended'

export interface SessionResult {
  reviewed: ReviewedCard[]
  end: SessionEnd
  startedAt: Date
  endedAt: Date
}

/** The session was interrupted (SIGINT/SIGTERM while waiting for an answer). */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted')
    this.name = 'InterruptedError'
  }
}

/** The responder ran out of input (scripted mode at end of file). */
export class InputEndedError extends Error {
  constructor() {
    super('the answers ended')
    this.name = 'InputEndedError'
  }
}

/** Run a session over the planned cards; every answer is saved before the next card. */
export async function runReviewSession(options: ReviewSessionOptions): Promise<SessionResult> {
  const { store, scheduler, responder, out, color } = options
  const cards = [...options.cards]
  let more = options.more
  /** Whether the list is final (so `card 3/20` can show the total). */
  const complete = () => more === undefined
  const style = styles(color)
  const write = (text = '') => out.write(`${text}\n`)
  const startedAt = scheduler.now()
  const reviewed: ReviewedCard[] = []
  const history: number[] = []
  let index = 0
  let end: SessionEnd = 'done'

  /** Undo the last review; returns the card position to go back to, or undefined. */
  const undo = (): number | undefined => {
    const record = store.undo(scheduler.now())
    const position = history.pop()
    if (!record || position === undefined) {
      write(style.dim('  nothing to undo in this session'))
      return undefined
    }
    reviewed.pop()
    write(style.yellow(`  ↶ undone: card ${position + 1} is back as it was`))
    return position
  }
  const showSource = (card: QuizCard) => {
    const source = card.note.source
    write(style.dim(`  source: ${terminalLine(source.file)}:${source.line}`))
  }
  const showLabs = async (card: QuizCard) => {
    if (card.note.labs.length === 0) write(style.dim('  this card links no lab'))
    else if (!options.runLabs) write(style.dim('  labs are not available here'))
    else write(await options.runLabs(card))
  }

  try {
    session: for (;;) {
      if (index >= cards.length) {
        if (!more) break
        const fetch = more
        more = undefined
        const known = new Set(cards.map((card) => card.key))
        cards.push(...(await fetch()).filter((card) => !known.has(card.key)))
        continue
      }
      const card = cards[index]!
      const context = (): PromptContext => ({
        card,
        position: index,
        total: cards.length,
        canUndo: history.length > 0,
      })
      const face = cardFace(card.note, card.ord, color)
      const stored = store.lookup(card)
      write()
      write(
        cardHeader(card, index, complete() ? cards.length : undefined, stored === undefined, style),
      )
      write(indent(face.front))

      let check: AnswerCheck | undefined
      if (face.mode === 'self') {
        for (;;) {
          const action = await responder.reveal(context())
          if (action === 'reveal') break
          if (action === 'quit') {
            end = 'quit'
            break session
          }
          if (action === 'source') showSource(card)
          if (action === 'labs') write(style.dim('  reveal the answer first (Enter), then `l`'))
          if (action === 'undo') {
            const position = undo()
            if (position !== undefined) {
              index = position
              continue session
            }
          }
        }
      } else {
        for (;;) {
          const answer = await responder.type(context())
          if ('text' in answer) {
            check = checkAnswer(answer.text, face.expected ?? '')
            break
          }
          if (answer.command === 'quit') {
            end = 'quit'
            break session
          }
          if (answer.command === 'source') showSource(card)
          if (answer.command === 'undo') {
            const position = undo()
            if (position !== undefined) {
              index = position
              continue session
            }
          }
        }
        // A character diff helps with a typo; for a different answer it is noise.
        const shared = check.diff
          .filter((part) => part.kind === 'same')
          .reduce((total, part) => total + part.text.length, 0)
        const close = shared * 2 >= Math.max(1, normalizeAnswer(check.expected).length)
        write(
          check.correct
            ? style.green(`  ✓ correct: ${terminalLine(check.typed.trim())}`)
            : `  ${style.red('✗ not quite:')} ${close ? formatDiff(check.diff, color) : terminalLine(check.typed.trim()) || '(nothing)'}`,
        )
        if (!check.correct) write(`  ${style.dim('expected:')} ${face.expected ?? ''}`)
      }
      write(style.dim('  ── answer ──'))
      write(indent(face.back))

      const current: CardLike = stored ?? scheduler.newCard()
      const outcomes = scheduler.preview(current)
      const proposed: Grade = check && !check.correct ? Rating.Again : Rating.Good
      let grade: Grade
      for (;;) {
        const choice = await responder.grade({
          ...context(),
          outcomes,
          proposed,
          mode: face.mode,
          check,
        })
        if (typeof choice === 'number') {
          grade = choice
          break
        }
        if (choice === 'quit') {
          end = 'quit'
          break session
        }
        if (choice === 'source') showSource(card)
        if (choice === 'labs') await showLabs(card)
        if (choice === 'undo') {
          const position = undo()
          if (position !== undefined) {
            index = position
            continue session
          }
        }
      }
      const outcome = scheduler.answer(current, grade)
      store.record({
        key: card.key,
        grade,
        card: outcome.card,
        log: outcome.log,
        time: scheduler.now(),
        note:
          card.note.id === null
            ? undefined
            : { id: card.note.id, file: card.note.source.absolutePath },
      })
      write(
        `  → ${gradeLabels[grade]} · next in ${formatInterval(outcome.intervalMs)} (${formatDue(outcome.card.due)}) · saved`,
      )
      reviewed.push({
        key: card.key,
        grade,
        typed: check?.typed,
        correct: check?.correct,
        due: outcome.card.due,
        intervalMs: outcome.intervalMs,
      })
      history.push(index)
      index += 1
    }
  } catch (error) {
    if (error instanceof InputEndedError) end = 'input-ended'
    else if (error instanceof InterruptedError || isPromptExit(error)) end = 'interrupted'
    else throw error
  }
  return { reviewed, end, startedAt, endedAt: scheduler.now() }
}

/** The buttons line: `1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 8d`, the proposed one marked. */
export function gradeButtons(
  outcomes: readonly GradeOutcome[],
  proposed: Grade,
  color: boolean,
): string {
  const style = styles(color)
  return outcomes
    .map((outcome) => {
      const label = `${outcome.grade} ${gradeLabels[outcome.grade]} ${formatInterval(outcome.intervalMs)}`
      return outcome.grade === proposed ? style.bold(`[${label}]`) : label
    })
    .join(' · ')
}

/** `2026-01-03 10:10` in local time. */
export function formatDue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

function cardHeader(
  card: QuizCard,
  index: number,
  total: number | undefined,
  isNew: boolean,
  style: ReturnType<typeof styles>,
): string {
  const kind = isNew ? 'new' : 'review'
  const position = total === undefined ? `${index + 1}` : `${index + 1}/${total}`
  return style.cyan(`── card ${position} · ${terminalLine(card.note.deck)} · ${kind} ──`)
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ')
}

function isPromptExit(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')
  )
}

function styles(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  }
}
