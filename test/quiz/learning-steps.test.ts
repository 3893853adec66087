import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { afterAnswer, createQueue, nextStep } from '../../src/quiz/queue.js'
import { runReviewSession } from '../../src/quiz/review.js'
import { createScheduler, State } from '../../src/quiz/scheduler.js'
import { createScriptedResponder, streamLines } from '../../src/quiz/scripted.js'
import { collectCards } from '../../src/quiz/session.js'
import { openStore } from '../../src/quiz/store.js'
import { makeNote } from './helpers.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/** A clock that only moves when the session sleeps; it records every sleep. */
function fakeClock(start: Date) {
  let time = start.getTime()
  const sleeps: number[] = []
  return {
    now: () => new Date(time),
    async sleep(ms: number) {
      sleeps.push(ms)
      time += ms
    },
    advance(ms: number) {
      time += ms
    },
    sleeps,
  }
}

function collect() {
  let text = ''
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk)
      callback()
    },
  })
  return { stream, text: () => text }
}

/** A scripted session over `notes`, answered by `answers`, on the fake clock. */
async function scripted(
  answers: string[],
  learnAheadMs: number,
  noteCount = 1,
  color = false,
  start = new Date(2026, 0, 5, 10, 0, 0),
) {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-steps-'))
  directories.push(directory)
  const notes = Array.from({ length: noteCount }, (_, index) =>
    makeNote({ id: index + 1, fields: { Front: `Q${index + 1}`, Back: `A${index + 1}` } }),
  )
  const { cards } = collectCards(notes)
  const clock = fakeClock(start)
  const out = collect()
  const store = openStore(directory)
  const result = await runReviewSession({
    cards,
    store,
    scheduler: createScheduler({ now: clock.now }),
    responder: createScriptedResponder(
      streamLines(Readable.from([answers.map((line) => `${line}\n`).join('')])),
      out.stream,
      color,
      'answers',
      undefined,
      clock,
    ),
    out: out.stream,
    color,
    learnAheadMs,
  })
  return { result, text: out.text(), clock, store, cards }
}

describe('learning steps in a scripted session (injected clock)', () => {
  it('shows a failed card again once its step is due, then passes it', async () => {
    // Learn-ahead 0: the session must wait for each step on the clock.
    const { result, text, clock, store, cards } = await scripted(['again', 'good', 'good'], 0)
    expect(result.end).toBe('done')
    expect(result.reviewed.map((review) => review.grade)).toEqual([1, 3, 3])
    // Again → 1m step; Good → 10m step; Good → graduates (due in days).
    expect(clock.sleeps).toEqual([60_000, 600_000])
    expect(text).toContain('waiting 1m for the next learning step (1 card waiting)')
    expect(text).toMatch(/── card 2 of 2 · Default · learning ──\n {2}Q1/)
    expect(text).toMatch(/── card 3 of 3 · Default · learning ──\n {2}Q1/)
    const stored = store.lookup(cards[0]!)!
    expect(stored.state).toBe(State.Review)
    expect(new Date(stored.due).getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(
      86_400_000,
    )
  })

  it('brings a step back past midnight: a new card graded Good at 23:55 comes back at 00:05', async () => {
    const lateEvening = new Date(2026, 0, 5, 23, 55, 0)
    const { result, text, clock, store, cards } = await scripted(
      ['good', 'good'],
      0,
      1,
      false,
      lateEvening,
    )
    expect(result.end).toBe('done')
    expect(result.reviewed.map((review) => review.grade)).toEqual([3, 3])
    expect(clock.sleeps).toEqual([600_000])
    expect(clock.now().getDate()).toBe(6)
    expect(text).toContain('again this session')
    expect(store.lookup(cards[0]!)!.state).toBe(State.Review)
    // Within the learn-ahead limit it is shown at once, midnight or not.
    const ahead = await scripted(['good', 'good'], 20 * 60_000, 1, false, lateEvening)
    expect(ahead.result.reviewed).toHaveLength(2)
    expect(ahead.clock.sleeps).toEqual([])
  })

  it('shows a learning card within the learn-ahead limit at once, without waiting', async () => {
    const { result, clock } = await scripted(['again', 'good', 'good'], 20 * 60_000)
    expect(result.reviewed).toHaveLength(3)
    expect(clock.sleeps).toEqual([])
  })

  it('shows the other planned cards before a step that is not due yet', async () => {
    const { result, text, cards } = await scripted(['again', 'good', 'good', 'good', 'good'], 0, 2)
    const keys = result.reviewed.map((review) => review.key)
    // Q1 failed, Q2 passed (10m step), Q1 after 1m, then Q1 and Q2 at their 10m steps.
    expect(keys).toEqual([
      cards[0]!.key,
      cards[1]!.key,
      cards[0]!.key,
      cards[1]!.key,
      cards[0]!.key,
    ])
    expect(text).toMatch(/── card 2 of 3 · Default · new ──\n {2}Q2/)
  })

  it('hard while learning comes back too; easy graduates at once', async () => {
    const { result, clock } = await scripted(['hard', 'easy'], 0)
    expect(result.reviewed.map((review) => review.grade)).toEqual([2, 4])
    expect(clock.sleeps).toHaveLength(1)
    expect(result.end).toBe('done')
  })
})

describe('answers that run out before a learning step', () => {
  it('end the session at once instead of waiting for the step', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-steps-'))
    directories.push(directory)
    const { cards } = collectCards([makeNote({ id: 1 })])
    let time = new Date(2026, 0, 5, 10, 0, 0).getTime()
    // A clock whose sleep ends only when it is called off (or, failing that, after 5 s).
    const sleeps: { ms: number; calledOff: boolean }[] = []
    const clock = {
      now: () => new Date(time),
      sleep: (ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve) => {
          const sleep = { ms, calledOff: false }
          sleeps.push(sleep)
          const timer = setTimeout(() => {
            time += ms
            resolve()
          }, 5_000)
          signal?.addEventListener('abort', () => {
            sleep.calledOff = true
            clearTimeout(timer)
            resolve()
          })
        }),
    }
    const out = collect()
    const result = await runReviewSession({
      cards,
      store: openStore(directory),
      scheduler: createScheduler({ now: clock.now }),
      responder: createScriptedResponder(
        streamLines(Readable.from(['again\n'])),
        out.stream,
        false,
        'answers',
        undefined,
        clock,
      ),
      out: out.stream,
      color: false,
      learnAheadMs: 0,
    })
    expect(result.end).toBe('input-ended')
    expect(result.reviewed).toHaveLength(1)
    // A sleep that ran out on its own (not called off) is the wait the session must not do.
    // Nothing said about a wait that will not happen, and no timer left running.
    expect(out.text()).not.toContain('waiting')
    expect(sleeps.every((sleep) => sleep.calledOff)).toBe(true)
  })
})

describe('the session queue', () => {
  const [first, second] = collectCards([makeNote({ id: 1 }), makeNote({ id: 2 })]).cards
  const now = new Date(2026, 0, 5, 10, 0, 0).getTime()

  it('waits for a step, and ends when the card leaves with an interval in days', () => {
    let queue = createQueue([first!])
    queue = afterAnswer(queue, first!, 'planned', now + 30 * 60_000, true)
    expect(nextStep(queue, now, 20 * 60_000)).toEqual({
      kind: 'wait',
      card: first,
      until: now + 30 * 60_000,
    })
    expect(nextStep(queue, now, 40 * 60_000)).toMatchObject({ kind: 'show', from: 'learning' })
    const graduated = afterAnswer(createQueue([first!]), first!, 'planned', now + 86_400_000, false)
    expect(nextStep(graduated, now, 20 * 60_000)).toEqual({ kind: 'done' })
  })

  it('puts a due learning card before the next planned one', () => {
    let queue = createQueue([first!, second!])
    queue = afterAnswer(queue, first!, 'planned', now + 60_000, true)
    expect(nextStep(queue, now, 20 * 60_000)).toMatchObject({ card: second, from: 'planned' })
    expect(nextStep(queue, now + 60_000, 20 * 60_000)).toMatchObject({
      card: first,
      from: 'learning',
    })
  })
})

describe('colours', () => {
  it('colours each grade’s result by its verdict', async () => {
    const { text } = await scripted(['again', 'hard', 'good', 'easy'], 20 * 60_000, 1, true)
    expect(text).toContain('\u001b[31m→ Again\u001b[39m')
    expect(text).toContain('\u001b[33m→ Hard\u001b[39m')
    expect(text).toContain('\u001b[32m→ Good\u001b[39m')
    expect(text).toContain('\u001b[36m→ Easy\u001b[39m')
  })
})
