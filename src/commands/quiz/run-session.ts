/**
 * One quiz session under the state lock: plan it (from a few files when
 * they are enough, see quick-start.ts), get answers from a person or an
 * answers file, run the review loop, then print the summary.
 */

import { systemError } from '../../cli/system-error.js'
import { notesWithErrorsWarning } from '../../diagnostics/format.js'
import { DecklabError, ExitError, exitCodes } from '../../errors.js'
import { sayOnHeldStop, throwIfInterrupted } from '../../interrupt.js'
import { notePaths } from '../../notes/vault-root.js'
import { customTypeWarning } from '../../quiz/custom-type-warning.js'
import { checkFilters, emptyReason } from '../../quiz/filters.js'
import { withoutIdWarnings } from '../../quiz/lost-id-warning.js'
import { loadQuizCards } from '../../quiz/open-vault.js'
import type { QuizCard } from '../../quiz/quiz-card.js'
import { type Responder, runReviewSession, type SessionResult } from '../../quiz/review.js'
import { createScheduler, gradeNames } from '../../quiz/scheduler.js'
import { type BadAnswerError, createScriptedResponder, streamLines } from '../../quiz/scripted.js'
import { matchesFilters, type PlanOptions, planSession } from '../../quiz/session.js'
import { formatDuration, summarizeSession } from '../../quiz/stats.js'
import type { Store } from '../../quiz/store.js'
import { typeChangedNote } from '../../quiz/type-changed-note.js'
import { type Colors, createColors, shouldColor } from '../../terminal/colors.js'
import { fitStderr, fitWidth, type Io, writeJson } from '../../terminal/io.js'
import { wrapLine } from '../../terminal/wrap.js'
import { count } from '../../text/count.js'
import { errorMessage } from '../../text/error-message.js'
import { formatLocalTime } from '../../text/local-time.js'
import type { AnswersInput } from './answers-input.js'
import { stopAtBadAnswer } from './bad-answer.js'
import { editCard } from './edit-card.js'
import type { QuizOptions } from './options.js'
import { quickPlan } from './quick-start.js'
import { loadQuizVault } from './quiz-vault.js'

/** Where the session's transcript goes, and its colours. */
export interface SessionOutput {
  out: Io['stdout']
  color: boolean
  colors: Colors
}

/** With `--json` stdout carries the one JSON document; the transcript goes to stderr. */
export function sessionOutput(options: QuizOptions, io: Io): SessionOutput {
  const out = options.json ? io.stderr : io.stdout
  const color = shouldColor(out, io.env)
  return { out, color, colors: createColors(color) }
}

type LoadedCards = Awaited<ReturnType<typeof loadQuizCards>>

/**
 * Run the session and print its summary; returns the exit code (Ctrl-C
 * throws exit 130). `answers` is the `--answers` input (see answers-input.ts).
 */
export async function runSession(
  options: QuizOptions,
  answers: AnswersInput | undefined,
  store: Store,
  io: Io,
  output: SessionOutput,
): Promise<number> {
  const { out, colors } = output
  const planOptions: PlanOptions = {
    now: io.now(),
    newLimit: options.newLimit,
    limit: options.limit,
    deck: options.deck,
    tag: options.tag,
    cram: options.cram,
    shuffleSeed: options.shuffle ? (options.seed ?? io.now().getTime() % 2 ** 31) : undefined,
    learnAheadMs: options.learnAheadMs,
  }
  // The plan is made from the state as it was when the session started.
  const initialState = store.snapshot()
  const vault = vaultOnce(options.paths, io, colors, store)

  // The whole plan from a few parsed files when they are enough to know it (see quick-start.ts).
  const quick = await quickPlan({
    cwd: io.cwd,
    paths: options.paths,
    plan: planOptions,
    store,
    loadVault: loadQuizVault,
    signal: io.signal,
  })
  // Until the first card is drawn, Ctrl-C stops the run at once: nothing is answered yet.
  throwIfInterrupted(io.signal)
  let cards = quick
  if (cards === undefined) {
    cards = planSession((await vault.load(io.signal)).cards, initialState, planOptions)
  }
  if (cards.length === 0) {
    const loaded = await vault.load(io.signal)
    checkFilters(loaded.cards, planOptions)
    const summary = summarizeSession(
      { reviewed: [], end: 'done', startedAt: io.now(), endedAt: io.now() },
      inScope(loaded.cards, planOptions),
      (card) => store.lookup(card),
    )
    out.write(
      `${emptyReason(loaded.cards, initialState, planOptions, notePaths(io.cwd, options.paths))}${summary.nextDue ? ` Next due ${formatLocalTime(new Date(summary.nextDue), 'minute')}.` : ''}\n`,
    )
    if (options.json)
      writeJson(io, { ...summary, planned: 0, stateDirectory: store.directory, reviews: [] })
    return exitCodes.ok
  }

  const session = {
    cards,
    options,
    answers,
    // An edited note that lost its ID line takes back no ID the other files hold (edit-card.ts).
    writtenElsewhere: async (file: string) =>
      (await vault.start()).writtenIds?.(new Set([file])) ?? new Set<number>(),
  }
  const { result, badAnswer } = await reviewCards(session, store, io, output, () => {
    // The first card is on screen: load the rest (quietly) while it is being answered.
    if (quick) vault.start().catch(() => {})
  })
  reportSession(
    result,
    cards.length,
    await vault.loadAtEnd(),
    options,
    store,
    io,
    output,
    badAnswer,
  )
  // Reported after the summary: the answers before it are saved, and said so.
  if (badAnswer) throw badAnswer
  if (result.end === 'failed') throw result.failure
  if (result.end === 'interrupted') {
    out.write(fitLines('Interrupted; every answer above is saved.', out, io))
    throw new ExitError(exitCodes.interrupted)
  }
  return exitCodes.ok
}

/**
 * `line` and its newline, wrapped at words to a terminal's width: the
 * summary ends a session on a narrow terminal too (at 40 columns the
 * terminal put `saved` and its `.` on two lines). A pipe gets it whole.
 */
function fitLines(line: string, out: Io['stdout'], io: Io): string {
  const width = fitWidth(out, io.env)
  return `${(width === undefined ? [line] : wrapLine(line, width)).join('\n')}\n`
}

/**
 * The whole vault, loaded once. Its warnings wait for a moment with no
 * prompt on screen (between cards, or the end), so they never cut into one:
 * `load` is awaited only at such moments.
 */
function vaultOnce(paths: string[], io: Io, colors: Colors, store: Store) {
  let loading: Promise<LoadedCards> | undefined
  let warned = false
  const warn = (
    loaded: LoadedCards,
    {
      withoutId,
      lostIdLine,
      movedWithoutId,
    }: Pick<LoadedCards, 'withoutId' | 'lostIdLine' | 'movedWithoutId'> = loaded,
  ) => {
    if (warned) return
    warned = true
    // On a terminal each warning wraps at words, as the cards do.
    const write = (text: string) => io.stderr.write(fitStderr(io, text))
    write(notesWithErrorsWarning(loaded.diagnostics, colors, 'from the quiz'))
    write(customTypeWarning(loaded.customType, colors.yellow('warning'), 'of the quiz'))
    write(
      withoutIdWarnings(withoutId, lostIdLine, {
        cwd: io.cwd,
        colors,
        verb: 'quizzed',
        editing: true,
        moved: movedWithoutId,
      }),
    )
    write(typeChangedNote(loaded.cards, store, io.cwd, colors.cyan('note')))
  }
  /**
   * `signal` stops a load the first card waits for; the load that runs while
   * it is answered is not given it: the closing summary needs it, Ctrl-C or not.
   */
  const start = (signal?: AbortSignal) => {
    loading ??= loadQuizCards({
      cwd: io.cwd,
      paths,
      signal,
      loadVault: loadQuizVault,
      lostId: store.lostId,
      answeredElsewhere: store.answeredElsewhere,
      editedLostIds: store.editedLostIds,
      lastSeen: store.location,
    })
    return loading
  }
  return {
    /** Start loading now; warn once it is awaited through `load`. */
    start: () => start(),
    /** Load before the first card: `signal` (Ctrl-C) stops it. */
    async load(signal: AbortSignal): Promise<LoadedCards> {
      const loaded = await start(signal)
      warn(loaded)
      return loaded
    },
    /**
     * As `load`, at the session's end: notes loaded without an ID are read
     * again first, so a `decklab build` in another terminal meanwhile is seen
     * ("3 notes have no ID yet" was said of notes that had them by then).
     */
    async loadAtEnd(): Promise<LoadedCards> {
      const loaded = await start()
      // The other warnings (notes with errors, own note types) are said whatever the count.
      if (warned || loaded.withoutId.length === 0) {
        warn(loaded)
        return loaded
      }
      const files = [...new Set(loaded.withoutId.map((note) => note.source.absolutePath))]
      const now = await loadQuizCards({
        cwd: io.cwd,
        paths: files,
        loadVault: loadQuizVault,
        lostId: store.lostId,
        editedLostIds: store.editedLostIds,
        lastSeen: store.location,
        // Read again alone, they take back no ID the other files hold, as at the start.
        writtenElsewhere: loaded.writtenIds?.(new Set(files)),
      }).then(
        (again) => again,
        // Unreadable now: what was loaded stands.
        () => loaded,
      )
      warn(loaded, now)
      return loaded
    },
  }
}

/** The review loop over the planned cards, with the responder the options ask for. */
async function reviewCards(
  {
    cards,
    options,
    answers,
    writtenElsewhere,
  }: {
    cards: QuizCard[]
    options: QuizOptions
    answers: AnswersInput | undefined
    writtenElsewhere: (file: string) => Promise<ReadonlySet<number>>
  },
  store: Store,
  io: Io,
  output: SessionOutput,
  started: () => void,
): Promise<{ result: SessionResult; badAnswer: BadAnswerError | undefined }> {
  const { out, color } = output
  // A Ctrl-C or Ctrl-D a prompt read with its answer (prompts.ts), or Ctrl-D while the `l`
  // key's labs run, stops the session, and a lab the answer started, as SIGINT does.
  const keyStop = new AbortController()
  const signal = AbortSignal.any([io.signal, keyStop.signal])
  const stopFor = (reason: string) => () => keyStop.abort(new Error(reason))
  const { responder, close, badAnswer, whileNoPrompt } = await createResponder(
    answers,
    io,
    output,
    {
      signal,
      interrupt: stopFor('received SIGINT (Ctrl-C)'),
      inputEnded: stopFor('received Ctrl-D (the end of the input)'),
    },
  )
  // A lab the `l` key runs that holds the thread (past its deadline, or when
  // Ctrl-C comes) ends the process from the lab watchdog: the quiz's own ending never runs.
  const unsay = sayOnHeldStop('The quiz ends here; every answer above is saved.\n')
  try {
    const session = runReviewSession({
      cards,
      store,
      scheduler: createScheduler({ now: io.now }),
      responder,
      out,
      color,
      learnAheadMs: options.learnAheadMs,
      // Read for each card: a terminal resized during the session (a pane split, a window
      // made narrower) gets the next card fitted to its new width, not the width at the start.
      get width() {
        return fitWidth(out, io.env)
      },
      runLabs: (card, onProgress) =>
        whileNoPrompt(() =>
          runLabsLazily(card.note.labs, { color, signal, note: card.note, onProgress }),
        ),
      editCard: (card) =>
        editCard(card, {
          cwd: io.cwd,
          env: io.env,
          loadVault: loadQuizVault,
          lostId: store.lostId,
          editedLostIds: store.editedLostIds,
          lastSeen: store.location,
          writtenElsewhere,
        }),
    })
    started()
    return { result: await session, badAnswer: badAnswer() }
  } finally {
    unsay()
    close()
  }
}

/** Answers from the `--answers` file (or stdin), else from a person at the terminal. */
async function createResponder(
  answers: AnswersInput | undefined,
  io: Io,
  { out, color }: SessionOutput,
  {
    signal,
    interrupt,
    inputEnded,
  }: { signal: AbortSignal; interrupt: () => void; inputEnded: () => void },
): Promise<{
  responder: Responder
  close: () => void
  badAnswer: () => BadAnswerError | undefined
  /** Runs what no prompt waits on (the `l` key's labs); Ctrl-D meanwhile interrupts at a person's terminal. */
  whileNoPrompt: <T>(work: () => Promise<T>) => Promise<T>
}> {
  const asIs = <T>(work: () => Promise<T>) => work()
  if (answers === undefined && (io.env.TERM === 'dumb' || io.stdout.isTTY !== true)) {
    // A terminal that prints cursor movements as text: a prompt per line (line-prompts.ts).
    // So does a pipe or file (`decklab quiz | tee session.txt`), which got the full-screen
    // prompts' cursor movements, and prompts erased once answered, as text.
    const { createLineResponder } = await import('../../quiz/line-prompts.js')
    const responder = createLineResponder({ input: io.stdin, output: io.stdout, signal }, color)
    return {
      responder,
      close: responder.close,
      badAnswer: () => undefined,
      whileNoPrompt: (work) => responder.whileNoPrompt(work, inputEnded),
    }
  }
  if (answers === undefined) {
    const { createPromptResponder, endingOnCtrlD } = await import('../../quiz/prompts.js')
    const responder = createPromptResponder(
      { input: io.stdin, output: io.stdout, signal, env: io.env, interrupt, inputEnded },
      color,
    )
    return {
      responder,
      close: responder.close,
      badAnswer: () => undefined,
      whileNoPrompt: (work) => endingOnCtrlD(io.stdin, inputEnded, work),
    }
  }
  const lines = streamLines(answers.stream)
  const scripted = stopAtBadAnswer(
    createScriptedResponder(lines, out, color, answers.source, signal),
  )
  return { ...scripted, close: () => lines.close(), whileNoPrompt: asIs }
}

/**
 * ` · next due …` of the closing line. A card left due (--limit, q, the answers
 * ended) is due now, not at its past due time.
 */
function nextDueText(nextDue: string | null, endedAt: Date): string {
  if (!nextDue) return ''
  const at = new Date(nextDue)
  return at.getTime() <= endedAt.getTime()
    ? ' · next due now'
    : ` · next due ${formatLocalTime(at, 'minute')}`
}

/**
 * The cards `--deck` and `--tag` let in: when they are next due is what the
 * closing line says, not when a card of another deck is.
 */
function inScope(cards: readonly QuizCard[], filters: Pick<PlanOptions, 'deck' | 'tag'>) {
  return cards.filter((card) => matchesFilters(card.note, filters))
}

/** The closing line (and with `--json`, the summary document). */
function reportSession(
  result: SessionResult,
  planned: number,
  loaded: LoadedCards,
  options: QuizOptions,
  store: Store,
  io: Io,
  { out, colors }: SessionOutput,
  badAnswer: BadAnswerError | undefined,
): void {
  const summary = summarizeSession(result, inScope(loaded.cards, options), (card) =>
    store.lookup(card),
  )
  // Recalled: not graded Again. "correct" is what a typed answer's check says (✓ correct).
  const recalled = summary.recalledPercent === null ? '–' : `${summary.recalledPercent}%`
  out.write(
    `\n${fitLines(
      `${colors.cyan('Session')}: ${summary.reviewed} reviewed · ${recalled} recalled · ${formatDuration(summary.timeMs)}${nextDueText(summary.nextDue, result.endedAt)}`,
      out,
      io,
    )}`,
  )
  if (badAnswer) {
    out.write(
      fitLines(
        `Stopped at a line that is no answer for its card, after ${count(summary.reviewed, 'answer')}; every answer above is saved.`,
        out,
        io,
      ),
    )
  } else if (result.end === 'input-ended') {
    out.write(
      fitLines(
        `The answers ended after ${count(summary.reviewed, 'answer')}; the cards not answered wait for next time.`,
        out,
        io,
      ),
    )
  }
  if (!options.json) return
  writeJson(io, {
    ...summary,
    ...(badAnswer ? { end: 'bad-answer', error: errorDocument(badAnswer) } : {}),
    ...(result.end === 'failed' ? { error: errorDocument(result.failure) } : {}),
    planned,
    stateDirectory: store.directory,
    reviews: result.reviewed.map((review) => ({
      key: review.key,
      rating: gradeNames[review.grade],
      ...(review.typed === undefined ? {} : { typed: review.typed, correct: review.correct }),
      due: review.due.toISOString(),
      intervalMs: review.intervalMs,
    })),
  })
}

/**
 * What ended the session, as `{code, message}`: the shape of every other
 * `--json` error (run-cli.ts), so a script reads `.error.code` alike. The code
 * is the one the exit reports: the error's own, `system-error` for the
 * machine's reasons, else `internal`.
 */
function errorDocument(error: unknown): { code: string; message: string } {
  if (error instanceof DecklabError) return { code: error.code, message: error.message }
  const system = systemError(error)
  if (system) return { code: system.code, message: system.message }
  return { code: 'internal', message: errorMessage(error) }
}

/** The lab runner is imported only when `l` is pressed, so the first card shows fast. */
async function runLabsLazily(
  ...args: Parameters<typeof import('./lab-panel.js').runLinkedLabs>
): Promise<string> {
  const { runLinkedLabs } = await import('./lab-panel.js')
  return runLinkedLabs(...args)
}
