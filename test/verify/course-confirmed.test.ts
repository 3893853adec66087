/**
 * Course notes that were `supported` because one card's own answer stated
 * nothing a check gave back, and that a check now shows: judged against their
 * labs run for real, each is confirmed (README's counts rest on them).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { judgeNote } from '../../src/commands/verify/judge-rendered.js'
import { findLab, loadLabCatalog } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabResult } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'

/** notes/NN:line of the course → its note id (ids do not move when lines do). */
const cards = {
  '04:61 TCP is SOCK_STREAM, UDP is SOCK_DGRAM': 1763700004003,
  '10:71 each send() is received by exactly one recv()': 1763700010003,
  '11:67 a short read returns the start of the datagram': 1763700011003,
  '12:99 SO_PASSCRED: credentials filled in by the kernel': 1763700012004,
  '16:34 shutdown(fd, SHUT_WR) is the half-close': 1763700016001,
}

let notes: Map<number, Note>
const results = new Map<string, LabResult>()

beforeAll(async () => {
  const root = packageRoot()
  const vault = await loadVault({ cwd: root, paths: ['notes'], labs: await loadLabCatalog() })
  notes = new Map(vault.notes.flatMap((note) => (note.id === null ? [] : [[note.id, note]])))
  const ids = new Set(
    Object.values(cards).flatMap((id) => notes.get(id)?.labs.map((link) => link.lab) ?? []),
  )
  for (const id of ids) {
    const lab = await findLab(id)
    if (lab) results.set(id, await runLab(lab))
  }
}, 120_000)

describe('course notes a check now confirms', () => {
  it.each(Object.entries(cards))('%s is confirmed', (_, id) => {
    const note = notes.get(id)
    expect(note, `note ${id} in notes/`).toBeDefined()
    const verdict = judgeNote(note as Note, results)
    expect(verdict.status, verdict.reason ?? '').toBe('confirmed')
  })
})
