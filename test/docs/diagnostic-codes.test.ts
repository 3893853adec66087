// A CI script filters `check --json` and `build --json` diagnostics by their `code`, and
// learns the codes from docs/diagnostics.md. About 20 codes used in `src/` were documented
// nowhere (`missing-media`, `write-failed`, `pending-studied`, …): every code a diagnostic
// is made with in `src/` must be a row of that page, and every row a code `src/` still uses,
// so a new, renamed or removed code fails here.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'

/** A diagnostic code: kebab-case, lower case (errno names such as `ENOENT` never match). */
const code = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*'

/**
 * Codes the `code: '…'` pattern also finds that are no diagnostic's: the `code` of the
 * `{"error": …}` document a stopped run prints, listed in README's Scripting section.
 */
const errorDocumentCodes = ['internal', 'interrupted', 'lab-blocked']

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** The arguments of the call whose `(` is just before `from`, as written, up to its `)`. */
function callArguments(text: string, from: number): string[] {
  const args: string[] = []
  let depth = 0
  let start = from
  for (let at = from; at < text.length; at++) {
    const char = text[at] as string
    if (char === "'" || char === '"' || char === '`') {
      // Skip the string (a template's `${…}` holds no quote of its kind in these calls).
      at = text.indexOf(char, at + 1)
      while (at !== -1 && text[at - 1] === '\\') at = text.indexOf(char, at + 1)
      if (at === -1) break
    } else if ('([{'.includes(char)) depth++
    else if (')]}'.includes(char)) {
      if (depth === 0) {
        args.push(text.slice(start, at).trim())
        return args
      }
      depth--
    } else if (char === ',' && depth === 0) {
      args.push(text.slice(start, at).trim())
      start = at + 1
    }
  }
  return args
}

interface Found {
  /** Each code, with the severities it is reported with where the source says (else none). */
  codes: Map<string, Set<string>>
  /** The helpers that take a code as a parameter, and the codes passed to them. */
  helpers: Map<string, string[]>
}

/** Every code `src/` makes a diagnostic (or a refusal that becomes one) with. */
function sourceCodes(): Found {
  const codes = new Map<string, Set<string>>()
  const helpers = new Map<string, string[]>()
  const add = (found: string, severity?: string) => {
    const severities = codes.get(found) ?? new Set<string>()
    if (severity !== undefined) severities.add(severity)
    codes.set(found, severities)
  }
  const texts = sources(join(packageRoot(), 'src')).map((file) => readFileSync(file, 'utf8'))
  // Helpers that receive a code and pass it on to a reporter (`readFirstOnly`, `fileError`):
  // a `function` with a `code: string` parameter, and where that parameter stands.
  const receivers = new Map<string, number>()
  for (const text of texts) {
    for (const match of text.matchAll(/\bfunction (\w+)\(/g)) {
      const params = callArguments(text, (match.index as number) + match[0].length)
      const index = params.findIndex((param) => /^code\s*:\s*string$/.test(param))
      if (index !== -1) receivers.set(match[1] as string, index)
    }
  }
  for (const text of texts) {
    // A reporter's `.error('code'`, `.warning('code'` (`.info` too), across line breaks.
    for (const match of text.matchAll(
      new RegExp(String.raw`\.(error|warning|info)\(\s*'(${code})'`, 'g'),
    )) {
      add(match[2] as string, match[1])
    }
    // `code: 'x'` in a render problem, a skipped path or a write-back refusal; a render
    // problem says its severity just before.
    for (const match of text.matchAll(
      new RegExp(String.raw`(?:severity:\s*'(error|warning)',\s*)?\bcode:\s*'(${code})'`, 'g'),
    )) {
      add(match[2] as string, match[1])
    }
    for (const [name, index] of receivers) {
      for (const match of text.matchAll(new RegExp(String.raw`(?<![\w.])${name}\(`, 'g'))) {
        const before = text.slice(Math.max(0, (match.index as number) - 9), match.index)
        if (before.endsWith('function ')) continue
        const argument = callArguments(text, (match.index as number) + match[0].length)[index]
        const literal = argument?.match(new RegExp(`^'(${code})'$`))?.[1]
        if (literal === undefined) continue
        add(literal)
        helpers.set(name, [...(helpers.get(name) ?? []), literal])
      }
    }
  }
  return { codes, helpers }
}

/** The page's table rows whose first cell is a code: code → the severity cell. */
function documentedRows(page: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of page.split('\n')) {
    const match = line.match(new RegExp(`^\\| \`(${code})\` \\| ([^|]*) \\|`))
    if (!match) continue
    expect(rows.has(match[1] as string), `\`${match[1]}\` has two rows`).toBe(false)
    rows.set(match[1] as string, match[2] as string)
  }
  return rows
}

describe('diagnostic codes', () => {
  const found = sourceCodes()
  const page = readFileSync(join(packageRoot(), 'docs', 'diagnostics.md'), 'utf8')
  const rows = documentedRows(page)
  const diagnosticCodes = [...found.codes.keys()]
    .filter((found) => !errorDocumentCodes.includes(found))
    .sort()

  it('finds the codes made every way: reporter calls, problem objects, helpers', () => {
    // A change in how diagnostics are made must not empty the lists.
    expect(diagnosticCodes).toContain('unterminated-block') // report.error(
    expect(diagnosticCodes).toContain('field-prefix-case') // report.warning( on its own line
    expect(diagnosticCodes).toContain('missing-media') // a render problem's `code:`
    expect(diagnosticCodes).toContain('note-hard-linked') // a write-back refusal's `code:`
    expect(diagnosticCodes).toContain('broken-note-link') // a skipped path's `code:`
    expect(found.helpers.get('readFirstOnly')).toEqual([
      'duplicate-target-deck',
      'duplicate-file-tags',
    ])
    expect(found.helpers.get('fileError')).toEqual(['write-failed', 'file-changed'])
    expect(diagnosticCodes.length).toBeGreaterThan(100)
    // No errno (`ENOENT`) or other word is taken for a code.
    for (const each of diagnosticCodes) expect(each).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
  })

  it('every code src/ reports is a row of docs/diagnostics.md', () => {
    const missing = diagnosticCodes.filter((each) => !rows.has(each))
    expect(missing).toEqual([])
  })

  it('every row of docs/diagnostics.md is a code src/ still reports', () => {
    const unused = [...rows.keys()].filter((each) => !found.codes.has(each)).sort()
    expect(unused).toEqual([])
  })

  it("each row's severity includes every severity src/ reports the code with", () => {
    const wrong = diagnosticCodes.flatMap((each) =>
      [...(found.codes.get(each) ?? [])]
        .filter((severity) => rows.has(each) && !rows.get(each)?.includes(severity))
        .map((severity) => `${each}: ${severity}`),
    )
    expect(wrong).toEqual([])
  })

  it("a stopped run's codes are no rows: the page names them and README's Scripting lists them", () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8')
    const scripting = readme.slice(
      readme.indexOf('\n## Scripting'),
      readme.indexOf('\n## How builds'),
    )
    expect(scripting).toContain('(docs/diagnostics.md)')
    for (const each of errorDocumentCodes) {
      // Still made in src/ (else this list is stale), named on the page, listed in Scripting.
      expect(found.codes.has(each), each).toBe(true)
      expect(rows.has(each), each).toBe(false)
      expect(page, each).toContain(`\`${each}\``)
      expect(scripting, each).toContain(`\`${each}\``)
    }
  })
})
