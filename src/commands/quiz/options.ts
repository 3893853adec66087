/** `decklab quiz`'s arguments, read and checked once into one typed object. */
import type { ParsedArgs } from '../../cli/command.js'
import { wholeNumberOption } from '../../cli/whole-number-option.js'
import { UsageError } from '../../errors.js'

export interface QuizOptions {
  /** The note files and folders given (none: the vault you stand in). */
  paths: string[]
  /** `--answers FILE|-`: a scripted session reading one answer per card. */
  answers: string | undefined
  /** `--json`: the session summary as JSON on stdout (scripted sessions only). */
  json: boolean
  /** `--state DIR`. */
  state: string | undefined
  newLimit: number | undefined
  limit: number | undefined
  deck: string | undefined
  tag: string | undefined
  cram: boolean
  shuffle: boolean
  /** `--seed N` for `--shuffle` (none: one from the clock). */
  seed: number | undefined
  /** `--learn-ahead MIN`, in milliseconds. */
  learnAheadMs: number | undefined
  /** `--accept-missing-reviews`: start even though the review log lost records (see quiz/missing-reviews.ts). */
  acceptMissingReviews: boolean
}

/** Read the parsed arguments; a bad value is a usage error whether or not there is a terminal. */
export function parseQuizOptions(args: ParsedArgs): QuizOptions {
  const { values } = args
  const answers = stringOption(values.answers)
  const json = values.json === true
  if (json && answers === undefined) {
    throw new UsageError(
      '`--json` needs `--answers FILE`: an interactive session prints for a person',
    )
  }
  const newLimit = countOption(values.new, '--new')
  const limit = countOption(values.limit, '--limit')
  const seed = countOption(values.seed, '--seed')
  // A seed alone would look like a fixed order while the cards come in plan order.
  if (seed !== undefined && values.shuffle !== true) {
    throw new UsageError('`--seed` needs `--shuffle`: it seeds the shuffle of the session’s cards')
  }
  const learnAhead = countOption(values['learn-ahead'], '--learn-ahead', 'minutes')
  return {
    paths: args.positionals,
    answers,
    json,
    state: stringOption(values.state),
    newLimit,
    limit,
    deck: stringOption(values.deck),
    tag: stringOption(values.tag),
    cram: values.cram === true,
    shuffle: values.shuffle === true,
    seed,
    learnAheadMs: learnAhead === undefined ? undefined : learnAhead * 60_000,
    acceptMissingReviews: values['accept-missing-reviews'] === true,
  }
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A whole number option from 0, or a usage error naming the flag. */
function countOption(value: unknown, flag: string, unit?: string): number | undefined {
  return typeof value === 'string' ? wholeNumberOption(flag, value, { min: 0, unit }) : undefined
}
