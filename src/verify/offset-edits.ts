/**
 * Text written into a field's HTML at source offsets (a gloss's marks, a
 * list's numbers), in one pass. Splicing each edit into the whole string in
 * turn copied the field once per edit: a field of 100,000 `x<sup>2</sup>`
 * paragraphs (1.5 MB) kept `verify` busy for minutes.
 */

/** `text` put at `at`, in place of what stands up to `end` (nothing when `end` is absent). */
export interface OffsetEdit {
  at: number
  end?: number
  text: string
}

/**
 * `html` with every edit made, each at its offset in the original `html`.
 * Edits at one offset go in the reverse of their order in `edits`, as
 * applying them one by one from the last offset to the first put them; a
 * part of `html` two edits replace is left out once.
 */
export function withEdits(html: string, edits: readonly OffsetEdit[]): string {
  if (edits.length === 0) return html
  // Stable: reversed first, so edits at one offset come out last pushed first.
  const ordered = [...edits].reverse().sort((a, b) => a.at - b.at)
  const parts: string[] = []
  let position = 0
  for (const edit of ordered) {
    if (edit.at > position) parts.push(html.slice(position, edit.at))
    parts.push(edit.text)
    position = Math.max(position, edit.end ?? edit.at)
  }
  parts.push(html.slice(position))
  return parts.join('')
}
