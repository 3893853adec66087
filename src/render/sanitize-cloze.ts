/**
 * Cloze fields after sanitizing: Anki expands `{{cN::…}}` per card at review
 * time, on the field's HTML as text. The serializer keeps every marker out of
 * tags, so an expansion only moves whole tags and text; this check proves it
 * per card by expanding each cloze number on both sides, as Anki does, and
 * sanitizing the result: nothing may be left to remove. A field that fails
 * loses its clozes (the markers are written as text).
 */
import { hasCloze, renderCloze } from '../model/cloze-filter.js'
import { sanitizeHtml } from './sanitize.js'
import { maximumDepth } from './sanitize-depth.js'

/** Expansions checked per field at most (field length × cards): keeps hostile fields linear. */
const checkBudget = 4_000_000

/** How deeply the field's clozes nest (an unmatched `}}` is text). */
function clozeDepth(html: string): number {
  let depth = 0
  let deepest = 0
  for (const match of html.matchAll(/\{\{c\d+::|\}\}/g)) {
    depth = match[0] === '}}' ? Math.max(0, depth - 1) : depth + 1
    deepest = Math.max(deepest, depth)
  }
  return deepest
}

/** Cloze numbers in a field, ascending. */
function clozeNumbers(html: string): number[] {
  const numbers = new Set<number>()
  for (const match of html.matchAll(/\{\{c(\d+)::/g)) numbers.add(Number(match[1]))
  return [...numbers].sort((a, b) => a - b)
}

/**
 * What an expansion of the field would still need removed (empty when every
 * card is safe); checks as many cards as the budget allows.
 */
export function unsafeClozeExpansions(html: string): string[] {
  // Anki's and decklab's cloze renderers recurse per level; no real card nests this deep.
  if (clozeDepth(html) > maximumDepth) return [`clozes nested deeper than ${maximumDepth} levels`]
  const found = new Set<string>()
  let budget = checkBudget
  for (const number of clozeNumbers(html)) {
    budget -= html.length * 2
    if (budget < 0) break
    if (!hasCloze(html, number)) continue
    for (const side of ['question', 'answer'] as const) {
      for (const removed of sanitizeHtml(renderCloze(html, { number, side })).removed) {
        found.add(`${removed} on card ${number}`)
      }
    }
  }
  return [...found]
}
