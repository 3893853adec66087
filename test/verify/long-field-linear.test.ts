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
