/**
 * The review loop shared by the interactive and the scripted quiz: show a
 * card, get an answer from a `Responder`, grade it with the scheduler and
 * save it before the next card is shown. Cards given an FSRS (re)learning
 * step come back in the same session (see queue.ts). Undo,
 * source, edit and labs are commands the responder can return at any prompt.
 */
import type { Writable } from 'node:stream'
import { firstFieldKey } from '../model/first-field-key.js'
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'
import { writtenTypeName } from '../model/translated-note.js'
import { isAsciiStream } from '../terminal/ascii-output.js'
import { type Colors, createColors } from '../terminal/colors.js'
import { isPromptExit } from '../terminal/prompt-exit.js'
import { terminalLine, terminalPath } from '../terminal/safe-text.js'
import { cutLine, keepEnd, visibleWidth, wrapLine } from '../terminal/wrap.js'
import { formatLocalTime } from '../text/local-time.js'
import { programName } from '../text/program-name.js'
import { type AnswerCheck, checkAnswer, formatDiff, normalizeAnswer } from './answer-check.js'
import { cardFace } from './card-face.js'
import type { NoteLocation } from './cards-file.js'
import {
  afterAnswer,
  createQueue,
  defaultLearnAheadMs,
  type NextStep,
  nextStep,
  type QueueState,
  remaining,
  replaceCard,
} from './queue.js'
import type { QuizCard } from './quiz-card.js'
import { quizDayStart } from './quiz-day.js'
import {
  type CardLike,
  formatInterval,
  type Grade,
  type GradeOutcome,
  gradeLabels,
  Rating,
  type Scheduler,
  State,
} from './scheduler.js'
import type { Store } from './store.js'

/** What the user can ask for instead of answering. */
export type Command = 'quit' | 'undo' | 'source' | 'labs' | 'edit'

/** What a prompt is about: the card, its place in the session and (when grading) the outcomes. */
export interface PromptContext {
  card: QuizCard
  /** 0-based: how many answers this session has kept before this card. */
  position: number
  /** Cards in the session: answered, this one, and those still to come (steps included). */
  total: number
  /** Whether there is a review in this session to take back. */
  canUndo: boolean
  /** The terminal's width, when known: prompts fit into it. */
  width?: number | undefined
}

export interface GradeContext extends PromptContext {
  outcomes: readonly GradeOutcome[]
  /** The grade Enter picks: Good, or what a typed answer's check proposes. */
  proposed: Grade
  mode: 'self' | 'typed'
  check?: AnswerCheck | undefined
}

/** Nothing is due yet: the session waits for a learning card's next step. */
export interface WaitContext {
  /** The card that comes next, and when it is due. */
  card: QuizCard
  until: Date
  /** Cards waiting for a step. */
  waiting: number
  canUndo: boolean
  /** The terminal's width, when known: the prompt fits into it. */
  width?: number | undefined
}

/** Where answers come from: Inquirer prompts, or lines of an answers file. */
export interface Responder {
  /** Self-graded card, front shown: reveal the back or run a command. */
  reveal(context: PromptContext): Promise<'reveal' | Command>
  /** Typed card: the text the user typed, or a command. */
  type(context: PromptContext): Promise<{ text: string } | { command: Command }>
  /** Back shown: the grade, or a command. */
  grade(context: GradeContext): Promise<Grade | Command>
  /** Wait until the next step is due (`due`), show it early (`now`), or a command. */
  wait(context: WaitContext): Promise<'due' | 'now' | Command>
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
  /** The planned cards: due reviews, then new cards. */
  cards: readonly QuizCard[]
  store: Store
  scheduler: Scheduler
  responder: Responder
  /** Where the transcript goes (stdout, or stderr with `--json`). */
  out: Writable
  color: boolean
  /** When nothing else is due, a learning card due within this many ms is shown at once (default 20 min). */
  learnAheadMs?: number | undefined
  /** The terminal's width: text wraps to it (undefined: no wrapping). */
  width?: number | undefined
  /** Runs the card's linked labs (saying each as it starts through `progress`) and returns the text to show. */
  runLabs?: ((card: QuizCard, progress: (line: string) => void) => Promise<string>) | undefined
  /**
   * Opens the card's source in the user's editor, then returns the card as
   * reloaded from its file (undefined: it is gone), or a message to show.
   */
  editCard?: ((card: QuizCard) => Promise<QuizCard | undefined | string>) | undefined
}

export type SessionEnd = 'done' | 'quit' | 'interrupted' | 'input-ended' | 'failed'

export interface SessionResult {
  reviewed: ReviewedCard[]
  end: SessionEnd
  /**
   * With `failed`: what stopped the session (an answer that could not be
   * saved, say). The caller shows the summary of the answers saved before
   * it, then throws it.
   */
  failure?: unknown
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

/** What the loop does after a command: stay at the prompt, show the next step again, or end. */
type CommandResult = 'stay' | 'restart' | 'quit'

/** Runs one command for the card on screen (`answerShown`: the back is visible). */
type CommandHandler = (card: QuizCard, answerShown: boolean) => Promise<CommandResult>

/** Thrown out of a card's prompts by a command that leaves the card: the loop catches it. */
class LeaveCard {
  constructor(readonly to: 'restart' | 'quit') {}
}

/** What the session's steps share: the queue, the queue before each kept answer (for undo), the answers. */
interface SessionState {
  queue: QueueState
  history: QueueState[]
  reviewed: ReviewedCard[]
}

/** Writes a line of the transcript, and the transcript's colours. */
interface Transcript {
  write: (text?: string) => void
  style: Colors
}

/** Run a session over the planned cards; every answer is saved before the next card. */
export async function runReviewSession(options: ReviewSessionOptions): Promise<SessionResult> {
  const { scheduler, responder, out, color } = options
  const learnAheadMs = options.learnAheadMs ?? defaultLearnAheadMs
  const transcript: Transcript = {
    write: (text = '') => out.write(`${text}\n`),
    style: createColors(color),
  }
  const startedAt = scheduler.now()
  const state: SessionState = { queue: createQueue(options.cards), history: [], reviewed: [] }
  const commands = commandHandlers(options, state, transcript)
  let end: SessionEnd = 'done'
  let failure: unknown

  try {
    for (;;) {
      try {
        let step: NextStep = nextStep(state.queue, scheduler.now().getTime(), learnAheadMs)
        if (step.kind === 'done') break
        if (step.kind === 'wait') {
          const action = await responder.wait({
            card: step.card,
            until: new Date(step.until),
            waiting: state.queue.learning.length,
            canUndo: state.history.length > 0,
            width: options.width,
          })
          if (action === 'due') continue
          if (action !== 'now') {
            // After a command the next step is worked out again: time has passed.
            const result = await commands[action](step.card, false)
            throw new LeaveCard(result === 'quit' ? 'quit' : 'restart')
          }
          step = { kind: 'show', card: step.card, from: 'learning' }
        }
        await reviewCard(options, state, step, transcript, commands)
      } catch (leave) {
        if (!(leave instanceof LeaveCard)) throw leave
        if (leave.to === 'quit') {
          end = 'quit'
          break
        }
      }
    }
  } catch (error) {
    if (error instanceof InputEndedError) end = 'input-ended'
    else if (error instanceof InterruptedError || isPromptExit(error)) end = 'interrupted'
    else {
      end = 'failed'
      failure = error
    }
  }
  return {
    reviewed: state.reviewed,
    end,
    ...(end === 'failed' ? { failure } : {}),
    startedAt,
    endedAt: scheduler.now(),
  }
}

/** One handler per command the responder can return at a prompt; labs only once the answer is shown. */
function commandHandlers(
  options: ReviewSessionOptions,
  state: SessionState,
  { write, style }: Transcript,
): Record<Command, CommandHandler> {
  // Wrapped between words, as the card's text is: the terminal would cut a long line mid-word.
  const say = (text: string) => write(wrapText(text, options.width))
  return {
    quit: async () => 'quit',
    source: async (card) => {
      say(style.dim(`  source: ${terminalPath(card.note.source.file)}:${card.note.source.line}`))
      return 'stay'
    },
    labs: async (card, answerShown) => {
      if (!answerShown) say(style.dim('  reveal the answer first (Enter), then `l`'))
      else if (card.note.labs.length === 0) say(style.dim(`  ${noLabLine(card.note)}`))
      else if (!options.runLabs) say(style.dim('  labs are not available here'))
      else say(await options.runLabs(card, (line) => say(style.dim(line))))
      return 'stay'
    },
    undo: async () => {
      const record = options.store.undo(options.scheduler.now())
      const previous = state.history.pop()
      if (!record || previous === undefined) {
        say(style.dim('  nothing to undo in this session'))
        return 'stay'
      }
      state.reviewed.pop()
      state.queue = previous
      say(style.yellow(`  ↶ undone: card ${state.reviewed.length + 1} is back as it was`))
      return 'restart'
    },
    edit: async (card) => {
      if (!options.editCard) {
        say(style.dim('  editing is not available here'))
        return 'stay'
      }
      const result = await options.editCard(card)
      if (typeof result === 'string') {
        say(style.yellow(`  ${result}`))
        return 'stay'
      }
      say(
        result === undefined
          ? style.yellow('  the card is no longer in its file; it leaves this session')
          : style.dim('  reloaded from the file'),
      )
      state.queue = replaceCard(state.queue, card, result)
      // An undo goes back to a queue from before the edit: it must hold the edited card too.
      state.history = state.history.map((queue) => replaceCard(queue, card, result))
      return 'restart'
    },
  }
}

/**
 * Show one card, take its answer and grade, and save them. A command that
 * leaves the card (quit, undo, a reloaded card) throws `LeaveCard`.
 */
async function reviewCard(
  options: ReviewSessionOptions,
  state: SessionState,
  step: Extract<NextStep, { kind: 'show' }>,
  { write, style }: Transcript,
  commands: Record<Command, CommandHandler>,
): Promise<void> {
  const { store, scheduler, responder, color, width } = options
  const { card, from } = step
  const total = state.reviewed.length + remaining(state.queue)
  const context = (): PromptContext => ({
    card,
    position: state.reviewed.length,
    total,
    canUndo: state.history.length > 0,
    width,
  })
  /** Ask until the reply is an answer; each command runs at once, at this prompt. */
  const ask = async <Reply, Answer>(
    question: () => Promise<Reply>,
    split: (reply: Reply) => { answer: Answer } | { command: Command },
    answerShown: boolean,
  ): Promise<Answer> => {
    for (;;) {
      const reply = split(await question())
      if ('answer' in reply) return reply.answer
      const result = await commands[reply.command](card, answerShown)
      if (result !== 'stay') throw new LeaveCard(result)
    }
  }

  const face = cardFace(card.note, card.ord, color, { indent: 2, width })
  const wrapped = (text: string) => wrapText(text, width)
  const stored = store.lookup(card)
  write()
  write(cardHeader(card, state.reviewed.length, total, stored, style, width))
  write(face.front)

  let check: AnswerCheck | undefined
  if (face.mode === 'self') {
    await ask(
      () => responder.reveal(context()),
      (action) => (action === 'reveal' ? { answer: action } : { command: action }),
      false,
    )
  } else {
    const typed = await ask(
      () => responder.type(context()),
      (reply) => ('text' in reply ? { answer: reply.text } : reply),
      false,
    )
    check = checkAnswer(typed, face.expected ?? '', { shownInAscii: isAsciiStream(options.out) })
    write(wrapped(verdictLine(check, color)))
    if (!check.correct) write(wrapped(`  ${style.dim('expected:')} ${face.expected ?? ''}`))
  }
  write(style.dim('  ── answer ──'))
  write(face.back)

  const current: CardLike = stored ?? scheduler.newCard()
  const outcomes = scheduler.preview(current)
  const proposed: Grade = check && !check.correct ? Rating.Again : Rating.Good
  const grade = await ask(
    () => responder.grade({ ...context(), outcomes, proposed, mode: face.mode, check }),
    (choice) => (typeof choice === 'number' ? { answer: choice } : { command: choice }),
    true,
  )
  const outcome = scheduler.answer(current, grade)
  const answeredAt = scheduler.now()
  store.record({
    key: card.key,
    grade,
    card: outcome.card,
    log: outcome.log,
    time: answeredAt,
    // Its content too: a note that loses its ID line is known by it (`Store.lostId`).
    note: noteLocation(card.note),
    // Progress found only by the content of a note that has its ID now: link the two.
    contentKey:
      stored !== undefined && card.note.id !== null && store.get(card.key) === undefined
        ? card.contentKey
        : undefined,
  })
  state.history.push(state.queue)
  const learningStep =
    outcome.card.state === State.Learning || outcome.card.state === State.Relearning
  state.queue = afterAnswer(state.queue, card, from, outcome.card.due.getTime(), learningStep)
  const comesBack = state.queue.learning.some((entry) => entry.card.key === card.key)
  // A step says so; a due date in days says when. A card in review is due all of its quiz
  // day (from 4 a.m.), as the quiz and stats take it: its day, not the clock time of its
  // due date (after midnight, that time is on the next calendar day).
  const when = comesBack
    ? ' · again this session'
    : outcome.card.state === State.Review
      ? ` (${formatLocalTime(quizDayStart(outcome.card.due, 0), 'day')})`
      : ` (${formatLocalTime(outcome.card.due, 'minute')})`
  write(
    wrapped(
      `  ${gradeStyle(grade, style)(`→ ${gradeLabels[grade]}`)} · next in ${formatInterval(outcome.intervalMs)}${when} · saved`,
    ),
  )
  state.reviewed.push({
    key: card.key,
    grade,
    typed: check?.typed,
    correct: check?.correct,
    due: outcome.card.due,
    intervalMs: outcome.intervalMs,
  })
}

/** Wrap each line between words, as the card's text is (the terminal would cut it mid-word). */
function wrapText(text: string, width: number | undefined): string {
  if (width === undefined) return text
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n')
}

/** What `l` says of a note that links no lab: a link it could not read, the author's reason, or just that. */
function noLabLine(note: QuizCard['note']): string {
  const malformed = note.malformedLabLinks ?? []
  if (malformed.length > 0) {
    const written = malformed
      .map((link) => `\`${terminalLine(link.text)}\` (line ${link.line})`)
      .join(', ')
    return `this card's lab link ${written} is malformed, so it links no lab (run \`${programName()} check\`)`
  }
  return note.noLabReason === undefined
    ? 'this card links no lab'
    : `no lab here can test this card: ${terminalLine(note.noLabReason)}`
}

/** A typed answer's result: green when right; red, with a diff of what was typed, when not. */
function verdictLine(check: AnswerCheck, color: boolean): string {
  const style = createColors(color)
  if (check.correct) return style.green(`  ✓ correct: ${terminalLine(check.typed.trim())}`)
  // A character diff helps with a typo; for a different answer it is noise.
  const shared = check.diff
    .filter((part) => part.kind === 'same')
    .reduce((total, part) => total + part.text.length, 0)
  const close = shared * 2 >= Math.max(1, normalizeAnswer(check.expected).length)
  return `  ${style.red('✗ not quite:')} ${close ? formatDiff(check.diff, color) : terminalLine(check.typed.trim()) || '(nothing)'}`
}

function gradeStyle(grade: Grade, style: Colors): (text: string) => string {
  if (grade === Rating.Again) return style.red
  if (grade === Rating.Hard) return style.yellow
  if (grade === Rating.Good) return style.green
  return style.cyan
}

/** The buttons line: `1 Again 1m · 2 Hard 6m · 3 Good 10m · 4 Easy 8d`, the proposed one marked. */
export function gradeButtons(
  outcomes: readonly GradeOutcome[],
  proposed: Grade,
  color: boolean,
): string {
  return gradeButtonItems(outcomes, proposed, color).join(' · ')
}

/** One item per grade (`1 Again 1m`), the proposed one bold and in brackets: a terminal fits them with `fitItems`. */
export function gradeButtonItems(
  outcomes: readonly GradeOutcome[],
  proposed: Grade,
  color: boolean,
): string[] {
  const style = createColors(color)
  return outcomes.map((outcome) => {
    const label = `${outcome.grade} ${gradeLabels[outcome.grade]} ${formatInterval(outcome.intervalMs)}`
    return outcome.grade === proposed ? style.bold(`[${label}]`) : label
  })
}

const stateNames: Readonly<Record<number, string>> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
}

/**
 * `── card 3 of 20 · Deck::Sub · review ──`, always one line: a long deck
 * name gives way first (its end kept: the subdeck says the most), then the
 * deck and the state, then the rules; `card k of n` stays to the last.
 */
export function cardHeader(
  card: QuizCard,
  index: number,
  total: number,
  stored: { state: number } | undefined,
  style: { cyan: (text: string) => string },
  width: number | undefined,
): string {
  const kind = stored === undefined ? 'new' : (stateNames[stored.state] ?? 'review')
  const count = `card ${index + 1} of ${Math.max(total, index + 1)}`
  const deck = terminalLine(card.note.deck)
  const room = width ?? Number.POSITIVE_INFINITY
  const withDeck = (name: string) => `── ${count} · ${name} · ${kind} ──`
  // The cells left for the deck's name (a wide character takes two).
  const deckRoom = room - visibleWidth(withDeck(''))
  if (visibleWidth(deck) <= deckRoom) return style.cyan(withDeck(deck))
  // Fewer than three letters of a deck name (after its `…`) tell nothing.
  if (deckRoom - 1 >= 3) return style.cyan(withDeck(keepEnd(deck, deckRoom)))
  for (const text of [`── ${count} · ${kind} ──`, `── ${count} ──`, count]) {
    if (visibleWidth(text) <= room) return style.cyan(text)
  }
  return style.cyan(cutLine(count, Math.max(0, room), '…'))
}

/** What the note index keeps of an answered note with an ID (cards-file.ts, `NoteLocation`). */
function noteLocation(note: Note): NoteLocation | undefined {
  if (note.id === null) return undefined
  // As the block named it, only when not the stock name: type-changed-note.ts says it so.
  const written = writtenTypeName(note)
  return {
    id: note.id,
    file: note.source.absolutePath,
    content: noteContentKey(note),
    type: note.noteType,
    ...(written === note.noteType ? {} : { writtenType: written }),
    first: firstFieldKey(note),
  }
}
