/**
 * Conflict markers inside a code fence are text; outside one they are an error.
 * Which lines are in a fence follows CommonMark's rule, as the rest of the
 * scanner reads it (src/text/fences.ts), so a note about git that shows the
 * markers in code never stops a build, and a line that only looks like a fence
 * does not hide a real conflict.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { createReporter } from '../../src/diagnostics/reporter.js'
import { reportConflictMarkers } from '../../src/notes/conflict-markers.js'
import { splitLines } from '../../src/notes/text-lines.js'

const conflict = ['<<<<<<< HEAD', 'ours', '=======', 'theirs', '>>>>>>> branch']

function conflictsIn(lines: string[]): number[] {
  const found: Diagnostic[] = []
  reportConflictMarkers(splitLines(`${lines.join('\n')}\n`), createReporter('n.md', found))
  return found.map((diagnostic) => diagnostic.line)
}

describe('reportConflictMarkers', () => {
  it('reports a conflict outside any fence, at its first line', () => {
    expect(conflictsIn(['text', ...conflict])).toEqual([2])
  })

  it('leaves the markers in a fence, also one opened on a field line', () => {
    expect(conflictsIn(['```text', ...conflict, '```'])).toEqual([])
    expect(conflictsIn(['~~~~', ...conflict, '~~~~'])).toEqual([])
    expect(conflictsIn(['Back: ```text', ...conflict, '```'])).toEqual([])
  })

  it('keeps a fence open past a line of four spaces and backticks (indented code, not a closing fence)', () => {
    expect(conflictsIn(['```', '    ```', ...conflict, '```'])).toEqual([])
  })

  it('keeps a fence open past a shorter or other-character run, and a run with text after it', () => {
    expect(conflictsIn(['````', '```', '~~~~', '```` x', ...conflict, '````'])).toEqual([])
  })

  it('sees no fence in a backtick line whose info string holds a backtick, nor in one indented four spaces', () => {
    expect(conflictsIn(['```a`b', ...conflict])).toEqual([2])
    expect(conflictsIn(['    ```', ...conflict])).toEqual([2])
  })

  it('reports the conflict after a fence closes', () => {
    expect(conflictsIn(['```', 'code', '```', ...conflict])).toEqual([4])
  })
})
