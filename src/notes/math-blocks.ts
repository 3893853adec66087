/**
 * Display math outside blocks: a line starting with `$$` (up to three spaces
 * in) opens a formula that a later line ending in `$$` closes, and Obsidian
 * shows everything between as that formula. A `START` there is still a card
 * (the plugin syncs it, and no one writes a card in a formula on purpose: an
 * opening or closing `$$` went astray), so it is taken, with the warning
 * `block-in-math` saying that Obsidian shows it as math. A blank line ends the
 * search for the closing `$$`: a `$$` at the start of a line of prose (a
 * shell's PID, `$$ is …`) then makes no formula of the card blocks after it.
 */
import type { FileScan, OpenMath } from './file-scan.js'
import { linePlace } from './text-lines.js'

/**
 * A line holding `$$` outside blocks, fences and comments: the display math
 * it opens, if any. A formula's own lines are read on as any line is (its
 * closing line opens nothing): only a `START` in it is warned about.
 */
export function scanMathLine(scan: FileScan, index: number): void {
  if (scan.math !== undefined && index <= scan.math.close) return
  scan.math = openedMath(scan, index)
}

/** The display math line `index` opens, if it opens one a later line of its paragraph closes. */
function openedMath(scan: FileScan, index: number): OpenMath | undefined {
  const { lines } = scan
  const line = lines[index]!.text
  const opener = /^ {0,3}\$\$/.exec(line)
  if (opener === null || index < scan.mathSearched) return undefined
  const rest = line.slice(opener[0].length).trimEnd()
  // `$$x$$` (and `$$a$$ and $$b$$`) is a formula of its own line, or inline math.
  if (rest.includes('$$')) return undefined
  for (let at = index + 1; at < lines.length; at++) {
    const text = lines[at]!.text.trimEnd()
    if (text.trim() === '') {
      // No opener before this blank line finds a closing line: its lines are not read again.
      scan.mathSearched = at
      return undefined
    }
    if (text.endsWith('$$')) return { start: index, close: at, warned: false }
  }
  scan.mathSearched = lines.length
  return undefined
}

/** A `START` on line `index`, inside the open math: warned about once per formula, and still read as a block. */
export function reportBlockInMath(scan: FileScan, index: number): void {
  const math = scan.math
  if (math === undefined || index >= math.close || math.warned) return
  math.warned = true
  const { syntax, lines } = scan
  // Said from here, as `block-in-comment` is: a build writing ID lines above moves no number in the text.
  const above = index - math.start
  const opened = above === 1 ? 'on the line above' : `${above} lines above`
  scan.report.warning(
    'block-in-math',
    `Unexpected \`${syntax.beginNote}\` inside display math (\`$$\`) opened ${opened} and closed ${math.close - index} lines below, expected card blocks outside math; Obsidian shows this block as a formula`,
    {
      place: linePlace(lines, index),
      hint: 'the card is still built, as Obsidian_to_Anki syncs it; close the math (`$$`) before the block',
    },
  )
}
