import { resolve } from 'node:path'
import type { CommandSpec } from '../../cli/command.js'
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { formatDiagnostics, notesWithErrorsWarning } from '../../diagnostics/format.js'
import { exitCodes, UsageError } from '../../errors.js'
import { signalTurns } from '../../interrupt.js'
import { warnNoNotes } from '../../notes/no-notes.js'
import { answersAfterNowWarning } from '../../quiz/answers-after-now.js'
import { customTypeWarning } from '../../quiz/custom-type-warning.js'
import { mergedLogNote } from '../../quiz/forked-log.js'
import { withoutIdWarnings } from '../../quiz/lost-id-warning.js'
import { openQuiz } from '../../quiz/open-vault.js'
import { countRemovedReviews } from '../../quiz/removed-reviews.js'
import { revlogCsv } from '../../quiz/revlog.js'
import { computeStats, weekChart } from '../../quiz/stats.js'
import { missingReviewsWarning, type Store } from '../../quiz/store.js'
import { typeChangedNote } from '../../quiz/type-changed-note.js'
import {
  fitStderr,
  fitWidth,
  type Io,
  stderrColors,
  stdoutColors,
  writeJson,
} from '../../terminal/io.js'
import { terminalLine, terminalPath } from '../../terminal/safe-text.js'
import { keepEnd, visibleWidth, wrapLine } from '../../terminal/wrap.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import { readingStatus } from '../build/reading-status.js'
import { loadQuizVault } from '../quiz/quiz-vault.js'
import { writeRevlogFile } from './revlog-file.js'

export const command: CommandSpec = {
  name: 'stats',
  usage: `${programName()} stats [paths...] [--state DIR] [--revlog FILE.csv] [--json]`,
  description:
    '`new` counts the cards never reviewed, all of them: a session takes at most one card per note and `--new` of them (20 by default), so it may show fewer. `due` counts reviewed cards due by the end of today (overdue included); the quiz’s day starts at 4 a.m. local time, as Anki’s, so at 00:30 it is still the day before, and `week` counts the next 7 such days. A session shows one card per note (siblings wait for a later session, as Anki buries them): `dueSiblings` counts the cards of `due` whose note has another card due, which come in later sessions. `reviews` counts the review records of these cards in the review log, not counting reviews taken back with undo, and each review once: a record with the number, card, time and grade of an earlier one (a line a copy or a merge doubled) is the same review, and `reviewLog.repeated` counts such records. A log that joins two machines’ copies of the state folder (a union merge: two different records share a number) counts both machines’ reviews, each card answered since they parted has the state of its later answer, and `reviewLog.merged` says where (null otherwise). `removedReviews` counts the reviews of cards the notes read no longer have (their note removed, or a cloze deletion taken out), which `reviews` leaves out: of notes with an ID last seen in a file among the paths read, and not in a file with errors. `retention` is the share of reviews of cards in the Review state (due reviews, not learning steps) that were not graded Again; null before the first one.\n\n' +
    `--revlog FILE.csv writes every review of the state directory (all vaults, undone ones left out) in the columns FSRS’s optimizer reads: card_id (decklab’s card key: the note’s GUID, a slash and the card’s ordinal, as Anki’s notes.guid and cards.ord; content:<hash>/<ordinal> for a note without an ID yet), review_time (ms since the epoch), review_rating (1–4), review_state (the state before the review: 0 new, 1 learning, 2 review, 3 relearning) and review_duration (0: decklab does not time answers), in the order they were recorded. A card reviewed before \`${programName()} build\` wrote its note’s ID is listed under its ID’s key when the note is among the paths read. It replaces only a file it wrote before: one that starts with the same header and whose every review the new log still lists (a review is kept under its note’s ID once build wrote it); another tool’s log in the same columns, or an export of a state folder since lost or reset, is left as it is. --revlog - writes the CSV on stdout instead of the stats.`,
  allowPositionals: true,
  options: {
    state: {
      type: 'string',
      value: 'DIR',
      description: `state directory (default as for \`${programName()} quiz\`)`,
    },
    revlog: {
      type: 'string',
      value: 'FILE',
      description: 'also write the review log as CSV for FSRS’s optimizer',
    },
    json: {
      type: 'boolean',
      description:
        'print {"cards","new","due","dueSiblings","reviews","retention","decks":[…],"week":[…],"removedReviews","stateDirectory","reviewLog":{"path","gap","lost":[…],"repeated","merged"}} on stdout',
    },
  },
  examples: [
    `${programName()} stats`,
    `${programName()} stats notes/ --json`,
    `${programName()} stats --revlog revlog.csv`,
  ],
  async run(args, io) {
    const json = args.values.json === true
    const revlog = typeof args.values.revlog === 'string' ? args.values.revlog : undefined
    if (revlog === '-' && json) {
      throw new UsageError('`--revlog -` and `--json` both want stdout; give --revlog a file name')
    }
    const turns = signalTurns(io.signal)
    // On a terminal, what it reads, as `check` and `build` say it: a big vault takes seconds.
    const shown = await readingStatus(io, json, 'counting', args.positionals)
    // A damaged state file is a DecklabError: run-cli.ts exits 2 with its message.
    const { cards, withoutId, lostIdLine, movedWithoutId, customType, diagnostics, store } =
      await openQuiz({
        cwd: io.cwd,
        paths: args.positionals,
        env: io.env,
        state: typeof args.values.state === 'string' ? args.values.state : undefined,
        loadVault: (options) => loadQuizVault({ ...options, onRead: shown?.filesRead }),
        signal: io.signal,
      }).finally(() => shown?.progress.finish())
    // Collecting the cards is synchronous: a signal meanwhile stops here, before any output.
    await turns.turn()
    if (revlog === '-') {
      // The CSV alone on stdout, for a pipe into the optimizer.
      io.stdout.write(revlogCsv(store.reviews(), cards))
      return exitCodes.ok
    }
    if (revlog !== undefined) {
      writeRevlogFile(io.cwd, revlog, revlogCsv(store.reviews(), cards))
      io.stderr.write(
        `wrote ${count(store.reviews().length, 'review')} to ${terminalPath(revlog)}\n`,
      )
    }
    const stats = computeStats(cards, (card) => store.lookup(card), store.reviews(), io.now())
    const removedReviews = countRemovedReviews({
      reviews: store.reviews(),
      cards,
      location: (guid) => store.location(guid),
      scope: (args.positionals.length === 0 ? ['.'] : args.positionals).map((path) =>
        resolve(io.cwd, path),
      ),
      withErrors: new Set(
        diagnostics.flatMap((problem) =>
          problem.severity === 'error' ? [resolve(io.cwd, problem.file)] : [],
        ),
      ),
    })
    await turns.turn()
    // Notes that could not be read are not counted: said, as the quiz says it.
    // On a terminal each warning wraps at words, as the report does.
    const warn = (text: string) => io.stderr.write(fitStderr(io, text))
    io.stderr.write(noNotesText(io, args.positionals, cards.length, diagnostics))
    warn(answersAfterNowWarning(store.cards().values(), io.now(), stderrColors(io)))
    warn(notesWithErrorsWarning(diagnostics, stderrColors(io), 'from these counts'))
    warn(missingReviewsWarning(store, stderrColors(io)))
    warn(repeatedReviewsNote(store, stderrColors(io).cyan('note')))
    warn(mergedLogNote(store.reviewsPath, store.mergedLog, stderrColors(io).cyan('note')))
    if (removedReviews > 0) {
      warn(
        `${stderrColors(io).cyan('note')} ${count(removedReviews, 'review')} ${removedReviews === 1 ? 'is' : 'are'} of cards no longer in these notes (removed since, or their note lost the card): not counted in reviews or retention\n`,
      )
    }
    warn(customTypeWarning(customType, stderrColors(io).yellow('warning'), 'of these counts'))
    warn(
      withoutIdWarnings(withoutId, lostIdLine, {
        cwd: io.cwd,
        colors: stderrColors(io),
        verb: 'counted',
        editing: false,
        moved: movedWithoutId,
      }),
    )
    warn(typeChangedNote(cards, store, io.cwd, stderrColors(io).cyan('note')))
    if (json) {
      const reviewLog = reviewLogJson(store)
      writeJson(io, { ...stats, removedReviews, stateDirectory: store.directory, reviewLog })
      return exitCodes.ok
    }
    const colors = stdoutColors(io)
    const retention = stats.retention === null ? '–' : `${Math.round(stats.retention * 1000) / 10}%`
    // On a terminal every line fits its width (a row the terminal wraps puts the numbers
    // under the names): a long deck name keeps its end, the subdeck; a pipe gets them whole.
    const columns = fitWidth(io.stdout, io.env)
    const fitLine = (line: string) => (columns === undefined ? [line] : wrapLine(line, columns))
    const names = stats.decks.map((deck) => {
      const name = terminalLine(deck.deck)
      return columns === undefined ? name : keepEnd(name, Math.max(8, columns - 21))
    })
    // Deck names can be long (`A::B::C`): the column is as wide as the longest.
    const width = Math.max('deck'.length, ...names.map(visibleWidth))
    const pad = (name: string) => `${name}${' '.repeat(width - visibleWidth(name))}`
    const siblings =
      stats.dueSiblings === 0 ? '' : ` (${stats.dueSiblings} of them siblings, for a later session)`
    const lines = [
      ...fitLine(
        `${colors.bold('Cards')} ${stats.cards} · new ${stats.new} · due today ${stats.due}${siblings} · reviews ${stats.reviews} · retention ${retention}`,
      ),
      '',
      colors.bold(
        `${pad('deck')} ${'cards'.padStart(6)} ${'new'.padStart(6)} ${'due'.padStart(6)}`,
      ),
      ...stats.decks.map(
        (deck, index) =>
          `${pad(names[index]!)} ${String(deck.cards).padStart(6)} ${String(deck.new).padStart(6)} ${String(deck.due).padStart(6)}`,
      ),
      '',
      colors.bold('Due in the coming week'),
      // A chart line is 18 cells before its bar.
      weekChart(stats.week, columns === undefined ? 30 : Math.max(1, Math.min(30, columns - 18))),
      '',
      colors.dim(`state: ${terminalPath(store.directory)}`),
    ]
    io.stdout.write(`${lines.join('\n')}\n`)
    return exitCodes.ok
  },
}

/** The `no-notes` warning as `check` prints it: a table of zeros for a mistyped folder, or a vault of another syntax, says why. */
function noNotesText(
  io: Io,
  paths: readonly string[],
  cards: number,
  diagnostics: readonly Diagnostic[],
): string {
  // Notes with errors are not counted, and `notesWithErrorsWarning` says so.
  if (cards > 0 || hasErrors(diagnostics)) return ''
  const noNotes: Diagnostic[] = []
  warnNoNotes(io.cwd, paths, noNotes)
  return formatDiagnostics(noNotes, stderrColors(io))
}

/** What stderr says of the log, for a script that reads only stdout (`reviewLog`). */
function reviewLogJson(store: Store) {
  const { gap, lost } = store.missing
  return {
    path: store.reviewsPath,
    gap: gap ?? null,
    lost: lost.map(({ range, missing }) => ({ ...range, missing })),
    repeated: store.repeatedReviews,
    merged: store.mergedLog ?? null,
  }
}

/**
 * Said when the log repeats reviews (a line doubled by a copy or a merge):
 * they are counted once, here and in --revlog; '' when none repeats.
 */
function repeatedReviewsNote(store: Store, note: string): string {
  const repeated = store.repeatedReviews
  if (repeated === 0) return ''
  return `${note} ${store.reviewsPath} repeats ${count(repeated, 'review record')} (the number, card, time and grade of an earlier one, as a copied line does): ${repeated === 1 ? 'it is' : 'they are'} counted once\n`
}
