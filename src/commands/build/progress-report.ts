/**
 * `build --with-progress` that carried no progress at all says so: a state
 * directory that holds none (a mistyped `--state`, another
 * `$DECKLAB_STATE_DIR`) or holds only other notes' cards (another vault's)
 * otherwise gave a package of new cards without a word.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'

/** The warning when no packaged card got progress from the state directory; else undefined. */
export function noProgressWarning(
  cwd: string,
  directory: string,
  stored: number,
  matched: number,
): Diagnostic | undefined {
  if (matched > 0) return undefined
  const where = relativeTo(cwd, directory)
  const hint = `Give --state the directory \`${programName()} quiz\` keeps its progress in (the same --state, or $DECKLAB_STATE_DIR, as the quiz had)`
  const reporter = createReporter(where)
  return stored === 0
    ? reporter.warning(
        'no-quiz-progress',
        `No quiz progress in \`${where}\`: every card of the package is new`,
        { hint },
      )
    : reporter.warning(
        'no-quiz-progress',
        `The quiz progress in \`${where}\` (${stored === 1 ? '1 card' : `${stored} cards`}) is for none of these notes' cards: every card of the package is new`,
        { hint: `${hint}; progress kept for another vault's notes stays with them` },
      )
}
