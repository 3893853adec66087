/**
 * Course notes that were `supported` because one card's own answer stated
 * nothing a check gave back, and that a check now shows: judged against their
 * labs run for real, each is confirmed (README's counts rest on them).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { judgeNote } from '../../src/commands/verify/judge-rendered.js'
import type { LabResult } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { courseLabResults } from '../support/course-lab-results.js'

/** notes/NN:line of the course → its note id (ids do not move when lines do). */
const cards = {
  '04:61 TCP is SOCK_STREAM, UDP is SOCK_DGRAM': 1763700004003,
  '10:71 each send() is received by exactly one recv()': 1763700010003,
  '11:67 a short read returns the start of the datagram': 1763700011003,
  '12:99 SO_PASSCRED: credentials filled in by the kernel': 1763700012004,
  '16:34 shutdown(fd, SHUT_WR) is the half-close': 1763700016001,
}

let notes: Map<number, Note>
let results: Map<string, LabResult>

beforeAll(async () => {
  const course = await courseLabResults(Object.values(cards))
  notes = course.notes
  results = course.results
}, 120_000)

describe('course notes a check now confirms', () => {
  it.each(Object.entries(cards))('%s is confirmed', (_, id) => {
    const note = notes.get(id)
    expect(note, `note ${id} in notes/`).toBeDefined()
    const verdict = judgeNote(note as Note, results)
    expect(verdict.status, verdict.reason ?? '').toBe('confirmed')
  })
})
