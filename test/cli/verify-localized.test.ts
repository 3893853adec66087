/**
 * `verify` of a vault written against a French Anki (`Basique`, fields
 * `Recto`, `Verso`): its reasons and its mutants name the cards' fields and
 * the note types as the blocks wrote them, never the stock English names
 * (`Front`, `Back`, `Basic`) the user's blocks and Anki do not show.
 */
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const notes = [
  'START',
  'Généralités (deux sens)',
  'What does connect() to a missing path give?',
  'Verso: ENOENT',
  'Lab: missing-socket#connect-enoent',
  'END',
  '',
  'START',
  'Basique',
  'What does a stream client get from a datagram socket?',
  'Verso: connect() fails with EPROTOTYPE.',
  'Lab: wrong-socket-type',
  'END',
  '',
].join('\n')

describe("verify of a French Anki's stock note types", () => {
  it('names the fields and note types as the blocks wrote them', async () => {
    const cwd = await tempProject({ '.obsidian/app.json': '{}', 'a.md': notes })
    const run = await runDecklabAsync(['verify', '--mutants'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout + run.stderr
    // The reversed card's own answer is its `Recto`.
    expect(out).toContain('card 2 (Recto): states none of the values the kernel showed')
    // The mutants' table, by the types the blocks name, and the field a surviving mutant is in.
    expect(out).toMatch(/\n {2}Généralités \(deux sens\) +1 of 1 +caught/)
    expect(out).toMatch(/\n {2}Basique +0 of 2 +caught/)
    expect(out).toMatch(/EPROTOTYPE → \S+ in Verso: supported/)
    expect(out).not.toMatch(/\(Front\)|\(Back\)|in Back:|\n {2}Basic /)
    const json = await runDecklabAsync(['verify', '--mutants', '--json'], { cwd })
    const report = JSON.parse(json.stdout)
    // As `check --json`: the stock names, and the written ones beside them.
    expect(report.notes[1]).toMatchObject({
      noteType: 'Basic',
      writtenNoteType: 'Basique',
      writtenFieldNames: { Front: 'Recto', Back: 'Verso' },
    })
    expect(report.mutants.survivors[0]).toMatchObject({
      noteType: 'Basic',
      writtenNoteType: 'Basique',
      writtenFieldNames: { Front: 'Recto', Back: 'Verso' },
      mutants: [{ field: 'Back' }, { field: 'Back', from: 'EPROTOTYPE' }],
    })
  })
})
