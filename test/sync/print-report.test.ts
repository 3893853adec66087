import { describe, expect, it } from 'vitest'
import { printSyncReport } from '../../src/commands/sync/print-report.js'
import { emptyResult } from '../../src/commands/sync/sync-result.js'
import type { Io } from '../../src/terminal/io.js'

/** An Io that keeps what is written on stderr (not a terminal: no colour). */
function captured(): { io: Io; stderr: () => string } {
  let text = ''
  const stderr = {
    isTTY: false,
    write: (chunk: string) => {
      text += chunk
      return true
    },
  }
  return { io: { stderr, env: {} } as unknown as Io, stderr: () => text }
}

describe('the report of a sync --dry-run', () => {
  it('counts the cards a move takes in good grammar for one', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: true }, [])
    result.record = 'record.json'
    result.moved.push(
      { file: 'a.md', line: 1, id: 1, deck: 'New', cards: 1 },
      { file: 'b.md', line: 2, id: 2, deck: 'New', cards: 2 },
    )
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).toContain('move    a.md:1: 1 card to New\n')
    expect(stderr()).toContain('move    b.md:2: 2 cards to New\n')
  })

  it('names the first three fields and tags an update changes, counts the rest, and shows control characters', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: true }, [])
    result.record = 'record.json'
    result.updated.push(
      {
        file: 'a.md',
        line: 1,
        id: 1,
        fields: ['A', 'B', 'C', 'D', 'E'],
        addTags: [],
        removeTags: [],
      },
      {
        file: 'a.md',
        line: 9,
        id: 2,
        fields: ['Front'],
        addTags: ['x', 'y'],
        removeTags: ['z', 'w\u001b[2J'],
      },
      { file: 'a.md', line: 20, id: 3, fields: [], addTags: [], removeTags: ['old'] },
    )
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).toContain('update  a.md:1 (note 1): fields A, B, C and 2 more\n')
    expect(stderr()).toContain(
      'update  a.md:9 (note 2): fields Front; tags +x, +y, -z and 1 more\n',
    )
    expect(stderr()).toContain('update  a.md:20 (note 3): tags -old\n')
    result.updated[1]?.removeTags.reverse()
    const again = captured()
    printSyncReport(again.io, result)
    expect(again.stderr()).toContain('tags +x, +y, -w\\x1b[2J and 1 more\n')
  })
})

describe('the report of a sync', () => {
  it('counts one note of an interrupted sync found in good grammar', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: false }, [])
    result.record = 'record.json'
    result.recovered = 1
    result.unchanged = 1
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).toContain('1 unchanged; 1 note of an interrupted sync found (')
  })

  it('names the notes added again because Anki had no note under their ID', () => {
    // A note deleted in Anki came back with a new ID line, and the report said only "1 added".
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: false }, [])
    result.record = 'record.json'
    result.added.push(
      { file: 'a.md', line: 3, id: 20, deck: 'D', previousId: 10 },
      { file: 'a.md', line: 9, id: 21, deck: 'D', previousId: null },
    )
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).toContain(
      '1 note added again under a new ID, as Anki had no note under its ID (deleted in Anki, a collection restored from a backup, or an ID from `decklab build`): a.md:3 (was 10, now 20)\n',
    )
    for (let line = 1; line <= 6; line += 1) {
      result.added.push({ file: 'b.md', line, id: 100 + line, deck: 'D', previousId: line })
    }
    const many = captured()
    printSyncReport(many.io, result)
    expect(many.stderr()).toMatch(/^7 notes added again .*b\.md:4 \(was 4, now 104\) and 2 more\n/m)
  })
})

describe('the report of a sync stopped by an error', () => {
  it('says it stopped, not "synced", when nothing in Anki changed', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: false }, [])
    result.record = 'record.json'
    result.diagnostics.push({
      file: 'a.md',
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 1,
      severity: 'error',
      code: 'note-type-mismatch',
      message: 'Unexpected note type',
    })
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).toContain('sync stopped: nothing in Anki was changed\n')
    expect(stderr()).not.toContain('synced with')
  })

  // The crash sweep: notes added to Anki whose IDs the read-only vault refused were "nothing changed".
  it('does not say nothing changed when notes were added whose IDs could not be written', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: false }, [])
    result.record = 'record.json'
    result.pending = 30
    result.createdNoteTypes = ['Basic (decklab)']
    result.diagnostics.push({
      file: 'a.md',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      severity: 'error',
      code: 'write-failed',
      message: 'Unexpected `EROFS` writing new IDs into the file',
    })
    const { io, stderr } = captured()
    printSyncReport(io, result)
    expect(stderr()).not.toContain('nothing in Anki was changed')
    expect(stderr()).toContain('30 more in Anki whose IDs could not be written')
  })
})

describe('the user text a sync report names', () => {
  // A file name, deck, media or note type name is the user's: a newline or `ESC [` in one
  // must not start a line of its own or colour the terminal.
  const hostile = 'a\n\u001b[31mb'
  const shown = 'a\\n\\x1b[31mb'

  it('is shown with its control characters escaped, in a dry run and after a sync', () => {
    const plan = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: true }, [])
    plan.record = 'record.json'
    const note = { file: `${hostile}.md`, line: 1, id: 7 }
    plan.added.push({ ...note, deck: hostile, previousId: null })
    plan.updated.push({ ...note, fields: [], addTags: ['t'], removeTags: [] })
    plan.moved.push({ ...note, deck: hostile, cards: 1 })
    plan.deleted.push({ id: 8, file: `${hostile}.md`, reason: 'removed' })
    plan.media.push(`${hostile}.png`)
    plan.createdNoteTypes.push(hostile)
    plan.unrecordedKept = { notes: 1, file: `${hostile}.json`, ids: [7] }
    const dry = captured()
    printSyncReport({ ...dry.io, cwd: '/' } as Io, plan)
    const lines = dry.stderr().split('\n')
    expect(lines).toContain(`add     ${shown}.md:1 to ${shown}`)
    expect(lines).toContain(`update  ${shown}.md:1 (note 7): tags +t`)
    expect(lines).toContain(`move    ${shown}.md:1: 1 card to ${shown}`)
    expect(lines).toContain(`delete  note 8 (removed from ${shown}.md)`)
    expect(lines).toContain(`media   ${shown}.png`)
    expect(lines).toContain(`create  note type ${shown}`)
    expect(dry.stderr()).toContain(`Anki's copy in ${shown}.json first`)
    const done = { ...plan, dryRun: false, added: [{ ...note, deck: 'D', previousId: 6 }] }
    const after = captured()
    printSyncReport({ ...after.io, cwd: '/' } as Io, done)
    expect(after.stderr()).toContain(`deleted note 8 (removed from ${shown}.md)\n`)
    expect(after.stderr()).toContain(`: ${shown}.md:1 (was 6, now 7)\n`)
    for (const text of [dry.stderr(), after.stderr()]) {
      expect(text).not.toContain('\u001b')
      expect(text).not.toMatch(/^\S*b[.:]/m)
    }
  })
})

describe('the report of notes left as Anki has them, as the plugin would', () => {
  const left = (line: number) => ({
    file: 'a.md',
    line,
    id: line,
    fields: ['Back'],
    addTags: [],
    removeTags: [],
    cards: 0,
  })

  it('names one in good grammar, and where its Anki text goes once its block changes', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: false }, [])
    result.record = 'state/sync/record.json'
    result.leftAsAnkiHasThem.push(left(3))
    const { io, stderr } = captured()
    printSyncReport({ ...io, cwd: process.cwd() }, result)
    expect(stderr()).toMatch(
      /\n1 note was left as Anki has it, as Obsidian_to_Anki would: its file is unchanged since the plugin's last sync \(a\.md:3\); once a note's block changes, a sync replaces its fields, tags and decks in Anki with the Markdown's, keeping Anki's copy in \S*state\/sync\/record\.anki-edits\.jsonl first\n/,
    )
  })

  it('names the first five of many at their file:line, and counts the rest', () => {
    const result = emptyResult({ url: new URL('http://127.0.0.1:8765'), dryRun: true }, [])
    result.record = 'record.json'
    result.leftAsAnkiHasThem.push(...[1, 8, 15, 22, 29, 36, 43].map(left))
    const { io, stderr } = captured()
    printSyncReport({ ...io, cwd: process.cwd() }, result)
    expect(stderr()).toContain(
      "7 notes would be left as Anki has them, as Obsidian_to_Anki would: their files are unchanged since the plugin's last sync (a.md:1, a.md:8, a.md:15, a.md:22, a.md:29 and 2 more);",
    )
  })
})
