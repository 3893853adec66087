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
  let index = 0
  while (index < 3 && line.charCodeAt(index) === 32) index++
  const code = line.charCodeAt(index)
  if (code !== 96 && code !== 126) return undefined
  let end = index
  while (line.charCodeAt(end) === code) end++
  const length = end - index
  if (length < 3) return undefined
  // A backtick fence's info string may not contain a backtick (CommonMark §4.5).
  if (code === 96 && line.indexOf('`', end) !== -1) return undefined
  return { character: code === 96 ? '`' : '~', length }
}

/** Whether a line closes the given fence. */
export function closesFence(line: string, fence: Fence): boolean {
  let index = 0
  while (index < 3 && line.charCodeAt(index) === 32) index++
  const code = fence.character.charCodeAt(0)
  let end = index
  while (line.charCodeAt(end) === code) end++
  if (end - index < fence.length) return false
  return line.slice(end).trim() === ''
}
