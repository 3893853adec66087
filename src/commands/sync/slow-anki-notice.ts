import { programName } from '../../text/program-name.js'
/**
 * What sync says when Anki has left a request unanswered for a while
 * (`slowAnswerMs`): why that may be, and what the user can do.
 */

/**
 * The notice for `action` (as named by `anki-connect.ts`), unanswered for
 * `seconds`, which the sync gives up on after `secondsLeft` more (`--timeout`;
 * undefined: never).
 */
export function slowAnkiNotice(
  action: string,
  seconds: number,
  secondsLeft?: number | undefined,
): string {
  const waiting = `Anki has not answered \`${action}\` for ${seconds} s`
  const still =
    secondsLeft === undefined
      ? 'Still waiting'
      : `Still waiting, at most ${secondsLeft} s more (\`--timeout\`)`
  // AnkiConnect reads each request 1 KB per tick: megabytes of media take a while on their own.
  if (action.includes('storeMediaFile')) {
    return `${waiting}: AnkiConnect reads a request in small slices, so a large media file takes a while to arrive (it also waits while Anki shows a dialog or syncs with AnkiWeb). ${still}; a file stopped on its way may still reach Anki after Ctrl-C.\n`
  }
  return `${waiting}: AnkiConnect waits while Anki shows a dialog or syncs with AnkiWeb. ${still}; Ctrl-C stops, and the next \`${programName()} sync\` finishes what this one started.\n`
}
