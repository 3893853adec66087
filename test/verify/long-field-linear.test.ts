// verify read a long field in time the square of its size: the hidden-text,
// gloss and list-number readers parsed it with parse5's parseFragment, which
// moves a fragment's top-level nodes out one by one, each move shifting the
// rest, and the gloss and list-number readers then spliced each mark into
// the whole field in turn. A Back of 100,000 `x<sup>2</sup>` paragraphs
// (1.5 MB, a pasted table of powers) kept `verify` busy for minutes, and
// SIGTERM did not stop it. They now parse with parseFragmentLinear
// (src/text/parse-fragment.ts) and write the marks in one pass.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { withEdits } from '../../src/verify/offset-edits.js'

/** The compiled answer side, as `decklab verify` runs it (`npm test` builds it first). */
const answerSide = fileURLToPath(new URL('../../lib/src/verify/answer-side.js', import.meta.url))

/** `shownText` of `html` in a process of its own, killed after 15 s: the old code took minutes. */
function shownTextOf(html: string) {
  const script = `import(${JSON.stringify(answerSide)}).then((m) => {
    let html = ''
    process.stdin.on('data', (chunk) => { html += chunk })
    process.stdin.on('end', () => process.stdout.write(m.shownText(html)))
  })`
  const started = Date.now()
  const run = spawnSync(process.execPath, ['-e', script], {
    input: html,
    encoding: 'utf8',
    timeout: 15_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  })
  return { run, took: Date.now() - started }
}

describe('the answer side of a long field', () => {
  it('is read in linear time with glosses and list numbers', () => {
    // About 3 s now; minutes before.
    const html = [
      '<p>x<sup>2</sup></p>\n'.repeat(60_000),
      '<ol start="3"><li>a</li></ol>\n'.repeat(40_000),
    ].join('')
    const { run, took } = shownTextOf(html)
    expect(run.signal, `killed after ${took} ms`).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines.filter((line) => line === 'x^2')).toHaveLength(60_000)
    expect(lines.filter((line) => line === '3. a')).toHaveLength(40_000)
  }, 30_000)
})

/** `text` inside `depth` nested inline elements (`<span><b><i>…`), in a styled paragraph. */
function nested(depth: number, text: string, style: string): string {
  const tags = Array.from({ length: depth }, (_, at) => ['span', 'b', 'i'][at % 3])
  const open = tags.map((tag) => `<${tag}>`).join('')
  const close = tags
    .reverse()
    .map((tag) => `</${tag}>`)
    .join('')
  return `<div style="${style}">${open}${text}${close}</div>\n`
}

// The hidden-text reader measured how wide each inline element is by reading
// its whole subtree, and every level of an inline chain asked its first child's:
// time the square of the depth (a paragraph nesting 2,000 elements some 5 s;
// one nesting 2,500 overflowed the stack, a RangeError). verify's renderer keeps
// 100 levels, where 400 pasted paragraphs 95 deep still cost seconds. Each width
// is now measured once, leaves first, without recursion.
describe('the answer side of deeply nested HTML', () => {
  it('is read in time linear in the tree, paragraph by paragraph', () => {
    // Some 2 s now; over a minute before.
    const html = Array.from({ length: 16 }, (_, at) =>
      nested(2_000, `word ${at}`, at % 2 === 0 ? 'padding: 4px' : 'white-space: nowrap'),
    ).join('')
    const { run, took } = shownTextOf(html)
    expect(run.signal, `killed after ${took} ms`).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout.split('\n')).toEqual(Array.from({ length: 16 }, (_, at) => `word ${at}`))
  }, 30_000)

  it('is read however deep the nesting goes', () => {
    const { run, took } = shownTextOf(nested(30_000, 'ECONNREFUSED', 'padding: 4px'))
    expect(run.signal, `killed after ${took} ms`).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('ECONNREFUSED')
  }, 30_000)
})

// A formula's colours were read by recursion on a copy of each group, every level searching
// the rest of the formula again: 3,000 nested `\color{white}{` (or 3,000 `\color{red}` in a
// row, each colouring to the end of the formula) overflowed the stack, and verify said
// "internal error Maximum call stack size exceeded".
describe('the answer side of a long formula', () => {
  it('is read however deep its colours nest', () => {
    const nestedColours = `${'\\color{white}{'.repeat(20_000)}108${'}'.repeat(20_000)}`
    const nested = shownTextOf(`<p>\\(${nestedColours}\\) ECONNREFUSED</p>`)
    expect(nested.run.signal, `killed after ${nested.took} ms`).toBeNull()
    expect(nested.run.status, nested.run.stderr).toBe(0)
    expect(nested.run.stdout).toBe('ECONNREFUSED')
    const inARow = `${'\\color{red} x '.repeat(20_000)}\\color{white} ENOENT`
    const row = shownTextOf(`<p>\\(${inARow}\\) ECONNREFUSED</p>`)
    expect(row.run.signal, `killed after ${row.took} ms`).toBeNull()
    expect(row.run.status, row.run.stderr).toBe(0)
    // The white ENOENT shows nothing; every red x shows.
    expect(row.run.stdout.match(/x/g)?.length).toBe(20_000)
    expect(row.run.stdout).not.toContain('ENOENT')
    expect(row.run.stdout.endsWith(' ECONNREFUSED')).toBe(true)
  }, 40_000)
})

describe('withEdits', () => {
  it('gives what splicing each edit in, from the last offset to the first, gave', () => {
    const spliced = (html: string, edits: Array<{ at: number; end?: number; text: string }>) => {
      let output = html
      for (const edit of [...edits].sort((a, b) => b.at - a.at)) {
        output = output.slice(0, edit.at) + edit.text + output.slice(edit.end ?? edit.at)
      }
      return output
    }
    const html = 'abcdefghij'
    for (const edits of [
      [],
      [{ at: 0, text: '^' }],
      [{ at: 10, text: '$' }],
      [
        { at: 2, text: '(' },
        { at: 5, text: ')' },
      ],
      [
        { at: 3, text: 'A' },
        { at: 3, text: 'B' },
        { at: 1, end: 3, text: '_' },
        { at: 7, text: 'C' },
      ],
      [
        { at: 4, end: 6, text: 'R' },
        { at: 4, text: 'I' },
      ],
    ]) {
      expect(withEdits(html, edits), JSON.stringify(edits)).toBe(spliced(html, edits))
    }
  })
})
