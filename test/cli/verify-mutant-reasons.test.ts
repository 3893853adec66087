/**
 * `verify --mutants` says why each surviving mutant survived, and a reason
 * may quote the card's words: a word that frames a value (any word ending
 * in `n't`, `It fo<ESC>con't … ENOENT`) is quoted as the card has it. Shown
 * escaped, as the rest of the report's card text, never sent to the terminal
 * as it is (`ESC c` resets it; a right-to-left override reorders the line).
 */
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

/** A vault of one Basic card linked to `missing-socket#connect-enoent`, with this question and Back. */
function missingSocketCard(question: string, back: string): Promise<string> {
  return tempProject({
    '.obsidian/app.json': '{}',
    'sockets.md': [
      'START',
      'Basic',
      question,
      `Back: ${back}`,
      'Lab: missing-socket#connect-enoent',
      '<!--ID: 1763799000001-->',
      'END',
      '',
    ].join('\n'),
  })
}

describe('verify --mutants', () => {
  it("shows a surviving mutant's reason with the card's control characters escaped", async () => {
    const cwd = await missingSocketCard(
      'What does connect() give for a path that does not exist?',
      // Confirmed by the plain ENOENT; the first ENOENT's mutant is held back as supported,
      // framed by the word with ESC, BEL and a right-to-left override in it.
      "It fo\u001bc\u0007\u202eon't really ever give it ENOENT. A missing path gets ENOENT.",
    )
    const run = await runDecklabAsync(['verify', '--mutants'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout + run.stderr
    expect(out).toContain('\nNotes whose mutants survive\n  sockets.md:1  What does')
    expect(out).toContain(
      'held back as supported, not refuted: the card names ECONNREFUSED only beside "fo\\x1bc\\x07\\u202eon\'t" in its clause',
    )
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
  })

  // Two mutants of one value in one field printed the same line twice (`0 → 1 in Back`).
  it('tells two surviving mutants of one value apart by the words around each', async () => {
    const cwd = await missingSocketCard(
      'What does connect() give for a path that does not exist?',
      'ENOENT, with 0 bytes sent and 0 bytes read.',
    )
    const run = await runDecklabAsync(['verify', '--mutants'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout + run.stderr
    expect(out).toContain('      0 → 1 in Back at "ENOENT, with [0] bytes sent and": confirmed')
    expect(out).toContain('      0 → 1 in Back at "bytes sent and [0] bytes read.": confirmed')
    const json = await runDecklabAsync(['verify', '--mutants', '--json'], { cwd })
    const survivors = JSON.parse(json.stdout).mutants.survivors
    expect(
      survivors[0].mutants.map((mutant: { from: string; near: string }) => [
        mutant.from,
        mutant.near,
      ]),
    ).toEqual([
      ['0', 'ENOENT, with [0] bytes sent and'],
      ['0', 'bytes sent and [0] bytes read.'],
    ])
  })

  // The report's other card text (the question, a verdict's reason) went through a helper
  // that took out C0 and C1 controls but let a right-to-left override through.
  it('shows a question and a reason without a bidi override', async () => {
    const cwd = await missingSocketCard(
      'What does connect() give for a \u202epath that does not exist?',
      "It fo\u202eon't really ever give it ENOENT.",
    )
    const run = await runDecklabAsync(['verify'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout + run.stderr
    expect(out).toContain('SUPPORTED  sockets.md:1  What does connect() give for a  path that')
    expect(out).toContain('the card names ENOENT only beside "fo on\'t" in its clause')
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
  })
})
