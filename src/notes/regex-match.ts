import vm from 'node:vm'
import { InterruptedError } from '../errors.js'

/** One raw match of a user regex: where it is and its capture groups (null when a group did not take part). */
export interface RawMatch {
  index: number
  length: number
  groups: (string | null)[]
}

/**
 * The sandbox, made on first use: most vaults have no custom regex, and a
 * new context costs about a millisecond at every start.
 */
let sandbox: { context: vm.Context; script: vm.Script } | undefined

function regexSandbox(): { context: vm.Context; script: vm.Script } {
  sandbox ??= {
    context: vm.createContext(Object.create(null)),
    script: new vm.Script(`(() => {
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
})()`),
  }
  return sandbox
}

/**
 * The time custom regexes may take in one run (one `loadVault`), shared by
 * every file: a catastrophically backtracking regex costs at most one short
 * slice per style, and the whole run at most `remainingMs`.
 */
export interface RegexBudget {
  /** Time left for the whole run. */
  remainingMs: number
  /** The most one sandbox call may take: the event loop (and so signals) waits that long at most. */
  readonly sliceMs: number
  /** Styles (note type names) that ran out of time once: skipped for the rest of the run. */
  readonly slowStyles: Set<string>
}

export function createRegexBudget(totalMs = 2000, sliceMs = 250): RegexBudget {
  return { remainingMs: totalMs, sliceMs, slowStyles: new Set() }
}

/**
 * All matches of several user regexes (flags `gm`, the plugin's) on one
 * text, computed in a sandbox with one time limit for the lot, taken from the
 * run's budget: these regexes come from settings files, and a
 * catastrophically backtracking one must not hang the run. Returns undefined
 * when the limit is hit. Ctrl-C stops the sandbox at once (`InterruptedError`).
 */
export function matchUserRegexes(
  sources: readonly string[],
  input: string,
  budget: RegexBudget,
  limit = 100_000,
): RawMatch[][] | undefined {
  const timeout = Math.floor(Math.min(budget.sliceMs, budget.remainingMs))
  if (timeout < 1) return undefined
  const { context, script } = regexSandbox()
  context.sources = sources
  context.input = input
  context.limit = limit
  const started = performance.now()
  try {
    const json = script.runInContext(context, { timeout, breakOnSigint: true }) as string
    const lists = JSON.parse(json) as [number, number, ...(string | null)[]][][]
    return lists.map((rows) =>
      rows.map(([index, length, ...groups]) => ({ index, length, groups })),
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
      throw new InterruptedError('SIGINT')
    }
    return undefined
  } finally {
    budget.remainingMs -= performance.now() - started
    context.input = ''
    context.sources = []
  }
}
