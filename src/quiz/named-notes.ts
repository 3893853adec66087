/**
 * How the quiz and `stats` name notes in a warning: each by its place
 * (`notes/a.md:26`, from the current folder), the first three listed and
 * the rest counted, so a vault-wide change stays one line.
 */
import type { Note } from '../model/note.js'
import { terminalPath } from '../terminal/safe-text.js'
import { relativeTo } from '../text/relative-path.js'

/** `file:line` of the note's block, relative to `cwd`, safe to print. */
export function notePlace(note: Note, cwd: string): string {
  return `${terminalPath(relativeTo(cwd, note.source.absolutePath))}:${note.source.line}`
}

/** The first three of `named`, then `, and N more` for the rest. */
export function firstThree(named: readonly string[]): string {
  const more = named.length > 3 ? `, and ${named.length - 3} more` : ''
  return `${named.slice(0, 3).join(', ')}${more}`
}
