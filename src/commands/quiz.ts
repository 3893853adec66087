import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { shouldColor } from '../cli/colors.js'
import type { CommandSpec, ParsedArgs } from '../cli/command.js'
import { type Io, writeJson } from '../cli/io.js'
import { ExitError, exitCodes, UsageError } from '../errors.js'
import { loadVault } from '../notes/load-vault.js'
import { NotRegularFileError, openRegularFile } from '../notes/regular-file.js'
import { checkFilters, emptyReason } from '../quiz/filters.js'
import { loadQuizCards, openQuizStore } from '../quiz/open-vault.js'
import { formatDue, type Responder, runReviewSession } from '../quiz/review.js'
import { createScheduler, gradeNames } from '../quiz/scheduler.js'
import { createScriptedResponder, streamLines } from '../quiz/scripted.js'
import { type PlanOptions, planSession } from '../quiz/session.js'
import { DamagedStateError, StateLockedError, StateNotWritableError } from '../quiz/state-errors.js'
import { lockStateDirectory } from '../quiz/state-lock.js'
import { formatDuration, summarizeSession } from '../quiz/stats.js'
import { openStore, type Store } from '../quiz/store.js'
import { editCard } from './quiz/edit-card.js'
import { quickPlan } from './quiz/quick-start.js'

export const command: CommandSpec = {
  name: 'quiz',
  summary: 'review cards in the terminal with FSRS spaced repetition',
  usage:
    'decklab quiz [paths...] [--new N] [--limit N] [--deck NAME] [--tag TAG] [--cram] [--shuffle] [--learn-ahead MIN] [--state DIR] [--answers FILE|-] [--json]',
  description:
    'Shows due cards first (most overdue first), then new cards in source order; one card per note per session (a reverse card waits for the next one, as Anki buries siblings). A card graded Again, or Hard while still learning, comes back in the same session once its FSRS (re)learning step is due (1m and 10m for new cards, 10m after a lapse); when nothing else is due, a step due within the learn-ahead limit is shown at once, otherwise the screen counts down to it. The session ends when nothing is left for today. Self-graded cards: Enter or Space reveals, 1–4 grades (Again, Hard, Good, Easy; Enter = Good), each grade showing the interval it gives. Typed and cloze cards: type the answer; decklab compares it (ignoring case, extra spaces and Unicode form), shows a diff of what you typed and proposes Good or Again, which 1–4 overrides. Keys: e opens the card’s source at its line in $VISUAL or $EDITOR and reloads the card afterwards; s shows the source file:line; l (after the answer) runs the card’s labs live; u undoes the last grade of this session; q quits. Every answer is saved before the next card; Ctrl-C (the way out of an answer box) ends the session and keeps them all (exit 130).\n\n' +
    'Progress lives in the state directory: --state DIR, else $DECKLAB_STATE_DIR, else $XDG_STATE_HOME/decklab, else ~/.local/state/decklab: cards.json (the FSRS state of every reviewed card, replaced atomically after each answer) and reviews.jsonl (an append-only log of reviews and undos). A damaged file is reported and left as it is; the quiz will not run over it. One session at a time per state directory. Cards are keyed by note ID and card, so editing a note keeps its history. A note without an `<!--ID: N-->` yet is quizzed too, keyed by its content (type and fields): the quiz never writes into your notes. When `decklab build` later writes its ID, its progress carries over; editing it before then starts its progress again.\n\n' +
    'An unknown --deck or --tag is an error (exit 2) naming the nearest decks or tags. --cram ignores due dates (every reviewed card, soonest due first, then new cards); its answers are scheduled and saved like any others. Without a terminal, script a session with --answers: one line per card shown (a card that comes back needs another line), a grade word or 1–4 for self-graded cards, the typed text for typed and cloze cards (graded by the comparison).',
  allowPositionals: true,
  options: {
    new: { type: 'string', value: 'N', description: 'new cards at most (default 20)' },
    limit: { type: 'string', value: 'N', description: 'cards at most in this session' },
    deck: { type: 'string', value: 'NAME', description: 'only this deck and its subdecks' },
    tag: { type: 'string', value: 'TAG', description: 'only notes with this tag (or a child tag)' },
    cram: { type: 'boolean', description: 'ignore due dates: review every card' },
    shuffle: { type: 'boolean', description: 'shuffle the session’s cards' },
    seed: { type: 'string', value: 'N', description: 'seed for --shuffle (same seed, same order)' },
    state: {
      type: 'string',
      value: 'DIR',
      description: 'state directory (progress and review log)',
    },
    answers: {
      type: 'string',
      value: 'FILE',
      description: 'scripted session: read one answer per card from FILE (- for stdin)',
    },
    'learn-ahead': {
      type: 'string',
      value: 'MIN',
      description:
        'when nothing else is due, show a learning card due within MIN minutes at once (default 20)',
    },
    json: {
      type: 'boolean',
      description: 'scripted mode: print the session summary as JSON on stdout',
    },
  },
  examples: [
    'decklab quiz',
    'decklab quiz notes/ --deck UDS::Basics --new 5',
    'decklab quiz --tag errno --cram --shuffle',
    'printf "good\\nECONNREFUSED\\n" | decklab quiz --answers - --json',
  ],
  async run(args, io) {
    return runQuizCommand(args, io)
  },
}

async function runQuizCommand(args: ParsedArgs, io: Io): Promise<number> {
  const values = args.values
  const answers = stringOption(values.answers)
  const json = values.json === true
  if (json && answers === undefined) {
    throw new UsageError(
      '`--json` needs `--answers FILE`: an interactive session prints for a person',
    )
  }
  // Bad values are usage errors whether or not there is a terminal.
  const newLimit = countOption(values.new, '--new')
  const limit = countOption(values.limit, '--limit')
  const seedOption = countOption(values.seed, '--seed')
  const learnAhead = countOption(values['learn-ahead'], '--learn-ahead')
  if (answers === undefined && io.stdin.isTTY !== true) {
    io.stderr.write(
      'decklab quiz needs a terminal: standard input is not a TTY.\n' +
        'To script a session, give one answer per card (a grade again|hard|good|easy or 1–4, or the typed text):\n' +
        '  decklab quiz --answers answers.txt\n' +
        '  printf "good\\nECONNREFUSED\\n" | decklab quiz --answers -\n',
    )
    return exitCodes.usage
  }
  // With --json stdout carries the one JSON document; the transcript goes to stderr.
  const out = json ? io.stderr : io.stdout
  const color = shouldColor(out, io.env)
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[39m` : text)

  // Paths that do not exist stop the run before the state directory is created.
  await assertPathsExist(io.cwd, args.positionals)
  let store: Store
  let unlock: () => void
  try {
    // A damaged state file stops the run before the lock creates anything.
    const { directory } = openQuizStore({
      cwd: io.cwd,
      env: io.env,
      state: stringOption(values.state),
    })
    unlock = lockStateDirectory(directory)
    // Read again under the lock: a session that ended meanwhile saved reviews this one must see.
    try {
      store = openStore(directory)
    } catch (error) {
      unlock()
      throw error
    }
  } catch (error) {
    if (error instanceof DamagedStateError) {
      io.stderr.write(`${paint(31, 'error')} damaged state file ${error.message}\n`)
      return exitCodes.usage
    }
    if (error instanceof StateLockedError || error instanceof StateNotWritableError) {
      io.stderr.write(`${paint(31, 'error')} ${error.message}\n`)
      return exitCodes.usage
    }
    throw error
  }
  try {
    return await runSession({
      store,
      io,
      values,
      answers,
      json,
      out,
      color,
      paint,
      paths: args.positionals,
      newLimit,
      limit,
      seedOption,
      learnAheadMs: learnAhead === undefined ? undefined : learnAhead * 60_000,
    })
  } catch (error) {
    if (!(error instanceof StateNotWritableError)) throw error
    io.stderr.write(`${paint(31, 'error')} ${error.message}\n`)
    return exitCodes.usage
  } finally {
    unlock()
  }
}

/** Every path given must exist (the vault loader says the same, but only after the lock). */
async function assertPathsExist(cwd: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      await stat(resolve(cwd, path))
    } catch {
      throw new UsageError(
        `Unexpected path \`${path}\`: it does not exist, expected a note file or folder`,
      )
    }
  }
}

/** Everything the session needs from the parsed arguments. */
interface SessionSetup {
  store: Store
  io: Io
  values: ParsedArgs['values']
  answers: string | undefined
  json: boolean
  out: Io['stdout']
  color: boolean
  paint: (code: number, text: string) => string
  paths: string[]
  newLimit: number | undefined
  limit: number | undefined
  seedOption: number | undefined
  learnAheadMs: number | undefined
}

async function runSession(setup: SessionSetup): Promise<number> {
  const { store, io, values, answers, json, out, color, paint, paths } = setup
  const { newLimit, limit, seedOption } = setup
  const scheduler = createScheduler({ now: io.now })
  const shuffleSeed =
    values.shuffle === true ? (seedOption ?? io.now().getTime() % 2 ** 31) : undefined
  const planOptions: PlanOptions = {
    now: io.now(),
    newLimit,
    limit,
    deck: stringOption(values.deck),
    tag: stringOption(values.tag),
    cram: values.cram === true,
    shuffleSeed,
  }
  // The plan is made from the state as it was when the session started.
  const initialState = store.snapshot()

  // The whole vault, loaded once. Its warnings wait for a moment with no
  // prompt on screen (between cards, or the end), so they never cut into one.
  let loading: Promise<Awaited<ReturnType<typeof loadQuizCards>>> | undefined
  let warned = false
  const loadAll = () => {
    loading ??= loadQuizCards({ cwd: io.cwd, paths, loadVault })
    return loading
  }
  const warn = (loaded: Awaited<ReturnType<typeof loadQuizCards>>) => {
    if (warned) return
    warned = true
    const errors = loaded.diagnostics.filter((item) => item.severity === 'error').length
    if (errors > 0) {
      io.stderr.write(
        `${paint(33, 'warning')} ${errors} error(s) in the notes; their cards may be missing (run \`decklab check\`)\n`,
      )
    }
    if (loaded.withoutId.length > 0) {
      io.stderr.write(
        `${paint(33, 'warning')} ${loaded.withoutId.length} note(s) have no ID yet: they are quizzed by their content until \`decklab build\` writes their IDs (editing one before then starts its progress again)\n`,
      )
    }
  }

  // The whole plan from a few parsed files when they are enough to know it (see quick-start.ts).
  const quick = await quickPlan({ cwd: io.cwd, paths, plan: planOptions, store, loadVault })
  let cards = quick
  if (cards === undefined) {
    const loaded = await loadAll()
    warn(loaded)
    cards = planSession(loaded.cards, initialState, planOptions)
  }
  if (cards.length === 0) {
    const loaded = await loadAll()
    warn(loaded)
    checkFilters(loaded.cards, planOptions)
    const summary = summarizeSession(
      { reviewed: [], end: 'done', startedAt: io.now(), endedAt: io.now() },
      loaded.cards,
      (card) => store.lookup(card),
    )
    out.write(
      `${emptyReason(loaded.cards, initialState, planOptions, paths)}${summary.nextDue ? ` Next due ${formatDue(new Date(summary.nextDue))}.` : ''}\n`,
    )
    if (json)
      writeJson(io, { ...summary, planned: 0, stateDirectory: store.directory, reviews: [] })
    return exitCodes.ok
  }

  let responder: Responder
  let closeInput = () => {}
  if (answers !== undefined) {
    let stream: Readable
    try {
      // Only a regular file: opening a FIFO would block where no signal reaches.
      stream =
        answers === '-'
          ? io.stdin
          : (await openRegularFile(resolve(io.cwd, answers))).handle.createReadStream()
    } catch (error) {
      throw new UsageError(
        error instanceof NotRegularFileError
          ? `cannot read --answers ${answers}: it is ${error.kind}, expected a regular file (for a pipe, use \`--answers - < ${answers}\`)`
          : `cannot read --answers ${answers}: ${(error as Error).message}`,
        { cause: error },
      )
    }
    const lines = streamLines(stream)
    closeInput = () => lines.close()
    responder = createScriptedResponder(
      lines,
      out,
      color,
      answers === '-' ? 'stdin' : answers,
      io.signal,
    )
  } else {
    const { createPromptResponder } = await import('../quiz/prompts.js')
    responder = createPromptResponder(
      { input: io.stdin, output: io.stdout, signal: io.signal },
      color,
    )
  }

  let result: Awaited<ReturnType<typeof runReviewSession>>
  try {
    const session = runReviewSession({
      cards,
      store,
      scheduler,
      responder,
      out,
      color,
      learnAheadMs: setup.learnAheadMs,
      width: out.isTTY === true ? out.columns : undefined,
      runLabs: (card) =>
        runLabsLazily(card.note.labs, { color, signal: io.signal, note: card.note }),
      editCard: (card) => editCard(card, { cwd: io.cwd, env: io.env, loadVault }),
    })
    // The first card is on screen: load the rest while it is being answered.
    if (quick) loadAll().catch(() => {})
    result = await session
  } finally {
    closeInput()
  }
  const loaded = await loadAll()
  warn(loaded)
  const planned = cards.length
  const summary = summarizeSession(result, loaded.cards, (card) => store.lookup(card))
  const correct = summary.correctPercent === null ? '–' : `${summary.correctPercent}%`
  out.write(
    `\n${paint(36, 'Session')}: ${summary.reviewed} reviewed · ${correct} correct · ${formatDuration(summary.timeMs)}` +
      `${summary.nextDue ? ` · next due ${formatDue(new Date(summary.nextDue))}` : ''}\n`,
  )
  if (result.end === 'input-ended') {
    out.write(
      `The answers ended after ${summary.reviewed} answer(s); the cards not answered wait for next time.\n`,
    )
  }
  if (json) {
    writeJson(io, {
      ...summary,
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
  if (result.end === 'interrupted') {
    out.write('Interrupted; every answer above is saved.\n')
    throw new ExitError(exitCodes.interrupted)
  }
  return exitCodes.ok
}

/** The lab runner is imported only when `l` is pressed, so the first card shows fast. */
async function runLabsLazily(
  ...args: Parameters<typeof import('./quiz/lab-panel.js').runLinkedLabs>
): Promise<string> {
  const { runLinkedLabs } = await import('./quiz/lab-panel.js')
  return runLinkedLabs(...args)
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A non-negative whole number option, or a usage error naming the flag. */
function countOption(value: unknown, flag: string): number | undefined {
  if (typeof value !== 'string') return undefined
  if (!/^\d+$/.test(value.trim())) {
    throw new UsageError(`\`${flag}\` expects a whole number ≥ 0, got \`${value}\``)
  }
  return Number(value)
}
