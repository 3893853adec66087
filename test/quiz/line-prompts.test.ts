/**
 * The line prompts of a terminal that cannot move its cursor (`TERM=dumb`):
 * a whole session answered a line at a time, with nothing written but text.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createLineResponder } from '../../src/quiz/line-prompts.js'
import { runReviewSession } from '../../src/quiz/review.js'
import { createScheduler } from '../../src/quiz/scheduler.js'
import { collectCards } from '../../src/quiz/session.js'
import { openStore } from '../../src/quiz/store.js'
import { makeNote } from './helpers.js'

/** Everything written, and a wait for text to appear after the last wait. */
function screen() {
  let text = ''
  let mark = 0
  const waiters: Array<() => void> = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk)
      for (const waiter of waiters.splice(0)) waiter()
      callback()
    },
  })
  return {
    stream,
    text: () => text,
    async waitFor(pattern: RegExp): Promise<void> {
      while (!pattern.test(text.slice(mark)))
        await new Promise<void>((resolve) => waiters.push(resolve))
      mark = text.length
    },
  }
}

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function start(signal = new AbortController().signal) {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-line-prompts-'))
  directories.push(directory)
  const { cards } = collectCards([
    makeNote({ id: 1, fields: { Front: 'What is UDS?', Back: 'Unix domain sockets' } }),
    makeNote({
      id: 2,
      noteType: 'Basic (type in the answer)',
      fields: { Front: 'errno for a stale socket?', Back: 'ECONNREFUSED' },
    }),
  ])
  const input = new PassThrough()
  const output = screen()
  const responder = createLineResponder({ input, output: output.stream, signal }, false)
  const session = runReviewSession({
    cards,
    store: openStore(directory),
    scheduler: createScheduler({ now: () => new Date('2026-01-01T10:00:00Z') }),
    responder,
    out: output.stream,
    color: false,
  })
  return { input, output, session, responder }
}

describe('the line prompts (TERM=dumb)', () => {
  it('take a line per answer, ask again for one they do not know, and write no escape code', async () => {
    const { input, output, session, responder } = start()
    await output.waitFor(/What is UDS\?[\s\S]*Enter reveal · e edit · s source · q quit\n {2}> $/)
    input.write('x\n')
    await output.waitFor(/type one of Enter, e, s, q, then Enter\n {2}> $/)
    input.write('\n')
    await output.waitFor(
      /Unix domain sockets[\s\S]*\[3 Good 10m\][\s\S]*1–4 grade · Enter Good[\s\S]*> $/,
    )
    input.write('4\n')
    await output.waitFor(
      /→ Easy · next in 8d[\s\S]*Your answer \(Enter with nothing = I don’t know\):\n {2}> $/,
    )
    input.write('econnrefused\n')
    await output.waitFor(/✓ correct: econnrefused[\s\S]*u undo · q quit\n {2}> $/)
    // Easy: no learning step brings the card back, so the session is done.
    input.write('4\n')
    const result = await session
    responder.close()
    expect(result.end).toBe('done')
    expect(result.reviewed.map((review) => review.grade)).toEqual([4, 4])
    expect(output.text()).not.toContain('\u001b')
  })

  // Ctrl-D (the end of the input) ended the session as a script that ran out of answers
  // does, with exit 0, where Ctrl-D and Ctrl-C at the full-screen prompts interrupt it (130).
  it('is interrupted at the end of the input (Ctrl-D), as on the signal', async () => {
    const ended = start()
    await ended.output.waitFor(/> $/)
    ended.input.end()
    expect((await ended.session).end).toBe('interrupted')
    const stop = new AbortController()
    const stopped = start(stop.signal)
    await stopped.output.waitFor(/> $/)
    stop.abort()
    expect((await stopped.session).end).toBe('interrupted')
  })

  // Text typed without its Enter, then Ctrl-D: readline hands it on as a last line, and the
  // half-typed text was graded as the answer.
  it('takes no answer from text left without its Enter when the input ends', async () => {
    const { input, output, session } = start()
    await output.waitFor(/Enter reveal[\s\S]*> $/)
    input.write('\n')
    await output.waitFor(/1–4 grade · Enter Good[\s\S]*> $/)
    input.write('3\n')
    await output.waitFor(/Your answer[\s\S]*> $/)
    input.end('econnref')
    const result = await session
    expect(result.end).toBe('interrupted')
    expect(result.reviewed.map((review) => review.grade)).toEqual([3])
    expect(output.text()).not.toContain('not quite')
  })

  it('waits for a learning step until it is due, or until Enter', async () => {
    const input = new PassThrough()
    const output = screen()
    const responder = createLineResponder(
      { input, output: output.stream, signal: new AbortController().signal },
      false,
    )
    const [card] = collectCards([makeNote({ id: 1 })]).cards
    const context = (ms: number) => ({
      card: card as NonNullable<typeof card>,
      until: new Date(Date.now() + ms),
      waiting: 1,
      canUndo: true,
    })
    expect(await responder.wait(context(50))).toBe('due')
    expect(output.text()).toMatch(
      /1 card waits for a step; the next in \d+s\n {2}Enter shows it now · u undo · q quit\n {2}> \n$/,
    )
    const early = responder.wait(context(60_000))
    await output.waitFor(/> $/)
    input.write('\n')
    expect(await early).toBe('now')
    const quit = responder.wait(context(60_000))
    await output.waitFor(/> $/)
    input.write('q\n')
    expect(await quit).toBe('quit')
    responder.close()
  })
})
