import type { CommandSpec, ParsedArgs } from '../../cli/command.js'
import { wholeNumberOption } from '../../cli/whole-number-option.js'
import { hasErrors } from '../../diagnostics/diagnostic.js'
import { formatDiagnostics, formatSummary } from '../../diagnostics/format.js'
import { diagnosticsJson } from '../../diagnostics/json.js'
import { ExitError, exitCodes, UsageError } from '../../errors.js'
import { sayOnInterrupt } from '../../interrupt.js'
import { loadLabCatalog } from '../../labs/registry.js'
import { lockWaitNotice } from '../../locks/wait-notice.js'
import { loadVault } from '../../notes/load-vault.js'
import { resolveStateDirectory } from '../../quiz/state-directory.js'
import { defaultReplyTimeoutMs } from '../../sync/anki-connect.js'
import { defaultAnkiUrl, parseAnkiUrl } from '../../sync/anki-url.js'
import { type Io, stderrColors, writeJson } from '../../terminal/io.js'
import { redrawsLines } from '../../terminal/line-redraw.js'
import { terminalLine } from '../../terminal/safe-text.js'
import { programName } from '../../text/program-name.js'
import { createProgressBar } from '../build/progress.js'
import { printSyncReport } from './print-report.js'
import { removalQuestion } from './removal-question.js'
import { runSync, type SyncOptions, type SyncResult, SyncStopped } from './run-sync.js'
import { slowAnkiNotice } from './slow-anki-notice.js'

/** `decklab sync`: bring a running Anki in step with the notes through AnkiConnect. */
export const command: CommandSpec = {
  name: 'sync',
  usage: `${programName()} sync [paths...] [--url URL] [--allow-remote] [--state DIR] [--timeout SECONDS] [--dry-run] [--allow-mass-delete] [--yes] [--json]`,
  description:
    "Talks to the AnkiConnect add-on of a running Anki, with Obsidian_to_Anki's semantics: a note's `<!--ID: N-->` is its Anki note id. New notes are added and the ids Anki gives are written into them at once (atomically, changing nothing else); changed fields and tags are updated in place, so cards and review history stay (fields edited in Anki since the last sync are replaced too, after their Anki text is kept in `sync/….anki-edits.jsonl` in the state directory, with the warning `anki-edit-replaced`; so are the fields and tags replaced in a note no sync recorded, such as a plugin vault's on its first sync, counted once in the report, except in a file unchanged since the plugin's last sync (its `File Hashes`), whose notes are left as Anki has them, as the plugin would leave them, until their blocks change); cards whose deck changed are moved (a card in a filtered deck, such as a custom study session, is left there: AnkiConnect does not say its home deck and a move would end its session; the next sync looks again); changed media is stored; notes removed from the vault, and `DELETE` blocks, are deleted from Anki, but only notes that decklab itself synced before; a `DELETE` standing in place of its block is then taken out of the note with its ID line, as the plugin does (one inside a block stays). A note whose ID line was lost takes its ID back (warning `id-restored`) when the record has it from the same file with the same content, or, edited meanwhile, when it is the only note of that file without an ID with the note type and first field of a note gone from it (and that note matches no other): it is then updated in place instead of being added while the old note is deleted. When removals would take more than half of the notes synced from the paths read (and over 10), none is made without --allow-mass-delete: a folder moved, unmounted or checked out on another branch looks like that, and Anki deletes review history with the cards. On a terminal, the sync lists the notes it would delete because their blocks or files are gone and asks before it changes anything (`[y/N]`; no keeps them in Anki, warning `delete-declined`, and syncs the rest); with --yes, --json, or off a terminal (a script) it does not ask. Every sync lists the notes it deleted.\n\n" +
    "New notes get decklab's note types (`Basic (decklab)`, …, created when missing) so the lab link has a field of its own; where AnkiConnect cannot create them, the stock type the block names, without the lab link. Notes already in Anki keep their type and review history. A record of what was synced (per vault and Anki address) lives in the state directory (--state DIR, else $DECKLAB_STATE_DIR, else $XDG_STATE_HOME/decklab, else ~/.local/state/decklab) under `sync/`; with it, an unchanged vault syncs without a single write. An interrupted sync (Ctrl-C, kill, Anki closed) finishes on the next run without duplicates.\n\n" +
    'One sync at a time per state directory and Anki address: a second is refused (`sync-locked`, naming the one running; a dry run takes no lock).\n\nExit 2 when Anki cannot be reached, leaves a request unanswered past --timeout (`anki-timeout`: what was sent may still be applied, and the next run finishes it as after an interruption), answers an action with an error (`anki-refused`: a dialog open, a sync with AnkiWeb under way, an add-on too old) or another sync is running; exit 1 when Anki refused some notes (each is reported at its file and line; the others are synced) or removals were held.',
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: `AnkiConnect's address (default ${defaultAnkiUrl}); http on the loopback interface only`,
    },
    'allow-remote': {
      type: 'boolean',
      description: 'accept a --url on another host (the notes travel over the network)',
    },
    state: { type: 'string', value: 'DIR', description: 'where the sync record is kept' },
    timeout: {
      type: 'string',
      value: 'SECONDS',
      description: `how long Anki may take to answer a request before the sync stops (default ${defaultReplyTimeoutMs / 1000}; 0 waits for ever); a large request also gets the time AnkiConnect takes to read it`,
    },
    'dry-run': {
      type: 'boolean',
      description:
        'print the plan (add / update, naming the fields and tags that change / move / delete / media) and change nothing; a new note Anki would refuse as a duplicate is an `anki-rejected` error, as in the sync',
    },
    'allow-mass-delete': {
      type: 'boolean',
      description: 'delete removed notes even when they are most of those synced (over 10)',
    },
    yes: {
      type: 'boolean',
      description:
        'delete notes removed from the vault without asking (a terminal asks first; a script is never asked)',
    },
    json: { type: 'boolean', description: 'print the result as JSON on stdout' },
  },
  examples: [
    `${programName()} sync`,
    `${programName()} sync --dry-run`,
    `${programName()} sync notes --url http://127.0.0.1:8765 --json`,
  ],
  allowPositionals: true,
  async run(args, io) {
    const status = statusLine(io, args.values.json === true)
    const options = syncOptions(args, io, status)
    // Also what is printed if the process ends before the sync stops (an add Anki has
    // not answered within the grace time): the record and the pending tag cover that too.
    const quiet = sayOnInterrupt(interruptedSync)
    let result: SyncResult
    try {
      result = await runSync(options, {
        loadVault,
        labCatalog: loadLabCatalog,
        loadRenderer: async (notes) =>
          (await import('../../render/load-renderer.js')).loadRenderer(notes),
      })
    } catch (error) {
      if (!io.signal.aborted) {
        // Stopped by Anki after adding notes: the one document names them, with the error.
        if (error instanceof SyncStopped) writeStopped(io, error, args.values.json === true)
        throw error
      }
      // Interrupted after adding notes: the one document names them, as Anki's errors do.
      if (error instanceof SyncStopped) {
        writeStopped(io, error, args.values.json === true)
        io.stderr.write(`\nInterrupted: what was synced is recorded. ${terminalLine(error.done)}\n`)
      } else io.stderr.write(interruptedSync)
      throw new ExitError(exitCodes.interrupted)
    } finally {
      status.clear()
      quiet()
    }
    if (args.values.json === true) {
      // The problems go to stderr too, as build, check and preview print them with --json.
      io.stderr.write(formatDiagnostics(result.diagnostics, stderrColors(io)))
      if (result.diagnostics.length > 0) io.stderr.write(`${formatSummary(result.diagnostics)}\n`)
      // A signal that came as Anki answered the last request: the sync is whole and
      // recorded, and the exit is 130; the document says why, as build's does.
      writeJson(io, {
        ...result,
        diagnostics: diagnosticsJson(result.diagnostics),
        ...(io.signal.aborted ? { interrupted: true } : {}),
      })
    } else printSyncReport(io, result)
    return hasErrors(result.diagnostics) ? exitCodes.findings : exitCodes.ok
  },
}

/**
 * A sync Anki stopped after it changed something: its diagnostics so far,
 * and with `--json` the one document: the error (as every stopped run
 * prints it) with the notes added and their IDs. The error is then said on
 * stderr as usual.
 */
function writeStopped(io: Io, error: SyncStopped, json: boolean): void {
  const { added, diagnostics } = error.result
  io.stderr.write(formatDiagnostics(diagnostics, stderrColors(io)))
  if (!json) return
  writeJson(io, {
    error: { code: error.code, message: error.message },
    added,
    diagnostics: diagnosticsJson(diagnostics),
  })
}

const interruptedSync = `\nInterrupted: what was synced is recorded; run \`${programName()} sync\` again to finish (nothing is added twice).\n`

/** The sync's options from the command line; a `UsageError` for an empty `--url` or `--state`. */
function syncOptions(args: ParsedArgs, io: Io, status: StatusLine): SyncOptions {
  const urlText = args.values.url ?? defaultAnkiUrl
  if (typeof urlText !== 'string' || urlText.trim() === '') {
    throw new UsageError('`--url` needs an address')
  }
  return {
    cwd: io.cwd,
    paths: args.positionals,
    url: parseAnkiUrl(urlText, args.values['allow-remote'] === true),
    dryRun: args.values['dry-run'] === true,
    allowMassDelete: args.values['allow-mass-delete'] === true,
    confirmRemovals: askedOnLine(
      status,
      removalQuestion(io, { json: args.values.json === true, yes: args.values.yes === true }),
    ),
    // An empty `--state` is refused there, as for quiz and stats.
    stateDirectory: resolveStateDirectory({
      state: typeof args.values.state === 'string' ? args.values.state : undefined,
      cwd: io.cwd,
      env: io.env,
    }),
    now: io.now(),
    signal: io.signal,
    timeoutMs: parseTimeout(args.values.timeout),
    onSlowAnki: (action, seconds, secondsLeft) => {
      status.clear()
      io.stderr.write(slowAnkiNotice(action, seconds, secondsLeft))
    },
    onProgress: status.show,
    onLockWait: (holder) => {
      status.clear()
      io.stderr.write(lockWaitNotice(terminalLine(holder)))
    },
  }
}

/** The question asked below the status line, erased first (the status is drawn again after). */
function askedOnLine<T extends unknown[]>(
  status: StatusLine,
  question: ((...args: T) => Promise<boolean>) | undefined,
): ((...args: T) => Promise<boolean>) | undefined {
  if (question === undefined) return undefined
  return (...args) => {
    status.clear()
    return question(...args)
  }
}

/** The longest `--timeout`: a day (a timer takes at most about 24 days). */
const maxTimeoutSeconds = 86_400

/** `--timeout SECONDS` in milliseconds; a `UsageError` for anything but a whole number up to a day. */
function parseTimeout(value: unknown): number | undefined {
  const seconds = wholeNumberOption('--timeout', value, {
    min: 0,
    max: maxTimeoutSeconds,
    unit: 'seconds',
    note: '0 waits for ever',
  })
  return seconds === undefined ? undefined : seconds * 1000
}

interface StatusLine {
  show: ((text: string) => void) | undefined
  /** Erase the line (before any other text, and before the report). */
  clear(): void
}

/**
 * What the sync is doing, on one line of stderr redrawn in place (build's
 * progress line): on a terminal only, and not with `--json` (a first sync
 * of thousands of notes takes a while). Off a terminal nothing is drawn.
 */
function statusLine(io: Io, json: boolean): StatusLine {
  if (!redrawsLines(io.stderr, io.env) || json) return { show: undefined, clear: () => undefined }
  const line = createProgressBar(io.stderr, 'sync', io.env)
  return { show: (text) => line.status(terminalLine(text)), clear: () => line.finish() }
}
