/**
 * A sync stopped midway by Anki (unreachable, refusing, silent past
 * `--timeout`) or by a signal (Ctrl-C, SIGTERM) after it had changed Anki or
 * written IDs into notes: the error says so, and carries the notes added,
 * with the IDs now in their files. Without it, the user saw only "Cannot
 * reach AnkiConnect" or "Interrupted" while hundreds of notes had new ID
 * lines, and `--json` had no word of them.
 */
import { DecklabError } from '../../errors.js'
import { interruptedError } from '../../interrupt.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import type { SyncResult } from './sync-result.js'
import type { SyncSession } from './sync-session.js'

/** Anki's error, told what the sync had done before it (see `stoppedMidway`). */
export class SyncStopped extends DecklabError {
  /** What the sync had done, and what to do: the message's second sentence. */
  readonly done: string

  constructor(
    error: DecklabError,
    /** The notes added (under the IDs written) and the diagnostics so far. */
    readonly result: Pick<SyncResult, 'added' | 'diagnostics'>,
  ) {
    const stop = error.message.endsWith('.') ? '' : '.'
    // Anki's errors end when Anki answers again; an interruption, when the user runs it again.
    const again = error.code === 'interrupted' ? '' : ' once Anki answers'
    const done = doneSoFar(result.added, again)
    super(error.code, `${error.message}${stop} ${done}`, { cause: error })
    this.done = done
    this.name = 'SyncStopped'
  }
}

/** The error to throw for `error`: a `SyncStopped` when the sync had changed anything. */
export function stoppedMidway(session: SyncSession, error: unknown): unknown {
  const { signal, dryRun } = session.options
  // Anki's errors (anki-unreachable, -refused, -timeout, -reply) and a signal, whatever the
  // step it reached threw then (an aborted request, a lock wait); a state folder's error
  // says its own.
  const interrupted = signal?.aborted === true
  if (!interrupted && !(error instanceof DecklabError && error.code.startsWith('anki-'))) {
    return error
  }
  if (dryRun) return error
  if (session.result.added.length === 0 && session.anki.counts.writes === 0) return error
  const { added, diagnostics } = session.finish()
  const cause = interrupted ? interruptedError(signal) : (error as DecklabError)
  return new SyncStopped(cause, { added, diagnostics })
}

/** What a stopped sync had done: the notes it added and where their IDs went. */
function doneSoFar(added: SyncResult['added'], when: string): string {
  const again = `run \`${programName()} sync\` again${when} to finish what it started (nothing is added twice)`
  if (added.length === 0) return `This sync stopped midway, after changing Anki: ${again}.`
  const files = [...new Set(added.map((note) => note.file))]
  const named =
    files.length > 3
      ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`
      : files.join(', ')
  return `This sync stopped midway: it had added ${count(added.length, 'note')} to Anki, whose IDs are written in ${named}; ${again}.`
}
