import { describe, expect, it } from 'vitest'
import { formatVerdict, runLinkedLabs } from '../../../src/commands/quiz/lab-panel.js'
import { judgeNote } from '../../../src/commands/verify/judge-rendered.js'
import { outOfTimeReason } from '../../../src/labs/machine-load.js'
import { formatLabPanel } from '../../../src/labs/report.js'
import type { Note } from '../../../src/model/note.js'
import { createColors } from '../../../src/terminal/colors.js'

function typeInNote(back: string): Note {
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType: 'Basic (type in the answer)',
    fields: { Front: 'errno for a missing path?', Back: back },
    tags: [],
    deck: 'Default',
    labs: [{ lab: 'missing-socket', check: 'connect-enoent', line: 1, column: 1 }],
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: 1,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

describe('the lab panel', () => {
  it('shows each check with expected, observed and evidence, marking the linked one', () => {
    const lines = formatLabPanel(
      {
        lab: 'stale-socket',
        title: 'A stale socket refuses connections',
        status: 'pass',
        durationMs: 12,
        transcript: [],
        checks: [
          {
            name: 'connect-refused',
            status: 'pass',
            expected: 'ECONNREFUSED',
            observed: 'ECONNREFUSED',
            evidence: ['errno 111'],
          },
          { name: 'file-still-there', status: 'fail', expected: 'a socket file', observed: 'none' },
        ],
      },
      new Set(['connect-refused']),
      createColors(false),
    )
    expect(lines).toEqual([
      '  lab stale-socket: PASS — A stale socket refuses connections (12 ms)',
      '   ▸ pass connect-refused',
      '        expected: ECONNREFUSED',
      '        observed: ECONNREFUSED',
      '        evidence: errno 111',
      '     FAIL file-still-there',
      '        expected: a socket file',
      '        observed: none',
    ])
  })

  it('runs a linked lab live, and names a lab that does not exist', async () => {
    const text = await runLinkedLabs(
      [
        { lab: 'missing-socket', check: 'connect-enoent', line: 1, column: 1 },
        { lab: 'no-such-lab', line: 2, column: 1 },
      ],
      { color: false },
    )
    expect(text).toMatch(/^ {2}lab missing-socket: (PASS|SKIP) — /m)
    expect(text).toContain('lab no-such-lab: not found (see `decklab lab list`)')
  })

  // The reason `lab run` and `verify` give ends "rerun with --deadline 60000", an option the
  // quiz does not have (`decklab quiz --deadline` is an unknown option): the panel gives the command.
  it('gives a lab a busy machine kept past both deadlines the command that runs it longer', () => {
    const outOfTime = { deadlinesMs: [10_000, 30_000], othersBusyPercent: 85, busy: true }
    const lines = formatLabPanel(
      {
        lab: 'stale-socket',
        title: 'A stale socket refuses connections',
        status: 'error',
        durationMs: 30_000,
        transcript: [],
        checks: [],
        outOfTime,
        reason: outOfTimeReason(outOfTime),
      },
      new Set(),
      createColors(false),
    )
    expect(lines).toEqual([
      '  lab stale-socket: TIMEOUT — A stale socket refuses connections (30000 ms)',
      '    deadline exceeded (10000 ms, and 30000 ms when run again) while other processes kept the CPUs 85% busy: the machine may be busy; run it with more time: decklab lab run stale-socket --deadline 60000',
    ])
  })

  it('says each lab as it starts, and a lab run again after running out of time', async () => {
    const progress: string[] = []
    // 1 ms is too short a sample to blame the machine: such a lab gets its second run.
    await runLinkedLabs([{ lab: 'missing-socket', line: 1, column: 1 }], {
      color: false,
      deadlineMs: 1,
      readCpu: () => undefined,
      onProgress: (line) => progress.push(line),
    })
    expect(progress).toEqual([
      '  running lab missing-socket…',
      '  lab missing-socket: deadline exceeded (1 ms); running it again with a deadline of 3 ms…',
    ])
  })

  it("ends with the verdict on the card's own answer, the card's word beside the kernel's", () => {
    const kernel = new Map([
      [
        'missing-socket',
        {
          lab: 'missing-socket',
          title: 't',
          status: 'pass' as const,
          durationMs: 1,
          transcript: [],
          checks: [
            {
              name: 'connect-enoent',
              status: 'pass' as const,
              expected: 'e',
              observed: 'o',
              value: 'ENOENT',
            },
          ],
        },
      ],
    ])
    expect(formatVerdict(judgeNote(typeInNote('ENOENT'), kernel), false)).toEqual([
      '  this card: CONFIRMED',
      '    missing-socket#connect-enoent: card says ENOENT; kernel showed ENOENT ✓ agrees',
    ])
    expect(formatVerdict(judgeNote(typeInNote('ECONNREFUSED'), kernel), false)).toEqual([
      '  this card: REFUTED',
      '    missing-socket#connect-enoent: card says ECONNREFUSED; kernel showed ENOENT ✗ disagrees',
      '    missing-socket#connect-enoent: card says "ECONNREFUSED", kernel says "ENOENT"',
    ])
  })

  it("says why a card is not confirmed when every link's values agree", () => {
    const lines = formatVerdict(
      {
        file: 'notes/a.md',
        line: 1,
        id: 1,
        noteType: 'Basic (and reversed card)',
        question: 'Unix-domain socket (UDS)',
        labs: ['stream-echo'],
        cards: 2,
        status: 'supported',
        reason: 'card 2 (Front): states none of the values the kernel showed',
        links: [
          {
            link: 'stream-echo#socket-file-created',
            status: 'confirmed',
            reason: null,
            values: [{ kind: 'bool', label: 'path', kernel: 'yes', card: 'yes', agrees: true }],
          },
        ],
      },
      false,
    )
    // The note's verdict, as its reason names its card 2: not "this card" on its card 1.
    expect(lines).toEqual([
      '  this note (2 cards): SUPPORTED',
      '    stream-echo#socket-file-created: card says yes; kernel showed yes (path) ✓ agrees',
      '    card 2 (Front): states none of the values the kernel showed',
    ])
  })

  it('judges the card after running its labs live', async () => {
    const note = typeInNote('ECONNREFUSED')
    const text = await runLinkedLabs(note.labs, { color: false, note })
    // Refuted when the lab ran; unverified (never confirmed) when it was skipped here.
    expect(text).toMatch(/^ {2}this card: (REFUTED|UNVERIFIED)$/m)
  })
})
