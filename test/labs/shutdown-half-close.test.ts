import { beforeAll, describe, expect, it } from 'vitest'
import lab from '../../labs/shutdown-half-close.js'
import { judgeNote } from '../../src/commands/verify/judge-rendered.js'
import { loadLabCatalog } from '../../src/labs/registry.js'
import type { LabResult } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

let result: LabResult
beforeAll(async () => {
  result = await expectLabPasses(lab)
}, 60_000)

describe('shutdown-half-close lab', () => {
  it('after SHUT_WR the peer reads EOF and replies; a later send gets EPIPE', () => {
    expect(checkNamed(result, 'send-after-shutdown-epipe').value).toBe('EPIPE')
    expect(checkNamed(result, 'reply-after-shutdown').observed).toBe(
      'client read "reply:request\\n"',
    )
  })

  it('a send after its own SHUT_WR kills a sender whose SIGPIPE is at its default action', () => {
    const check = checkNamed(result, 'send-after-shutdown-sigpipe')
    expect(check.value).toBe('SIGPIPE')
    expect(check.observed).toBe('killed by SIGPIPE')
  })

  it("compares the course's card on it with what the kernel did, and refutes the belief that shutdown spares the sender", async () => {
    const vault = await loadVault({
      cwd: packageRoot(),
      paths: ['notes/16 Shutdown, EPIPE and SIGPIPE.md'],
      labs: await loadLabCatalog(),
    })
    const card = vault.notes.find((note) => note.id === 1763700016008) as Note
    expect(card, 'the card in notes/16').toBeDefined()
    const results = new Map([[lab.id, result]])
    const judged = (back?: string) =>
      judgeNote(
        back === undefined ? card : { ...card, fields: { ...card.fields, Back: back } },
        results,
      )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    expect(
      judged('It is not killed: after its own shutdown the send just fails with EPIPE.').status,
    ).toBe('refuted')
    expect(
      judged('The kernel sends it SIGSEGV, which kills it; the send fails with EPIPE.').status,
    ).toBe('refuted')
  })
})
