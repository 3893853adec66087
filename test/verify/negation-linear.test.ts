// verify's negation rules read a value's clause from the whole text before
// it (and after it): each value cost a copy of the field with its cloze
// markup blanked and its asides taken out, so a field of many paragraphs
// took time the square of its length (2,000 paragraphs: 16 s; 20,000: many
// minutes). clause-text.ts reads the text once and each place reads outward
// to its clause's end. These tests hold the slices it gives to what the old
// whole-text reading gave, as far as the rules read them, and time a long
// field through the CLI.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import {
  blankCloze,
  clauseAfter,
  clauseOf,
  textAfter,
  textBefore,
  withoutAsides,
} from '../../src/verify/clause-text.js'
import { askedOnly, verdictAfter } from '../../src/verify/negation.js'
import { decklabBin } from '../support/decklab.js'

/** What the rules read of the text before `index`: its last 80 characters and its last clause. */
function beforeReadings(before: string) {
  return { last80: before.slice(Math.max(0, before.length - 80)), clause: clauseOf(before) }
}

/** What the rules read of the text after `end`. */
function afterReadings(after: string) {
  return { clause: clauseAfter(after), asked: askedOnly(after), verdict: verdictAfter(after) }
}

/** Every place of `text`: the new slices read as the old whole-text ones did. */
function expectSameReadings(text: string) {
  for (let at = 0; at <= text.length; at += 1) {
    const oldBefore = withoutAsides(blankCloze(text.slice(0, at)))
    const newBefore = textBefore(text, at)
    expect(oldBefore.endsWith(newBefore), `before ${at} of ${JSON.stringify(text)}`).toBe(true)
    expect(beforeReadings(newBefore), `before ${at} of ${JSON.stringify(text)}`).toEqual(
      beforeReadings(oldBefore),
    )
    const oldAfter = withoutAsides(blankCloze(text.slice(at)))
    const newAfter = textAfter(text, at)
    expect(oldAfter.startsWith(newAfter), `after ${at} of ${JSON.stringify(text)}`).toBe(true)
    expect(afterReadings(newAfter), `after ${at} of ${JSON.stringify(text)}`).toEqual(
      afterReadings(oldAfter),
    )
  }
}

/** Pieces the readings turn on: asides, calls, cloze markup, clause and sentence ends, verdicts. */
const pieces = [
  'not ',
  'ENOENT',
  ' ',
  'x',
  '(',
  ')',
  '()',
  '{{c1::',
  '{{c12::',
  '}}',
  '}}}',
  '{{c3::',
  '}',
  '{',
  '.',
  '. ',
  '.x',
  ',',
  ';',
  '?',
  '? ',
  '!',
  '\n',
  '…',
  '—',
  'wrong',
  'yes',
  'It is wrong. ',
  'server.close() ',
  'a long stretch of words without any clause end in it at all, ',
  'the file stays in the directory and nothing removes it ',
]

describe('the clause around a place (clause-text.ts)', () => {
  it('reads as the whole text before and after it read, on any mix of the pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (chosen) => {
        expectSameReadings(chosen.join(''))
      }),
      { numRuns: 500 },
    )
  })

  it("reads as the whole text read on every field of the course's notes", () => {
    const notes = join(packageRoot(), 'notes')
    for (const file of readdirSync(notes).filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(join(notes, file), 'utf8')
      // Each card block's lines after its note type: its fields, as written.
      for (const block of text.matchAll(/^START\n[^\n]*\n([\s\S]*?)^END$/gm)) {
        expectSameReadings(block[1] ?? '')
      }
    }
  }, 60_000)
})

const scratch = mkdtempSync(join(tmpdir(), 'decklab-negation-linear-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A vault of one Basic note linking the socket-file check, with `back` as its Back. */
function vaultWithBack(name: string, back: string): string {
  const vault = join(scratch, name)
  mkdirSync(join(vault, 'notes'), { recursive: true })
  writeFileSync(
    join(vault, 'notes', 'pasted.md'),
    [
      'START',
      'Basic',
      "What happens to a pathname socket's file when the server closes the socket or exits?",
      `Back: ${back}`,
      'Lab: socket-file-persists#file-outlives-close',
      '<!--ID: 1763700007001-->',
      'END',
      '',
    ].join('\n'),
  )
  return vault
}

/** `decklab verify --json` in `vault`, killed after 15 s (the old reading took minutes, deaf to SIGTERM). */
function verifyWithin15s(vault: string) {
  const started = Date.now()
  const run = spawnSync(process.execPath, [decklabBin, 'verify', '--json'], {
    cwd: vault,
    env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(scratch, 'state') },
    encoding: 'utf8',
    timeout: 15_000,
    killSignal: 'SIGKILL',
  })
  const took = Date.now() - started
  expect(run.signal, `killed after ${took} ms`).toBeNull()
  expect(run.status, run.stderr).toBe(1)
  const note = JSON.parse(run.stdout).notes[0]
  expect(note.status).toBe('refuted')
  expect(note.reason).toContain('ECONNREFUSED')
}

describe('verify on a long field', () => {
  it('judges 10,000 paragraphs, each with values to read, in seconds', () => {
    // About 4 s now; 2,000 paragraphs took 16 s before.
    const paragraphs = Array.from(
      { length: 10_000 },
      (_, at) => `Paragraph ${at}: the file stays and connect() gives ECONNREFUSED, not ENOENT.`,
    )
    verifyWithin15s(vaultWithBack('paragraphs', paragraphs.join('\n\n')))
  }, 40_000)

  it('judges a line of 3,000 values with no punctuation in seconds', () => {
    // About 3 s now (each value reads at most `readLimit` characters either way); over a minute before.
    const values = Array.from({ length: 3_000 }, (_, at) => `connect gives ECONNREFUSED ${at}`)
    verifyWithin15s(vaultWithBack('line', `the file stays ${values.join(' and ')}`))
  }, 40_000)
})
