/**
 * A sync stopped midway by Anki (unreachable, refusing, silent past
 * `--timeout`) after it had changed Anki or written IDs into notes: the
 * error says so, and carries the notes added, with the IDs now in their
 * files. Without it, the user saw only "Cannot reach AnkiConnect" while
 * hundreds of notes had new ID lines, and `--json` had no word of them.
 */
import { DecklabError } from '../../errors.js'
import { count } from '../../text/count.js'
import type { SyncResult } from './sync-result.js'
import type { SyncSession } from './sync-session.js'

/** Anki's error, told what the sync had done before it (see `stoppedMidway`). */
export class SyncStopped extends DecklabError {
  constructor(
    error: DecklabError,
    /** The notes added (under the IDs written) and the diagnostics so far. */
    readonly result: Pick<SyncResult, 'added' | 'diagnostics'>,
  ) {
    const stop = error.message.endsWith('.') ? '' : '.'
    super(error.code, `${error.message}${stop} ${doneSoFar(result.added)}`, { cause: error })
    this.name = 'SyncStopped'
  }
}

/** The error to throw for `error`: a `SyncStopped` when the sync had changed anything. */
export function stoppedMidway(session: SyncSession, error: unknown): unknown {
  // Only Anki's errors (anki-unreachable, -refused, -timeout, -reply): "once Anki answers" is
  // theirs; an interruption is the command's to report, and a state folder's error says its own.
  if (!(error instanceof DecklabError) || !error.code.startsWith('anki-')) return error
  if (session.options.dryRun || session.options.signal?.aborted) return error
  if (session.result.added.length === 0 && session.anki.counts.writes === 0) return error
  const { added, diagnostics } = session.finish()
  return new SyncStopped(error, { added, diagnostics })
}

/** What a stopped sync had done: the notes it added and where their IDs went. */
function doneSoFar(added: SyncResult['added']): string {
  const again =
    'run `decklab sync` again once Anki answers to finish what it started (nothing is added twice)'
  if (added.length === 0) return `This sync stopped midway, after changing Anki: ${again}.`
  const files = [...new Set(added.map((note) => note.file))]
  const named =
    files.length > 3
      ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`
      : files.join(', ')
  return `This sync stopped midway: it had added ${count(added.length, 'note')} to Anki, whose IDs are written in ${named}; ${again}.`
}
