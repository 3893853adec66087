import vm from 'node:vm'

/** One raw match of a user regex: where it is and its capture groups (null when a group did not take part). */
export interface RawMatch {
  index: number
  length: number
  groups: (string | null)[]
}

const context = vm.createContext(Object.create(null))
const script = new vm.Script(`(() => {
  const found = []
  for (const match of input.matchAll(new RegExp(source, 'gm'))) {
    if (match[0].length === 0) continue
    found.push([match.index, match[0].length, ...Array.from(match).slice(1)])
    if (found.length >= limit) break
  }
  return JSON.stringify(found)
})()`)

/**
 * All matches of a user regex (flags `gm`, the plugin's), computed in a
 * sandbox with a time limit: these regexes come from settings files, and a
 * catastrophically backtracking one must not hang the run. Returns undefined
 * when the limit is hit.
 */
export function matchUserRegex(
  source: string,
  input: string,
  timeoutMs = 1000,
  limit = 100_000,
): RawMatch[] | undefined {
  context.source = source
  context.input = input
  context.limit = limit
  try {
    const json = script.runInContext(context, { timeout: timeoutMs }) as string
    const rows = JSON.parse(json) as [number, number, ...(string | null)[]][]
    return rows.map(([index, length, ...groups]) => ({ index, length, groups }))
  } catch {
    return undefined
  } finally {
    context.input = ''
  }
}
