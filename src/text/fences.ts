/**
 * CommonMark fenced code blocks, line by line: ``` or ~~~ (three or more),
 * indented at most three spaces; the closing fence uses the same character, is
 * at least as long and carries no info string.
 */
export interface Fence {
  character: '`' | '~'
  length: number
}

/** The fence a line opens, or undefined when it opens none. */
export function openingFence(line: string): Fence | undefined {
  // Every read stays within the line: a `charCodeAt` past the end (NaN) makes V8
  // throw away the optimised line scanner that inlines this, and compile it again.
  const index = leadingSpaces(line)
  if (index === line.length) return undefined
  const code = line.charCodeAt(index)
  if (code !== 96 && code !== 126) return undefined
  const end = runEnd(line, index, code)
  const length = end - index
  if (length < 3) return undefined
  // A backtick fence's info string may not contain a backtick (CommonMark §4.5).
  if (code === 96 && line.indexOf('`', end) !== -1) return undefined
  return { character: code === 96 ? '`' : '~', length }
}

/** Whether a line closes the given fence. */
export function closesFence(line: string, fence: Fence): boolean {
  const index = leadingSpaces(line)
  const end = runEnd(line, index, fence.character.charCodeAt(0))
  if (end - index < fence.length) return false
  return line.slice(end).trim() === ''
}

/** How many spaces (up to three, a fence's most) the line starts with. */
function leadingSpaces(line: string): number {
  const most = Math.min(3, line.length)
  let index = 0
  while (index < most && line.charCodeAt(index) === 32) index++
  return index
}

/** Where the run of `code` characters from `from` ends. */
function runEnd(line: string, from: number, code: number): number {
  let end = from
  while (end < line.length && line.charCodeAt(end) === code) end++
  return end
}
