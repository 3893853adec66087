/**
 * Whether a word on the answer side is negated: a negation among the three
 * words before it, within the same clause (see README.md, rule 3).
 */

const negations = new Set(['not', 'never', 'no', 'nor', 'without', 'unlike', 'cannot', 'neither'])
const pairs = new Set(['instead of', 'rather than'])

/** Characters that end a clause: a negation before one does not reach past it. */
const clauseEnd = /[,;:.!?()[\]{}\n—–]/

/** True when the text just before `index` negates what starts at `index`. */
export function isNegated(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 80), index)
  let clause = before
  for (let at = before.length - 1; at >= 0; at -= 1) {
    if (clauseEnd.test(before[at] ?? '')) {
      clause = before.slice(at + 1)
      break
    }
  }
  const words = clause
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .split(/\s+/)
    .map((word) => word.replace(/[^a-z']/g, ''))
    .filter((word) => word !== '')
    .slice(-3)
  if (words.some((word) => negations.has(word) || word.endsWith("n't"))) return true
  for (let at = 0; at + 1 < words.length; at += 1) {
    if (pairs.has(`${words[at]} ${words[at + 1]}`)) return true
  }
  return false
}
