/**
 * Whether a word on the answer side is negated: a negation shortly before
 * it, within the same clause (see README.md, rule 3).
 */
import { clauseAfter, clauseEnd, clauseOf, textAfter, textBefore } from './clause-text.js'

/**
 * How many words back each negation reaches. Verb negations (`does not
 * give X`, `never returns X`) reach three words; `no`, `nor` and `neither`
 * bind only the next word (`no listener gets X` does not negate X).
 */
const reach: ReadonlyMap<string, number> = new Map([
  ['not', 3],
  ['never', 3],
  ['cannot', 3],
  ['without', 2],
  ['unlike', 2],
  ['no', 1],
  ['nor', 1],
  ['neither', 1],
])
const pairs = new Set(['instead of', 'rather than', 'no longer'])

/** Words after which `no` starts a phrase, not a clause: `with no listener refuses` negates nothing. */
const prepositions = new Set([
  'with',
  'without',
  'of',
  'for',
  'in',
  'on',
  'to',
  'from',
  'by',
  'at',
  'has',
  'have',
  'had',
])

/**
 * True when the text just before `index` negates what starts at `index`.
 * `claim`: what starts there is a yes/no claim phrase, which a subject
 * with `no` negates too (`No file stays`, `nothing stays`), unlike a value
 * after it (`no listener gets ECONNREFUSED` states ECONNREFUSED), and a
 * verb negation anywhere earlier in its clause (`never asks the client for
 * a password`), where a value is reached only three words back.
 */
export function isNegated(text: string, index: number, claim = false): boolean {
  const whole = textBefore(text, index)
  const before = whole.slice(Math.max(0, whole.length - 80))
  const clause = clauseOf(before)
  const clauseWords = wordsOf(clause)
  const words = clauseWords.slice(-3)
  // `a path that does not exist gets ENOENT`: a verb negated inside a subordinate
  // clause, with a word between it and the value, is that clause's, not the value's.
  const subordinate = clauseWords.slice(0, -3).some((word) => subordinators.has(word))
  for (const [position, word] of words.entries()) {
    const distance = words.length - position
    if (subordinate && distance === 3 && isVerbNegation(word)) continue
    // `not ECONNREFUSED but ENOENT`: what follows `but` is affirmed, not negated.
    if (words.slice(position + 1).includes('but')) continue
    if (word.endsWith("n't") && distance <= 3) return true
    if ((reach.get(word) ?? 0) >= distance) return true
  }
  // A pair reaches one word further (`rather than using the exact length`).
  const pairWords = clauseWords.slice(-4)
  for (let at = 0; at + 1 < pairWords.length; at += 1) {
    if (pairs.has(`${pairWords[at]} ${pairWords[at + 1]}`)) return true
  }
  if (!claim) return false
  return (
    negatedSubject(words) ||
    negatedAcrossAside(before, clause) ||
    negatedEarlierInClause(clauseOf(whole))
  )
}

/** `never`, `not`, `cannot` and words ending in `n't`: negations of a verb. */
function isVerbNegation(word: string): boolean {
  return word === 'not' || word === 'never' || word === 'cannot' || word.endsWith("n't")
}

/** Words that join another clause on: a verb negation before one does not reach past it. */
const coordinators = new Set(['and', 'or', 'but', 'nor', 'so', 'yet', 'then', 'instead', 'rather'])

/**
 * Words that open a subordinate clause (`a socket that never listened
 * refuses`): its end is not marked, so a verb negation after one may
 * belong to it and not to the claim.
 */
const subordinators = new Set([
  'that',
  'which',
  'who',
  'whom',
  'whose',
  'where',
  'when',
  'whenever',
  'whether',
  'if',
  'unless',
  'until',
  'because',
  'since',
  'while',
  'whereas',
  'although',
  'though',
  'once',
])

/**
 * `The server never asks the client for a password`: a verb negation
 * earlier in the claim's clause negates the claim however many words come
 * between, unless a word between them joins another clause on (`never
 * waits and asks for a password`), or the clause holds a subordinate
 * clause before it (`a socket that never listened refuses`), which may be
 * where the negation belongs. `clause`: the claim's clause up to the claim.
 */
function negatedEarlierInClause(clause: string): boolean {
  const words = wordsOf(clause)
  const negation = words.findLastIndex(isVerbNegation)
  if (negation === -1) return false
  const between = words.slice(negation + 1)
  return (
    !between.some((word) => coordinators.has(word) || subordinators.has(word)) &&
    !words.slice(0, negation).some((word) => subordinators.has(word))
  )
}

/**
 * `Nobody, not even root, can connect`; `no user, root included, can
 * connect`: a negated subject, then an aside between commas, then the claim
 * (after at most two words, `can`). The aside is a clause of its own, so
 * the words right before the claim say nothing.
 */
function negatedAcrossAside(before: string, clause: string): boolean {
  if (wordsOf(clause).length > 2) return false
  const rest = before.slice(0, before.length - clause.length)
  if (!rest.endsWith(',')) return false
  const aside = rest.slice(0, -1)
  const comma = aside.lastIndexOf(',')
  if (comma === -1 || wordsOf(aside.slice(comma + 1)).length > 4) return false
  const head = aside.slice(0, comma)
  const subject = head.slice(Math.max(...[...'.;:!?\n'].map((end) => head.lastIndexOf(end))) + 1)
  const words = wordsOf(subject)
  return words.length <= 2 && negatedSubject(words)
}

/** Words that may stand between a name and the verb after it, around its negation (`is`, `does`, `get`). */
const auxiliaries = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'get',
  'gets',
  'got',
  'do',
  'does',
  'did',
  'will',
  'would',
  'can',
  'could',
  'may',
  'might',
  'must',
  'should',
  'has',
  'have',
  'had',
  'ever',
])

/** What a name may head (`the MSG_TRUNC flag is never set`). */
const nameHeads = new Set(['flag', 'bit', 'error', 'signal'])

/**
 * Verbs that say a value shows up. Negated after a name (`MSG_TRUNC is
 * never set`, `EPIPE isn't reported`, `SIGPIPE never appears`), they say
 * it does not; other verbs say something of it (`SOCK_DGRAM never merges
 * datagrams`, `MSG_TRUNC is never cleared` still name it as what shows up).
 */
const showingUp = new Set([
  'set',
  'returned',
  'reported',
  'raised',
  'delivered',
  'sent',
  'given',
  'shown',
  'seen',
  'produced',
  'generated',
  'signalled',
  'signaled',
  'triggered',
  'thrown',
  'received',
  'listed',
  'offered',
  'printed',
  'logged',
  'recorded',
  'included',
  'emitted',
  'used',
  'appear',
  'appears',
  'appeared',
  'occur',
  'occurs',
  'occurred',
  'happen',
  'happens',
  'happened',
  'arrive',
  'arrives',
  'arrived',
])

/**
 * True when the text just after a name (from `start` to `end`) says, within the
 * same clause, that the name does not show up: the name as the subject of
 * a negated verb of `showingUp`, with auxiliaries around the negation (`is
 * never set`, `is not returned`, `isn't reported`, `never appears`, `does
 * not get set`). Not when another word comes first (`ECONNREFUSED and
 * never blocks`, `ECONNREFUSED not ENOENT`), nor when the name is inside a
 * subordinate clause, after a word opening it and some other (`a datagram
 * that gets MSG_TRUNC is not delivered`: it may be the object there).
 */
export function negatedAfter(text: string, start: number, end: number): boolean {
  const clause = clauseAfter(textAfter(text, end))
  const words = wordsOf(clause)
  let at = nameHeads.has(words[0] ?? '') ? 1 : 0
  let negated = false
  for (; at < words.length; at += 1) {
    const word = words[at] ?? ''
    if (isVerbNegation(word)) negated = true
    else if (!auxiliaries.has(word)) break
  }
  if (!negated || !showingUp.has(words[at] ?? '')) return false
  return !inSubordinateClause(wordsOf(clauseOf(textBefore(text, start))))
}

/**
 * Whether a name after `words` (its clause up to the name) sits inside a
 * subordinate clause without being its subject: a word opening one comes
 * before it, and other words than an article come between (`that gets
 * MSG_TRUNC`, but not `note that MSG_TRUNC` or `that the MSG_TRUNC`).
 */
function inSubordinateClause(words: readonly string[]): boolean {
  const opener = words.findLastIndex((word) => subordinators.has(word))
  if (opener === -1) return false
  return words.slice(opener + 1).some((word) => word !== 'the' && word !== 'a' && word !== 'an')
}

/** The words of `text`, lower case, letters and apostrophes only (`don’t` as `don't`). */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .split(/\s+/)
    .map((word) => word.replace(/[^a-z']/g, ''))
    .filter((word) => word !== '')
}

/** `no <word>` or `nothing`/`nobody`/`none` right before a claim, as its subject. */
function negatedSubject(words: readonly string[]): boolean {
  const last = words.at(-1)
  if (last === 'nothing' || last === 'nobody' || last === 'none') return true
  const determiner = words.length - 2
  if (words[determiner] !== 'no') return false
  return determiner === 0 || !prepositions.has(words[determiner - 1] ?? '')
}

/**
 * Words that limit a claim instead of stating it: `the file stays only when
 * the server is killed`, `usually the same number`, `root may claim only its
 * own pid`. The claim is then said of some case the judge cannot match with
 * the lab's, so it is not stated either way.
 */
const hedges = new Set([
  'only',
  'usually',
  'sometimes',
  'rarely',
  'seldom',
  'hardly',
  'scarcely',
  'barely',
  'mostly',
  'often',
  'occasionally',
  'typically',
  'generally',
  'normally',
  'mainly',
  'partly',
  'partially',
  'merely',
])

/**
 * True when a hedge stands in the claim's clause within three words before
 * it (`only Node 18 truncates`) or two words after it (`stays only when`,
 * `is only needed`), or the clause opens with `only`. The claim phrase's own words do not count (`only the
 * owner` is a claim).
 */
export function isHedged(text: string, start: number, end: number): boolean {
  const clause = wordsOf(clauseOf(textBefore(text, start)))
  const after = wordsOf(clauseAfter(textAfter(text, end))).slice(0, 2)
  // A clause that opens with `only` limits its subject (`Only the ipc channel is a socketpair`).
  if (clause[0] === 'only') return true
  return [...clause.slice(-3), ...after].some((word) => hedges.has(word))
}

/**
 * Words that deny something (`not`, `never`, `nothing`, `false`, …) or
 * suppose it (`might`, `could`, `would`, `may`): standing in a value's
 * clause without negating it by the rules above, they may deny or suppose
 * the value itself (`HELLO is what a client might send`, `it is false that
 * the server sends HELLO`, `HELLO is never what the server sends`), and the
 * judge cannot tell from words whether they do.
 */
const denials = new Set([
  'not',
  'never',
  'cannot',
  'no',
  'nothing',
  'none',
  'nobody',
  'neither',
  'nor',
  'false',
  'untrue',
  // A myth-busting answer: `ECONNREFUSED is wrong; it gives ENOENT` does not state ECONNREFUSED.
  'wrong',
  'incorrect',
  'mistaken',
])
const suppositions = new Set(['might', 'could', 'would', 'may'])

function framesValue(word: string): boolean {
  return denials.has(word) || suppositions.has(word) || word.endsWith("n't")
}

/** A token rule 3 or a name reads (an errno name, a symbolic name, a number): a denial before it is its own. */
const tokenWord =
  /^(?:E[A-Z0-9]{2,}|SIG[A-Z0-9]{2,}|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|-?\d[\d,]*|0o?[0-7]{3,4})$/

/** The words of `text` as written (case kept), with the punctuation around each taken off. */
function rawWordsOf(text: string): string[] {
  return text
    .replace(/\u2019/g, "'")
    .split(/\s+/)
    .map((word) => word.replace(/^[^\w']+|[^\w']+$/g, ''))
    .filter((word) => word !== '')
}

/**
 * The word that frames the value at [start, end) (README.md, rule 4): a
 * denial or a supposition in its clause, with closed asides taken out, that
 * the rules above do not read as the value's own negation, nor as another
 * token's; or null. Before the value, a word beyond a word joining another
 * clause on (`does not block and fails with EAGAIN`) is that clause's, and
 * so is a negation at the start of a subordinate clause (`a path that does
 * not exist gets ENOENT`: only auxiliaries between the word opening it and
 * the negation); after it, so is one beyond such a word or one opening a
 * subordinate clause (`EAGAIN when nothing is queued`). A denial right
 * before another token is that token's (`ECONNREFUSED not ENOENT`), and
 * `no` after a preposition, or `no`, `nothing`, `nobody` or `none` after a
 * noun after an article, limits that noun (`a port with no listener`, `a
 * pid no process has`, `a path nothing listens on`).
 */
export function framingWord(text: string, start: number, end: number): string | null {
  const before = rawWordsOf(clauseOf(textBefore(text, start)))
  const after = rawWordsOf(clauseAfter(textAfter(text, end)))
  const lower = (word: string | undefined) => (word ?? '').toLowerCase()
  for (let at = before.length - 1; at >= 0; at -= 1) {
    const word = lower(before[at])
    if (coordinators.has(word) || adverbial.has(word)) break
    if (!framesValue(word)) continue
    // `a port with no listener`, `a pid no process has`, `a path nothing listens on`: the
    // denial limits a noun, in a phrase of its own.
    if (word === 'no' && prepositions.has(lower(before[at - 1]))) continue
    if (limiting.has(word) && articles.has(lower(before[at - 2]))) continue
    if (before.slice(at + 1).some((other) => tokenWord.test(other))) continue
    if (opensClause(before.slice(0, at).map(lower))) continue
    return word
  }
  for (const [at, raw] of after.entries()) {
    const word = lower(raw)
    if (coordinators.has(word) || subordinators.has(word)) break
    if (!framesValue(word)) continue
    if (after.slice(at + 1, at + 4).some((other) => tokenWord.test(other))) continue
    return word
  }
  return judgedAfter(text, end) ?? askedOnly(textAfter(text, end))
}

/**
 * Whether what ends at `end` stands in a sentence the answer side only asks
 * (`askedOnly`: "Does it stay? Think again."): a claim there is stated
 * neither way.
 */
export function askedAt(text: string, end: number): boolean {
  return askedOnly(textAfter(text, end)) !== null
}

/**
 * A clause that is only a verdict on the one before it: a word pointing back
 * (`that`, `they`, `which`, `this answer`), a `to be`, an adverb or two, and
 * a denial (`wrong`, `false`, `not true`, `a myth`), or that denial alone
 * (`Wrong!`, `No.`).
 */
const verdictClause = new RegExp(
  [
    '^(?:(?:but|and|yet)\\s)?',
    "(?:(?:it|this|that|they|these|those|which|both|all|each|either|the|answer|answers|guess|claim|belief|idea|one|first|second|latter|former|it's|that's|they're)\\s){0,3}",
    '(?:(?:is|are|was|were)\\s)?',
    '(?:(?:simply|just|plainly|quite|completely|totally|dead|all|both|actually|also|flat|clearly|obviously)\\s){0,2}',
    '(?:not\\s(?:true|so|right|correct|really|the\\scase)|wrong|false|incorrect|mistaken|untrue|a\\s(?:common\\s)?(?:myth|misconception|mistake)|no|nope|nah|no\\sway|hardly|(?:just\\s)?kidding)$',
  ].join(''),
)

/**
 * The denial of a clause right after the value's that is only a verdict on
 * it (README.md, rule 4): `Students often answer ENOENT. They are wrong.`,
 * `ENOENT, but that is a myth`. The verdict may deny what the clause says,
 * so the value is framed, as by a denial in its own clause. Null when the
 * next clause is anything else.
 */
export function judgedAfter(text: string, end: number): string | null {
  return verdictAfter(textAfter(text, end))
}

/** `judgedAfter` of the text after the value (asides out, cloze markup blanked). */
export function verdictAfter(after: string): string | null {
  // A trailing `…` ends the clause a verdict follows (`It stays… just kidding.`).
  const ends = after.match(new RegExp(`${clauseEnd.source}|…`))
  if (ends?.index === undefined) return null
  // The next clause, past any run of clause ends (`ENOENT.\nWrong!`).
  const rest = after.slice(ends.index + 1).replace(/^(?:\s|[,;:!?—–…]|\.(?!\w))+/, '')
  const next = rawWordsOf(clauseAfter(rest))
    .map((word) => word.toLowerCase())
    .join(' ')
  const verdict = verdictClause.exec(next)
  return verdict === null ? null : (next.split(' ').at(-1) ?? null)
}

/** A clause that says yes to the question before it. */
const affirmation =
  /^(?:yes|yes it is|yes it does|yes they do|yes they are|indeed|exactly|right|correct|that's right|that is right)$/

/**
 * `?` when the value's sentence (what follows it in `after`, up to the
 * first `.`, `!`, `?` or line end) is a question the next clause does not
 * answer Yes: "Is it ENOENT? Think again." asks about ENOENT, it does not
 * say it. Null otherwise.
 */
export function askedOnly(after: string): string | null {
  const sentenceEnd = /[!?\n]|\.(?!\w)/.exec(after)
  if (sentenceEnd?.[0] !== '?') return null
  const rest = after.slice(sentenceEnd.index + 1).replace(/^(?:\s|[,;:!?—–]|\.(?!\w))+/, '')
  const next = rawWordsOf(clauseAfter(rest))
    .map((word) => word.toLowerCase())
    .join(' ')
  return affirmation.test(next) ? null : '?'
}

const articles = new Set(['a', 'an', 'the'])
const limiting = new Set(['no', 'nothing', 'nobody', 'none'])

/**
 * Subordinators that open a clause of its own beside the value's (`EAGAIN
 * where TCP would wait`), unlike `that`; not `once`, which is an adverb
 * before a value as often (`fails at once with EAGAIN`).
 */
const adverbial = new Set([
  'where',
  'when',
  'whenever',
  'while',
  'whereas',
  'although',
  'though',
  'because',
  'since',
  'if',
  'unless',
  'until',
])

/** Whether `words` (a clause up to a negation) end with a word opening a subordinate clause and auxiliaries only. */
function opensClause(words: readonly string[]): boolean {
  let at = words.length - 1
  while (at >= 0 && auxiliaries.has(words[at] ?? '')) at -= 1
  return at >= 0 && subordinators.has(words[at] ?? '')
}
