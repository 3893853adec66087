import vm from 'node:vm'

/** One raw match of a user regex: where it is and its capture groups (null when a group did not take part). */
export interface RawMatch {
  index: number
  length: number
  groups: (string | null)[]
}

const context = vm.createContext(Object.create(null))
const script = new vm.Script(`(() => {
  const all = []
  for (const source of sources) {
    const found = []
    for (const match of input.matchAll(new RegExp(source, 'gm'))) {
      if (match[0].length === 0) continue
      found.push([match.index, match[0].length, ...Array.from(match).slice(1)])
      if (found.length >= limit) break
    }
    all.push(found)
  }
  return JSON.stringify(all)
})()`)

/**
 * All matches of several user regexes (flags `gm`, the plugin's) on one
 * text, computed in a sandbox with one time limit for the lot: these regexes
 * come from settings files, and a catastrophically backtracking one must not
 * hang the run. One sandbox call per file keeps the watchdog's cost out of
 * the common case. Returns undefined when the limit is hit.
 */
export function matchUserRegexes(
  sources: readonly string[],
  input: string,
  timeoutMs = 1000,
  limit = 100_000,
): RawMatch[][] | undefined {
  context.sources = sources
  context.input = input
  context.limit = limit
  try {
    const json = script.runInContext(context, { timeout: timeoutMs }) as string
    const lists = JSON.parse(json) as [number, number, ...(string | null)[]][][]
    return lists.map((rows) =>
      rows.map(([index, length, ...groups]) => ({ index, length, groups })),
    )
  } catch {
    return undefined
  } finally {
    context.input = ''
    context.sources = []
  }
}
