import type { LabLink } from '../model/note.js'

/** `stale-socket` or `stale-socket#refused`: a kebab-case lab id and an optional check name. */
const labLinkPattern = /^([a-z0-9][a-z0-9-]*)(?:#([A-Za-z0-9][A-Za-z0-9_.-]*))?$/

/** Whether a block line is a `Lab:` line (decklab's lab link extension). */
export function isLabLine(line: string): boolean {
  return line.startsWith('Lab:')
}

/**
 * `none: <reason>` in a `Lab:` line: the author says no lab can test the
 * card here, and why. Returns the reason ('' when none was given), or
 * undefined when the line holds links.
 */
export function parseNoLab(text: string): string | undefined {
  // `none` then a separator, or nothing: `Lab: none of these` is text, not a reason `of these`.
  const match = /^\s*none\s*(?:$|[:—–-]\s*(.*)$)/.exec(text)
  return match ? (match[1] ?? '').trim() : undefined
}

/**
 * Parse the comma-separated links of a `Lab:` line (or a front-matter `labs`
 * entry). `column` is the 1-based column where `text` starts; bad entries come
 * back as problems with their own column.
 */
export function parseLabLinks(
  text: string,
  line: number,
  column: number,
): { links: LabLink[]; problems: { column: number; text: string }[] } {
  const links: LabLink[] = []
  const problems: { column: number; text: string }[] = []
  let offset = 0
  for (const part of text.split(',')) {
    const leading = part.length - part.trimStart().length
    const entry = part.trim()
    const entryColumn = column + offset + leading
    offset += part.length + 1
    if (entry === '') continue
    const match = labLinkPattern.exec(entry)
    if (!match) {
      problems.push({ column: entryColumn, text: entry })
      continue
    }
    const link: LabLink = { lab: match[1]!, line, column: entryColumn }
    if (match[2] !== undefined) link.check = match[2]
    links.push(link)
  }
  return { links, problems }
}
