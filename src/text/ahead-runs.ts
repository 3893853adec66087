/**
 * `closesAhead` for every line of one text, each line read once. A `%%` after
 * a backtick run that nothing closed yet is in a code span when a later line
 * of the paragraph has a run as long; reading the lines ahead again for each
 * such marker cost a paragraph of runs of many lengths the cube of its lines
 * (2,000 lines `` x `…` %% ``, one run longer on each, took 7.6 s). This reads
 * a paragraph's lines ahead once, keeping the lines that hold each run length.
 */
import { lineRole, type RunsIndex, runLengths } from './paragraph-code.js'

/** The paragraph read from one line on, for one quote depth. */
interface Reading {
  /** The line it was read from (not itself read). */
  from: number
  /** The next line to read: the lines between are in the paragraph. */
  next: number
  /** Whether `next` is the line that ends the paragraph. */
  ended: boolean
  /** Each run length → the lines read that hold one, in order. */
  runs: Map<number, number[]>
}

export class AheadRuns implements RunsIndex {
  /** By quote depth: a paragraph's lines may be asked of at more than one (a lazy line's). */
  private readonly readings = new Map<number, Reading>()

  /** `lineAt(index)` is the text's line `index`, or undefined past its end or where the reader stops. */
  constructor(private readonly lineAt: (index: number) => string | undefined) {}

  /**
   * Whether a line after line `index`, in its paragraph (lines starting
   * `quotes` quote markers), has a run as long as one of `lengths`: what
   * `closesAhead` answers by reading the lines after `index`.
   */
  closes(index: number, quotes: number, lengths: readonly number[]): boolean {
    let reading = this.readings.get(quotes)
    // Lines from `next` on are not read yet: a line there starts a reading of its own.
    if (reading === undefined || index < reading.from || index >= reading.next) {
      reading = { from: index, next: index + 1, ended: false, runs: new Map() }
      this.readings.set(quotes, reading)
    }
    for (const length of lengths) {
      const lines = reading.runs.get(length)
      if (lines !== undefined && lines[lines.length - 1]! > index) return true
    }
    while (!reading.ended) {
      const at = reading.next
      const line = this.lineAt(at)
      if (line === undefined || lineRole(line, quotes) !== 'continues') {
        reading.ended = true
        return false
      }
      reading.next++
      if (!line.includes('`')) continue
      let found = false
      for (const length of runLengths(line)) {
        const lines = reading.runs.get(length)
        if (lines === undefined) reading.runs.set(length, [at])
        else if (lines[lines.length - 1] !== at) lines.push(at)
        found ||= lengths.includes(length)
      }
      if (found) return true
    }
    return false
  }
}
