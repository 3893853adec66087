/**
 * Cards last answered after now: the clock was ahead when they were
 * answered (a laptop whose clock was wrong, then set right), or it is behind
 * now. Their schedule counts from those answers, so they wait, unsaid,
 * until then: a card answered with the clock a year ahead came back a year
 * late, and nothing but a far "next due" hinted why. The quiz and `stats`
 * say so, once, before anything else.
 */
import type { Colors } from '../terminal/colors.js'
import { count } from '../text/count.js'
import { formatLocalTime } from '../text/local-time.js'
import { programName } from '../text/program-name.js'
import type { StoredCard } from './cards-file.js'
import { quizDayStart } from './quiz-day.js'
import { State } from './scheduler.js'

/**
 * A clock corrected by a few seconds (NTP) is no wrong clock: only answers
 * dated later than this after now are named.
 */
const toleranceMs = 60_000

/** What the cards answered after now are: how many, the latest answer, the earliest due. */
export interface AnswersAfterNow {
  cards: number
  latest: Date
  due: Date
}

/** The stored cards whose last review is dated after `now`; undefined when none. */
export function findAnswersAfterNow(
  cards: Iterable<StoredCard>,
  now: Date,
): AnswersAfterNow | undefined {
  let found: AnswersAfterNow | undefined
  for (const card of cards) {
    if (typeof card.last_review !== 'string') continue
    const last = Date.parse(card.last_review)
    if (!(last - now.getTime() > toleranceMs)) continue
    // A card in review is due all of its quiz day, as `next due` says it: from its 4 a.m.
    const at = new Date(card.due)
    const due = (card.state === State.Review ? quizDayStart(at, 0) : at).getTime()
    if (found === undefined) {
      found = { cards: 1, latest: new Date(last), due: new Date(due) }
      continue
    }
    found.cards += 1
    if (last > found.latest.getTime()) found.latest = new Date(last)
    if (due < found.due.getTime()) found.due = new Date(due)
  }
  return found
}

/** The warning (one line) the quiz and `stats` give of them; '' when there are none. */
export function answersAfterNowWarning(
  cards: Iterable<StoredCard>,
  now: Date,
  colors: Pick<Colors, 'yellow'>,
): string {
  const found = findAnswersAfterNow(cards, now)
  if (found === undefined) return ''
  const one = found.cards === 1
  return `${colors.yellow('warning')} ${count(found.cards, 'card')} ${one ? 'was' : 'were'} last answered after now (the latest at ${formatLocalTime(found.latest, 'minute')}; the clock reads ${formatLocalTime(now, 'minute')}): the clock was ahead then, or is behind now. ${one ? 'Its schedule counts' : 'Their schedule counts'} from ${one ? 'that answer' : 'those answers'}, so ${one ? 'it waits' : 'they wait'} until ${formatLocalTime(found.due, 'minute')}${one ? '' : ' at the earliest'}; if the clock is right now, \`${programName()} quiz --cram\` shows ${one ? 'it' : 'them'} now, and an answer schedules ${one ? 'it' : 'each'} from now\n`
}
