/**
 * Why a quiz has nothing to show: a `--deck` or `--tag` that names nothing
 * (a usage error, with the nearest names), or the plain reason the plan is
 * empty (no cards, nothing due, the new-card limit).
 */
import { UsageError } from '../errors.js'
import { namesWithParents } from '../model/nested-names.js'
import { count } from '../text/count.js'
import { nearestNames } from '../text/nearest-name.js'
import type { QuizCard } from './quiz-card.js'
import { type CardSchedule, defaultNewLimit, matchesFilters, type PlanOptions } from './session.js'

/** Throws a usage error when `--deck` or `--tag` matches no card of the vault. */
export function checkFilters(
  cards: readonly QuizCard[],
  options: Pick<PlanOptions, 'deck' | 'tag'>,
): void {
  // Each filter alone first, so the error names the one that matches nothing.
  const filters = [
    {
      flag: 'deck',
      value: options.deck,
      only: { deck: options.deck },
      namesOf: (card: QuizCard) => [card.note.deck],
    },
    {
      flag: 'tag',
      value: options.tag,
      only: { tag: options.tag },
      namesOf: (card: QuizCard) => card.note.tags,
    },
  ]
  for (const { flag, value, only, namesOf } of filters) {
    if (value === undefined || cards.some((card) => matchesFilters(card.note, only))) continue
    const names = namesWithParents(cards.flatMap(namesOf))
    throw new UsageError(`no ${flag} \`${value}\` in these notes${suggest(value, names)}`)
  }
  if (
    options.deck !== undefined &&
    options.tag !== undefined &&
    !cards.some((card) => matchesFilters(card.note, options))
  ) {
    throw new UsageError(
      `no card is both in deck \`${options.deck}\` and tagged \`${options.tag}\``,
    )
  }
}

/** `; did you mean `X` or `Y`?`: the closest names, or a few that exist. */
export function suggest(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return ' (they have none)'
  const close = nearestNames(word, candidates)
  if (close.length > 0) {
    return `; did you mean ${close
      .slice(0, 3)
      .map((name) => `\`${name}\``)
      .join(' or ')}?`
  }
  const some = candidates
    .slice(0, 5)
    .map((name) => `\`${name}\``)
    .join(', ')
  return `; there are ${some}${candidates.length > 5 ? `, and ${candidates.length - 5} more` : ''}`
}

/**
 * One sentence saying why the plan is empty, giving only reasons that hold:
 * `--limit 0` alone when it asked for none; otherwise why no reviewed card
 * was chosen (none due, or with `--cram` none reviewed yet) and why no new
 * one was (none left, or `--new 0`). `paths` are the paths read (`notePaths`).
 */
export function emptyReason(
  cards: readonly QuizCard[],
  schedule: (card: QuizCard) => CardSchedule | undefined,
  options: PlanOptions,
  paths: readonly string[],
): string {
  const inScope = cards.filter((card) => matchesFilters(card.note, options))
  if (inScope.length === 0) {
    return `Nothing to review: no cards in ${paths.map((path) => `\`${path}\``).join(', ')}.`
  }
  const parts = [`${count(inScope.length, 'card')} in scope`]
  if (options.limit === 0) parts.push('`--limit 0` asks for none')
  else {
    const fresh = inScope.filter((card) => schedule(card) === undefined).length
    // --cram takes every reviewed card, due or not: it is empty only when none was reviewed.
    parts.push(options.cram ? 'none reviewed yet for `--cram`' : 'none due now')
    if (fresh === 0) parts.push('no new ones left')
    else if ((options.newLimit ?? defaultNewLimit) === 0) {
      parts.push(`${fresh} new ${fresh === 1 ? 'one' : 'ones'} left out by \`--new 0\``)
    }
  }
  return `Nothing to review now: ${parts.join(', ')}.`
}
