/**
 * `decklab quiz`: its help, its arguments (read once, see quiz/options.ts)
 * and the state lock around one session (quiz/run-session.ts).
 */

import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { CommandSpec, ParsedArgs } from '../../cli/command.js'
import { exitCodes } from '../../errors.js'
import { letSignalsIn, throwIfInterrupted } from '../../interrupt.js'
import { namedPathError } from '../../notes/load-vault.js'
import { answersAfterNowWarning } from '../../quiz/answers-after-now.js'
import { mergedLogNote } from '../../quiz/forked-log.js'
import { logGapError, recordsText } from '../../quiz/missing-reviews.js'
import { resolveStateDirectory } from '../../quiz/state-directory.js'
import { lockStateDirectory } from '../../quiz/state-lock.js'
import { stateFilesStamp } from '../../quiz/state-stamp.js'
import { openStore, openStoreStoppable, type Store } from '../../quiz/store.js'
import { fitStderr, type Io, stderrColors } from '../../terminal/io.js'
import { programName } from '../../text/program-name.js'
import { openAnswers } from './answers-input.js'
import { parseQuizOptions } from './options.js'
import { runSession, sessionOutput } from './run-session.js'
import { unseenOutput } from './unseen-output.js'

export const command: CommandSpec = {
  name: 'quiz',
  usage: `${programName()} quiz [paths...] [--new N] [--limit N] [--deck NAME] [--tag TAG] [--cram] [--shuffle] [--seed N] [--learn-ahead MIN] [--state DIR] [--accept-missing-reviews] [--answers FILE|-] [--json]`,
  description:
    'Shows due cards first (most overdue first; a card in review, with an interval in days, is due all of its due day, as `stats` counts it and as in Anki; the quiz’s day starts at 4 a.m. local time, so at 00:30 it is still the day before, and FSRS counts the days since a card’s last review by these days, as Anki does), then new cards in source order; one card per note per session (a reverse card waits for the next one, as Anki buries siblings). A card graded Again, or Hard while still learning, comes back in the same session once its FSRS (re)learning step is due (1m and 10m for new cards, 10m after a lapse); when nothing else is due, a step due within the learn-ahead limit is shown at once, otherwise the screen counts down to it. The session ends when no card is left and none waits for a step (a step knows no midnight: 10m taken at 23:55 comes back at 00:05). Self-graded cards: Enter or Space reveals, 1–4 grades (Again, Hard, Good, Easy; Enter = Good), each grade showing the interval it gives. Typed and cloze cards: type the answer; decklab compares it (ignoring case, extra spaces, spaces beside punctuation, the empty () after a name, quotes around the whole answer, curly quotes, a hyphen between words and Unicode form), shows a diff of what you typed and proposes Good or Again, which 1–4 overrides. Keys: e opens the card’s source at its line in $VISUAL or $EDITOR and reloads the card afterwards; s shows the source file:line; l (after the answer) runs the card’s labs live; u undoes the last grade of this session; q quits. Every answer is saved before the next card; Ctrl-C (the way out of an answer box) or Ctrl-D ends the session and keeps them all (exit 130), with TERM=dumb’s line prompts too, and while l’s labs run (the lab stopped as on Ctrl-C).\n\n' +
    `Progress lives in the state directory: --state DIR, else $DECKLAB_STATE_DIR, else $XDG_STATE_HOME/decklab, else ~/.local/state/decklab: cards.json (the FSRS state of every reviewed card, replaced atomically after each answer) and reviews.jsonl (an append-only log of reviews and undos). A damaged file is reported and left as it is; the quiz will not run over it. A review log that ends before the last record cards.json includes (cut short, emptied or replaced: that review history is gone, the schedules are intact) is refused too (\`review-log-gap\`, exit 2), as the first answer would hide the gap for good: restore reviews.jsonl from a backup, or accept the loss with --accept-missing-reviews, which notes it in cards.json (\`stats\` and \`build --with-progress\` go on saying which records are missing, and later sessions start). One session at a time per state directory. Cards are keyed by note ID and card, so editing a note keeps its history. A note without an \`<!--ID: N-->\` yet is quizzed too, keyed by its content (type and fields; copies of one note are numbered in the order the notes are read, each a card of its own): the quiz never writes into your notes. When \`${programName()} build\` or \`${programName()} sync\` later writes its ID, its progress carries over and stays with the note through later edits (the ID is noted in content-ids.jsonl); editing it before then starts its progress again. When \`${programName()} sync\` gives a note a new ID (Anki did not have its old one), it notes the move in id-moves.jsonl and the progress follows the note.\n\n` +
    `An unknown --deck or --tag is an error (exit 2) suggesting the nearest spelling when one is close, else listing the first decks or tags in order. --cram ignores due dates (every reviewed card, soonest due first, then new cards); its answers are scheduled and saved like any others. Without a terminal, script a session with --answers: one line per card shown (a card that comes back needs another line), a grade word or 1–4 for self-graded cards, the typed text for typed and cloze cards (graded by the comparison). Output that is not a terminal gets the session as plain text with line prompts, a transcript: \`${programName()} quiz | tee session.txt\` shows it and keeps it. A file is never the screen: \`${programName()} quiz > session.txt\` writes the whole session there, shows only what you type, and says so on stderr first; a pipe into a file (\`| cat > session.txt\`) looks like \`| tee\` and gets no such note.`,
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
    'accept-missing-reviews': {
      type: 'boolean',
      description:
        'start although reviews.jsonl lost records cards.json includes: note the loss as accepted',
    },
    'learn-ahead': {
      type: 'string',
      value: 'MIN',
      description:
        'when nothing else is due, show a learning card due within MIN minutes at once (default 20)',
    },
    json: {
      type: 'boolean',
      description:
        'scripted mode: print the session summary as JSON on stdout: {"reviewed","recalled","recalledPercent","correct","correctPercent","timeMs","nextDue","end","planned","stateDirectory","reviews":[{"key","rating","typed","correct","due","intervalMs"}]}; `recalled` counts the answers not graded Again (the summary line’s “% recalled”), and `correct` and `correctPercent` are older names of `recalled` and `recalledPercent`, kept for scripts; a review’s `correct` (with `typed`, on typed and cloze cards only) says whether the typed text matched the answer (“✓ correct”), whatever grade was given',
    },
  },
  examples: [
    `${programName()} quiz`,
    `${programName()} quiz notes/ --deck "Unix Domain Sockets::Permissions" --new 5`,
    `${programName()} quiz --tag errors --cram --shuffle`,
    // For the shipped course: two self-graded cards, then a typed one (a fresh state).
    `printf "good\\ngood\\nEBADF\\n" | ${programName()} quiz --answers - --json`,
  ],
  async run(args, io) {
    return runQuizCommand(args, io)
  },
}

async function runQuizCommand(args: ParsedArgs, io: Io): Promise<number> {
  const options = parseQuizOptions(args)
  if (options.answers === undefined && io.stdin.isTTY !== true) {
    // Wrapped at words when stderr is a terminal (`decklab quiz < /dev/null` typed at one).
    io.stderr.write(
      fitStderr(
        io,
        `${programName()} quiz needs a terminal: standard input is not a TTY.\n` +
          'To script a session, give one answer per card (a grade again|hard|good|easy or 1–4, or the typed text):\n',
      ) +
        `  ${programName()} quiz --answers answers.txt\n` +
        `  printf "good\\ngood\\nEBADF\\n" | ${programName()} quiz --answers -\n`,
    )
    return exitCodes.usage
  }
  const output = sessionOutput(options, io)

  // Paths that do not exist, or answers that cannot be read, stop the run before the
  // state directory is created.
  await assertPathsExist(io.cwd, options.paths)
  const answers = await openAnswers(options.answers, io)
  // A damaged state file stops the run before the lock creates anything. State errors are
  // DecklabErrors: run-cli.ts exits 2 with their message (and, with --json, a JSON error document).
  const directory = resolveStateDirectory({ cwd: io.cwd, env: io.env, state: options.state })
  const stamp = stateFilesStamp(directory)
  // A year's log takes a second or two to read: a Ctrl-C stops the reading, and the run,
  // before the lock is taken (else the first card, drawn after the whole read, ended it).
  const read = await openStoreStoppable(directory, io.signal)
  await letSignalsIn()
  throwIfInterrupted(io.signal)
  const unlock = lockStateDirectory(directory)
  let store: Store
  // Read again under the lock when a session that ended meanwhile saved reviews this one must
  // see; else the state read is the state now (a year's log is read in half a second).
  try {
    store =
      stamp !== undefined && stateFilesStamp(directory) === stamp ? read : openStore(directory)
  } catch (error) {
    unlock()
    throw error
  }
  try {
    acceptOrRefuseGap(store, options.acceptMissingReviews, io)
    io.stderr.write(
      fitStderr(io, answersAfterNowWarning(store.cards().values(), io.now(), stderrColors(io))),
    )
    const note = stderrColors(io).cyan('note')
    io.stderr.write(fitStderr(io, mergedLogNote(store.reviewsPath, store.mergedLog, note)))
    io.stderr.write(fitStderr(io, unseenOutputNote(options.answers, io, note)))
    return await runSession(options, answers, store, io, output)
  } finally {
    unlock()
  }
}

/**
 * For a session typed at a terminal whose output goes where nobody sees it
 * (`decklab quiz > session.txt`, see unseen-output.ts): what the screen will
 * not show, and how to see it. Nothing for a pipe, a script or a terminal.
 */
function unseenOutputNote(answers: string | undefined, io: Io, note: string): string {
  const unseen = answers === undefined && io.stderr.isTTY === true && unseenOutput(io.stdout)
  if (!unseen) return ''
  return `${note} standard output is ${unseen}, not this terminal: the session (its cards, prompts and closing line) is written there, and this screen shows only what you type. Ctrl-C ends the session, every answer saved; \`${programName()} quiz | tee FILE\` shows it here and keeps it in FILE.\n`
}

/**
 * A review log that lost records is refused before the first card (an
 * answer would hide the gap, see quiz/missing-reviews.ts), unless the loss
 * is accepted: then the acceptance is saved and said.
 */
function acceptOrRefuseGap(store: Store, accept: boolean, io: Io): void {
  const gap = store.missingReviews
  if (gap === undefined) return
  if (!accept) throw logGapError(store.reviewsPath, gap)
  store.acceptMissingReviews(io.now())
  io.stderr.write(
    fitStderr(
      io,
      `${stderrColors(io).yellow('warning')} the loss of ${recordsText(gap.logEnd, gap.saved)} from ${store.reviewsPath} is accepted and noted in ${store.cardsPath}; stats and --revlog leave that history out.\n`,
    ),
  )
}

/**
 * Every path given must exist (the vault loader says the same, but only
 * after the lock), refused as the loader refuses it (`namedPathError`).
 */
async function assertPathsExist(cwd: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      await stat(resolve(cwd, path))
    } catch (error) {
      throw namedPathError(path, error, cwd)
    }
  }
}
