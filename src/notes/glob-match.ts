/**
 * `IGNORED_FILE_GLOBS` matching in linear time. The plugin matches its globs
 * with multimatch (minimatch); regex-based glob libraries backtrack, so a
 * crafted glob plus a 40-character file name could take minutes. Here each
 * glob compiles to a small NFA that is run over the path once, keeping a set
 * of states: O(path length × glob length), whatever the glob.
 *
 * Supported: `*`, `?`, `**` segments, `[...]` classes (`!`/`^`, ranges,
 * POSIX names), `\` escapes, `{a,b}` and `{1..3}` braces, and the extglobs
 * `@(…)`, `?(…)`, `*(…)`, `+(…)`. Not supported: `!(…)`, which cannot be a
 * plain NFA; `compileGlob` reports it, and such a glob never matches.
 * As in minimatch, only a literal `.` matches a `.` that starts a segment
 * (wildcards and classes never do), so hidden files need an explicit `.`.
 */

/** One NFA instruction. `char`/`any`/`class` consume one character. */
type Instruction =
  | { op: 'char'; char: string }
  /** Any character but `/`. */
  | { op: 'any' }
  | { op: 'class'; negated: boolean; test: (char: string) => boolean }
  | { op: 'split'; next: number; alternative: number }
  | { op: 'jump'; next: number }
  | { op: 'match' }
  /** Zero-width: the next character is not `.` (a segment's start, as minimatch's `dot: false`). */
  | { op: 'no-dot' }

/** A pattern piece inside one path segment. */
type Piece =
  | { kind: 'literal'; char: string }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; test: (char: string) => boolean }
  | { kind: 'group'; repeat: '@' | '?' | '*' | '+'; alternatives: Piece[][] }

export type GlobMatcher = (path: string) => boolean

export interface CompiledGlobs {
  matches: GlobMatcher
  /** Globs that could not be compiled, with the reason; they never match. */
  problems: { glob: string; reason: string }[]
}

/** At most this many patterns come out of one glob's braces. */
const maxBraceExpansion = 256

class GlobError extends Error {}

/**
 * Compile globs with multimatch's semantics for one path: in order, a glob
 * that matches includes the path, a `!glob` that matches excludes it again.
 */
export function compileGlobs(globs: readonly string[]): CompiledGlobs {
  const problems: CompiledGlobs['problems'] = []
  const compiled: { negated: boolean; matches: GlobMatcher }[] = []
  for (const glob of globs) {
    const negated = glob.startsWith('!') && !glob.startsWith('!(')
    try {
      compiled.push({ negated, matches: compileGlob(negated ? glob.slice(1) : glob) })
    } catch (error) {
      if (!(error instanceof GlobError)) throw error
      problems.push({ glob, reason: error.message })
    }
  }
  const matches: GlobMatcher = (path) => {
    let included = false
    for (const glob of compiled) {
      if (glob.negated ? included : !included) {
        if (glob.matches(path)) included = !glob.negated
      }
    }
    return included
  }
  return { matches, problems }
}

/** One glob (no leading `!`) → a matcher for `/`-separated relative paths. */
export function compileGlob(glob: string): GlobMatcher {
  const runners = expandBraces(glob).map((pattern) => {
    const matches = createRunner(compilePattern(pattern))
    // Most globs end in literal text (`*.excalidraw.md`): a path without it is out at once.
    const suffix = literalSuffix(pattern)
    return suffix === '' ? matches : (path: string) => path.endsWith(suffix) && matches(path)
  })
  return (path) => runners.some((matches) => matches(path))
}

/** The literal text every match of a brace-free pattern ends with ('' when none). */
function literalSuffix(pattern: string): string {
  const last = pattern.slice(pattern.lastIndexOf('/') + 1)
  if (last === '**') return ''
  let suffix = ''
  const pieces = parseSegment(last)
  for (let index = pieces.length - 1; index >= 0; index--) {
    const piece = pieces[index]!
    if (piece.kind !== 'literal') break
    suffix = piece.char + suffix
  }
  return suffix
}

/** `{a,b}` and `{1..3}` expanded (minimatch expands braces before anything else). */
function expandBraces(glob: string): string[] {
  const open = findBrace(glob)
  if (!open) return [glob]
  const { start, end, parts } = open
  const results: string[] = []
  for (const part of parts) {
    for (const rest of expandBraces(`${glob.slice(0, start)}${part}${glob.slice(end + 1)}`)) {
      results.push(rest)
      if (results.length > maxBraceExpansion) {
        throw new GlobError(`its braces expand to more than ${maxBraceExpansion} patterns`)
      }
    }
  }
  return results
}

/** The first brace group with a `,` or a `..` range, and its alternatives. */
function findBrace(glob: string): { start: number; end: number; parts: string[] } | undefined {
  for (let start = 0; start < glob.length; start++) {
    const char = glob[start]
    if (char === '\\') {
      start++
      continue
    }
    if (char !== '{') continue
    let depth = 0
    const commas: number[] = []
    for (let index = start; index < glob.length; index++) {
      const inner = glob[index]
      if (inner === '\\') index++
      else if (inner === '{') depth++
      else if (inner === ',' && depth === 1) commas.push(index)
      else if (inner === '}' && --depth === 0) {
        const body = glob.slice(start + 1, index)
        if (commas.length > 0) {
          const bounds = [start, ...commas, index]
          const parts = bounds.slice(1).map((bound, at) => glob.slice(bounds[at]! + 1, bound))
          return { start, end: index, parts }
        }
        const range = rangeParts(body)
        if (range) return { start, end: index, parts: range }
        break
      }
    }
  }
  return undefined
}

/** `1..3`, `a..e`, `10..1..3` → the values, or undefined when not a range. */
function rangeParts(body: string): string[] | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body)
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body)
  const match = numeric ?? letters
  if (!match) return undefined
  const from = numeric ? Number(match[1]) : match[1]!.charCodeAt(0)
  const to = numeric ? Number(match[2]) : match[2]!.charCodeAt(0)
  const step = Math.max(1, Math.abs(Number(match[3] ?? 1)))
  if (Math.abs(to - from) / step >= maxBraceExpansion) {
    throw new GlobError(`its range \`{${body}}\` has more than ${maxBraceExpansion} values`)
  }
  const values: string[] = []
  const direction = to >= from ? 1 : -1
  for (let value = from; direction > 0 ? value <= to : value >= to; value += direction * step) {
    values.push(numeric ? String(value) : String.fromCharCode(value))
  }
  return values
}

/** Emit `body` as a loop taken zero or more times: `split → body → jump back`. */
function emitRepeat(program: Instruction[], body: () => void): void {
  const split = program.push({ op: 'split', next: program.length + 1, alternative: -1 }) - 1
  body()
  program.push({ op: 'jump', next: split })
  ;(program[split] as { alternative: number }).alternative = program.length
}

/** Compile one brace-free pattern into an NFA program. */
function compilePattern(pattern: string): Instruction[] {
  // `**/**` is `**`.
  const segments = pattern
    .split('/')
    .filter((segment, index, all) => !(segment === '**' && all[index - 1] === '**'))
  const program: Instruction[] = []
  const slash = () => program.push({ op: 'char', char: '/' })
  // One whole segment that does not start with `.` (what `**` stands for, repeated).
  const anySegment = () => {
    program.push({ op: 'no-dot' })
    program.push({ op: 'any' })
    emitRepeat(program, () => {
      program.push({ op: 'any' })
    })
  }
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '**') {
      if (segments.length === 1) {
        // `**`: one or more segments.
        anySegment()
        emitRepeat(program, () => {
          slash()
          anySegment()
        })
      } else if (last) {
        // `a/**`: `a`, then any number of `/segment`s (the `/` is still owed).
        emitRepeat(program, () => {
          slash()
          anySegment()
        })
      } else {
        // `**/b`, `a/**/b`: any number of `segment/`s.
        emitRepeat(program, () => {
          anySegment()
          slash()
        })
      }
      return
    }
    const parsed = parseSegment(segment)
    // A segment of only `*` must match at least one character, as in minimatch.
    const pieces: Piece[] =
      parsed.length === 1 && parsed[0]!.kind === 'star' ? [{ kind: 'one' }, ...parsed] : parsed
    // Only a segment that starts with a literal `.` matches a hidden name.
    const first = pieces[0]
    if (!(first?.kind === 'literal' && first.char === '.')) program.push({ op: 'no-dot' })
    emitPieces(pieces, program)
    const nextIsTrailingGlobstar = index === segments.length - 2 && segments.at(-1) === '**'
    if (!last && !nextIsTrailingGlobstar) slash()
  })
  program.push({ op: 'match' })
  return program
}

/** Emit the pieces of one segment. */
function emitPieces(pieces: readonly Piece[], program: Instruction[]): void {
  const emit = (instruction: Instruction) => program.push(instruction) - 1
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'literal':
        emit({ op: 'char', char: piece.char })
        break
      case 'one':
        emit({ op: 'any' })
        break
      case 'class': {
        const { test, negated } = piece
        emit({
          op: 'class',
          negated: false,
          test: (char) => char !== '/' && test(char) !== negated,
        })
        break
      }
      case 'star':
        emitRepeat(program, () => {
          emit({ op: 'any' })
        })
        break
      case 'group':
        emitGroup(piece, program)
        break
    }
  }
}

/** `@(a|b)`, `?(…)`, `*(…)`, `+(…)` as alternation and loops. */
function emitGroup(group: Extract<Piece, { kind: 'group' }>, program: Instruction[]): void {
  const emit = (instruction: Instruction) => program.push(instruction) - 1
  const loopStart = program.length
  const optional = group.repeat === '?' || group.repeat === '*'
  const skip = optional ? emit({ op: 'split', next: program.length + 1, alternative: -1 }) : -1
  const bodyStart = program.length
  const exits: number[] = []
  group.alternatives.forEach((alternative, index) => {
    const isLast = index === group.alternatives.length - 1
    const split = isLast ? -1 : emit({ op: 'split', next: program.length + 1, alternative: -1 })
    emitPieces(alternative, program)
    exits.push(emit({ op: 'jump', next: -1 }))
    if (split !== -1) (program[split] as { alternative: number }).alternative = program.length
  })
  const after = program.length
  const repeatTarget = group.repeat === '*' ? loopStart : group.repeat === '+' ? bodyStart : -1
  if (repeatTarget !== -1) {
    // After one pass: go round again, or leave.
    const again = emit({ op: 'split', next: repeatTarget, alternative: program.length + 1 })
    for (const exit of exits) (program[exit] as { next: number }).next = again
  } else {
    for (const exit of exits) (program[exit] as { next: number }).next = after
  }
  if (skip !== -1) (program[skip] as { alternative: number }).alternative = program.length
}

/** Parse one segment (no `/`) into pieces. */
function parseSegment(segment: string): Piece[] {
  const { pieces, end } = parsePieces(segment, 0, false)
  if (end !== segment.length) throw new GlobError(`unexpected \`${segment[end]}\``)
  return pieces
}

/** Pieces from `start` up to the end, or (inside a group) up to `|` or `)`. */
function parsePieces(
  text: string,
  start: number,
  inGroup: boolean,
): { pieces: Piece[]; end: number } {
  const pieces: Piece[] = []
  let index = start
  while (index < text.length) {
    const char = text[index]!
    if (inGroup && (char === '|' || char === ')')) break
    const next = text[index + 1]
    if ('@?*+!'.includes(char) && next === '(') {
      if (char === '!') throw new GlobError('`!(…)` extglobs are not supported')
      const alternatives: Piece[][] = []
      let position = index + 2
      for (;;) {
        const inner = parsePieces(text, position, true)
        alternatives.push(inner.pieces)
        if (text[inner.end] === '|') position = inner.end + 1
        else if (text[inner.end] === ')') {
          position = inner.end + 1
          break
        } else throw new GlobError(`unclosed \`${char}(\``)
      }
      pieces.push({ kind: 'group', repeat: char as '@' | '?' | '*' | '+', alternatives })
      index = position
      continue
    }
    if (char === '\\' && next !== undefined) {
      pieces.push({ kind: 'literal', char: next })
      index += 2
    } else if (char === '*') {
      // `**` inside a segment is a plain `*`; runs of stars are one star.
      if (pieces.at(-1)?.kind !== 'star') pieces.push({ kind: 'star' })
      index++
    } else if (char === '?') {
      pieces.push({ kind: 'one' })
      index++
    } else if (char === '[') {
      const parsed = parseClass(text, index)
      if (parsed) {
        pieces.push(parsed.piece)
        index = parsed.end
      } else {
        pieces.push({ kind: 'literal', char })
        index++
      }
    } else {
      pieces.push({ kind: 'literal', char })
      index++
    }
  }
  return { pieces, end: index }
}

const posixClasses: Record<string, (char: string) => boolean> = {
  alnum: (char) => /^[\p{L}\p{Nl}\p{Nd}]$/u.test(char),
  alpha: (char) => /^[\p{L}\p{Nl}]$/u.test(char),
  ascii: (char) => char.charCodeAt(0) < 0x80,
  blank: (char) => /^[\p{Zs}\t]$/u.test(char),
  cntrl: (char) => /^\p{Cc}$/u.test(char),
  digit: (char) => /^\p{Nd}$/u.test(char),
  graph: (char) => /^[^\p{Z}\p{C}]$/u.test(char),
  lower: (char) => /^\p{Ll}$/u.test(char),
  print: (char) => /^[^\p{C}]$/u.test(char),
  punct: (char) => /^\p{P}$/u.test(char),
  space: (char) => /^[\p{Z}\t\r\n\v\f]$/u.test(char),
  upper: (char) => /^\p{Lu}$/u.test(char),
  word: (char) => /^[\p{L}\p{Nl}\p{Nd}\p{Pc}]$/u.test(char),
  xdigit: (char) => /^[A-Fa-f0-9]$/.test(char),
}

/** `[…]` starting at `start`, or undefined when it does not close (then `[` is literal). */
function parseClass(text: string, start: number): { piece: Piece; end: number } | undefined {
  let index = start + 1
  const negated = text[index] === '!' || text[index] === '^'
  if (negated) index++
  const tests: ((char: string) => boolean)[] = []
  let first = true
  while (index < text.length) {
    const char = text[index]!
    if (char === ']' && !first) {
      return {
        piece: { kind: 'class', negated, test: (c) => tests.some((test) => test(c)) },
        end: index + 1,
      }
    }
    first = false
    const posix = /^\[:([a-z]+):\]/.exec(text.slice(index))
    if (posix) {
      const test = posixClasses[posix[1]!]
      if (!test) throw new GlobError(`unknown class \`[:${posix[1]}:]\``)
      tests.push(test)
      index += posix[0].length
      continue
    }
    let low = char
    if (char === '\\' && index + 1 < text.length) {
      low = text[index + 1]!
      index++
    }
    index++
    if (text[index] === '-' && index + 1 < text.length && text[index + 1] !== ']') {
      let high = text[index + 1]!
      index += 2
      if (high === '\\' && index < text.length) {
        high = text[index]!
        index++
      }
      const from = low
      tests.push((c) => c >= from && c <= high)
    } else {
      const only = low
      tests.push((c) => c === only)
    }
  }
  return undefined
}

/**
 * A matcher that runs an NFA over a text, one step per character, keeping
 * the set of live states (Thompson's construction): every state is visited
 * at most once per character, so the time is O(text × program) without
 * backtracking. The state lists are allocated once per glob.
 */
function createRunner(program: readonly Instruction[]): GlobMatcher {
  const size = program.length
  let current = new Int32Array(size)
  let next = new Int32Array(size)
  const stack = new Int32Array(size * 2 + 2)
  const seen = new Float64Array(size).fill(-1)
  let generation = 0
  /** Add `pc` and every state reachable without reading to `list`, before reading `ahead`. */
  const add = (list: Int32Array, count: number, pc: number, ahead: string | undefined) => {
    let top = 0
    stack[top++] = pc
    while (top > 0) {
      const at = stack[--top]!
      if (seen[at] === generation) continue
      seen[at] = generation
      const instruction = program[at]!
      if (instruction.op === 'jump') stack[top++] = instruction.next
      else if (instruction.op === 'split') {
        stack[top++] = instruction.alternative
        stack[top++] = instruction.next
      } else if (instruction.op === 'no-dot') {
        if (ahead !== '.') stack[top++] = at + 1
      } else list[count++] = at
    }
    return count
  }
  return (text) => {
    // Code points, so `?` takes a whole astral character.
    const chars = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text
    generation++
    let currentCount = add(current, 0, 0, chars[0])
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index]!
      generation++
      let nextCount = 0
      for (let position = 0; position < currentCount; position++) {
        const pc = current[position]!
        const instruction = program[pc]!
        const takes =
          instruction.op === 'char'
            ? instruction.char === char
            : instruction.op === 'any'
              ? char !== '/'
              : instruction.op === 'class' && instruction.test(char) !== instruction.negated
        if (takes) nextCount = add(next, nextCount, pc + 1, chars[index + 1])
      }
      if (nextCount === 0) return false
      ;[current, next] = [next, current]
      currentCount = nextCount
    }
    for (let position = 0; position < currentCount; position++) {
      if (program[current[position]!]!.op === 'match') return true
    }
    return false
  }
}
