/**
 * Reviews of cards no longer in the notes read (pure): their note was
 * removed, or lost the card (a cloze deletion taken out), since the reviews
 * were recorded. `stats` counts only the reviews of the cards it finds, so
 * these would go silently uncounted. A review is told apart from another
 * vault's (a state directory may hold several) by the file its note was
 * last seen in: only a file among the paths read counts, and none that had
 * errors (its notes were left out, not removed). Reviews under a content key
 * (a note without an ID) record no file, and are not counted.
 */
import { isAbsolute, relative, sep } from 'node:path'
import { contentKeyPrefix } from '../model/note-key.js'
import type { NoteLocation } from './cards-file.js'
import type { QuizCard } from './quiz-card.js'
import type { ReviewRecord } from './review-record.js'

export interface RemovedReviewsInput {
  reviews: readonly Extract<ReviewRecord, { type: 'review' }>[]
  cards: readonly QuizCard[]
  /** Where the note of a GUID was last seen (the store's index). */
  location: (guid: string) => NoteLocation | undefined
  /** The absolute files and folders read. */
  scope: readonly string[]
  /** Absolute files whose notes had errors. */
  withErrors: ReadonlySet<string>
}

/** How many reviews are of cards, of notes with an ID, that the paths read no longer have. */
export function countRemovedReviews(input: RemovedReviewsInput): number {
  const keys = new Set(input.cards.map((card) => card.key))
  let removed = 0
  for (const review of input.reviews) {
    if (keys.has(review.key) || review.key.startsWith(contentKeyPrefix)) continue
    const slash = review.key.lastIndexOf('/')
    const file = input.location(slash === -1 ? review.key : review.key.slice(0, slash))?.file
    if (file === undefined || input.withErrors.has(file)) continue
    if (input.scope.some((path) => within(file, path))) removed += 1
  }
  return removed
}

/** Whether `file` is `path` or inside the folder `path`. */
function within(file: string, path: string): boolean {
  const rest = relative(path, file)
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest))
}
