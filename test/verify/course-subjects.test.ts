/**
 * The course's cards whose checks say what each value is about (labs'
 * `about`/`contrast`), judged against the labs run for real: each is
 * confirmed as written, and with its subjects swapped it is no longer
 * confirmed (held back as supported: binding alone never refutes).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { judgeMutants, judgeNote } from '../../src/commands/verify/judge-rendered.js'
import type { LabResult } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { courseLabResults } from '../support/course-lab-results.js'

/** notes/NN:line of the course → its note id (ids do not move when lines do). */
const cards = {
  '01:78 a FIFO server and its clients': 1763700001005,
  '02:93 sendto/recvfrom': 1763700002004,
  '04:97 datagram reliability': 1763700004006,
  '11:76 short read': 1763700011004,
  '16:69 shutdown() and close()': 1763700016004,
  '07:133 Node unlinks on close()': 1763700007008,
  '13:56 the passed fd number': 1763700013002,
}

/** Cards swapped by hand below (01:52, 15:55): their labs are run too. */
const swappedByHand = [1763700001003, 1763700015003]

let notes: Map<number, Note>
let results: Map<string, LabResult>

beforeAll(async () => {
  const course = await courseLabResults([...Object.values(cards), ...swappedByHand])
  notes = course.notes
  results = course.results
}, 120_000)

function course(id: number): Note {
  const note = notes.get(id)
  expect(note, `note ${id} in notes/`).toBeDefined()
  return note as Note
}

describe('course cards whose labs say what each value is about', () => {
  it.each(Object.entries(cards))('%s is confirmed as written', (_, id) => {
    const verdict = judgeNote(course(id), results)
    expect(verdict.status, verdict.reason).toBe('confirmed')
    // At least one of its values names what it is about, and the card says it of that.
    const bound = verdict.links.flatMap((link) => link.values).filter((value) => value.about)
    expect(bound.length).toBeGreaterThan(0)
    for (const value of bound) expect(value.agrees, JSON.stringify(value)).toBe(true)
  })

  it.each(Object.entries(cards).filter(([name]) => !name.startsWith('07:133')))(
    '%s with its subjects swapped is held back, not confirmed',
    async (_, id) => {
      const report = await judgeMutants([course(id)], results)
      const swaps = report.notes
        .flatMap((entry) => entry.mutants)
        .filter((mutant) => mutant.kind === 'swap-subjects')
      expect(swaps.length).toBeGreaterThan(0)
      for (const mutant of swaps) {
        expect(mutant.status, mutant.from).toBe('supported')
        // The reason says what happened: the binding read a value beside the other subject.
        expect(mutant.why).toMatch(
          /^held back as supported, not refuted: the binding read .* beside "/,
        )
      }
    },
  )

  it.each([
    [
      '01:52 with pipe and socketpair swapped',
      1763700001003,
      [
        'A pipe is one-way: one read end, one write end (writing the read end gives EBADF). Both ends of a socketpair can read and write, so one socketpair carries a two-way conversation.',
        'A socketpair is one-way: one read end, one write end (writing the read end gives EBADF). Both ends of a pipe can read and write, so one pipe carries a two-way conversation.',
      ],
      ['EBADF beside "socketpair"', 'yes (two-way | exchange) beside "pipe"'],
    ],
    [
      '15:55 with blocking and nonblocking swapped',
      1763700015003,
      [
        'UDS: a nonblocking connect fails at once with EAGAIN (a blocking one waits)',
        'UDS: a blocking connect fails at once with EAGAIN (a nonblocking one waits)',
      ],
      ['yes (fails) beside "blocking"'],
    ],
  ] as const)('%s is held back, not confirmed', (_, id, [written, swapped], said) => {
    const note = course(id)
    const back = note.fields.Back ?? ''
    expect(back).toContain(written)
    expect(judgeNote(note, results).status).toBe('confirmed')
    const wrong = { ...note, fields: { ...note.fields, Back: back.replace(written, swapped) } }
    const verdict = judgeNote(wrong, results)
    expect(verdict.status).toBe('supported')
    for (const part of said) expect(verdict.reason).toContain(`the card states ${part}`)
  })

  it('07:133 with close() and the crash swapped is held back, not confirmed', () => {
    const note = course(cards['07:133 Node unlinks on close()'])
    const back = note.fields.Back ?? ''
    expect(back).toContain('Only on server.close()')
    const swapped = back
      .replace('Only on server.close()', 'Only when the process crashes')
      .replace('When the process crashes or is killed (SIGKILL)', 'On server.close()')
    const verdict = judgeNote({ ...note, fields: { ...note.fields, Back: swapped } }, results)
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toContain('beside "crashes"')
    expect(verdict.reason).toContain('beside "close()"')
  })
})
