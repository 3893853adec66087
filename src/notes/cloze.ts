import { anki2115Deletions } from '../model/cards.js'
import { maskProtected } from './mask.js'

/**
 * The plugin's CurlyCloze pattern (format.ts), with one deliberate fix: the id
 * may end in `::` as well as `:` or `|`, so `{c1::x}` (what `==c1::x==`
 * becomes) gives `{{c1::x}}` instead of the plugin's `{{c1:::x}}`.
 */
const curlyCloze =
  /(?:(?<!\{)\{(?:c?(\d+)(?:::|[:|]))?(?!\{))((?:[^\n][\n]?)+?)(?:(?<!\})\}(?!\}))/g
const highlight = /==(.*?)==/g

export interface ClozeOptions {
  /** Turn `==x==` into `{x}` first ("CurlyCloze - Highlights to Clozes"). */
  highlightsToCloze: boolean
}

/**
 * Convert CurlyCloze syntax in one field to Anki clozes. Unnumbered clozes are
 * numbered 1, 2, … in order of appearance, ignoring explicit numbers, and the
 * count restarts for every field (the plugin's semantics). Code and math are
 * protected.
 */
export function curlyToCloze(markdown: string, options: ClozeOptions): string {
  if (!markdown.includes('{') && !(options.highlightsToCloze && markdown.includes('=='))) {
    return markdown
  }
  const masked = maskProtected(markdown)
  let text = masked.text
  if (options.highlightsToCloze) text = text.replace(highlight, (_, inner: string) => `{${inner}}`)
  let next = 1
  text = text.replace(curlyCloze, (_, id: string | undefined, content: string) =>
    id === undefined ? `{{c${next++}::${content}}}` : `{{c${id}::${content}}}`,
  )
  return masked.restore(text)
}

/** Whether a text holds at least one Anki cloze (`{{cN::…}}`, as `{{c\d+::[\s\S]+?}}` finds one). */
export function hasAnkiCloze(text: string): boolean {
  return !anki2115Deletions(text).next().done
}

/** Note types whose name contains "Cloze" get CurlyCloze treatment (the plugin's rule). */
export function isClozeTypeName(noteType: string): boolean {
  return noteType.includes('Cloze')
}
