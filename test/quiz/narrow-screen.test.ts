// On a narrow terminal the quiz's own lines fit: the header stays one line
// (cut with an ellipsis), and the buttons and prompts break only between
// items, never inside a word (the terminal or Inquirer would cut a longer
// line at the edge, mid-word).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import { fitItems, waitMessage } from '../../src/quiz/prompt-keys.js'
import { createPromptResponder } from '../../src/quiz/prompts.js'
import type { QuizCard } from '../../src/quiz/quiz-card.js'
import { cardHeader, gradeButtonItems, runReviewSession } from '../../src/quiz/review.js'
import { createScheduler, Rating, State } from '../../src/quiz/scheduler.js'
import { collectCards } from '../../src/quiz/session.js'
import { openStore } from '../../src/quiz/store.js'
import { stripColors } from '../../src/terminal/colors.js'
import { visibleWidth } from '../../src/terminal/wrap.js'
import { makeNote } from './helpers.js'

const widths = [20, 21, 24, 30, 45, 60, 80]

function card(deck: string): QuizCard {
  return { key: 'k/0', contentKey: 'c/0', note: makeNote({ id: 1, deck }), ord: 0 }
}

const cyan = (text: string) => `\u001b[36m${text}\u001b[39m`
const header = (deck: string, width: number | undefined, index = 2, total = 20) =>
  cardHeader(card(deck), index, total, { state: State.Relearning }, { cyan }, width)

const outcomes = () => {
  const scheduler = createScheduler({ now: () => new Date('2026-01-01T10:00:00Z') })
  return scheduler.preview(scheduler.newCard())
}

/** Every line of `text` fits `width`; each item shows whole on one line. */
function expectFitted(text: string, width: number, items: readonly string[]) {
  const lines = text.split('\n')
  for (const line of lines) expect(visibleWidth(line), line).toBeLessThanOrEqual(width)
  const plain = lines.map((line) => stripColors(line))
  for (const item of items) {
    expect(
      plain.some((line) => line.includes(stripColors(item))),
      `${item} in ${plain}`,
    ).toBe(true)
  }
}

describe('the card header', () => {
  it('is the whole line when there is room', () => {
    expect(header('Unix::Sockets', 80)).toBe(
      cyan('── card 3 of 20 · Unix::Sockets · relearning ──'),
    )
    expect(header('Unix::Sockets', undefined)).toBe(
      cyan('── card 3 of 20 · Unix::Sockets · relearning ──'),
    )
  })

  it.each(widths)('is one line of at most %i columns, with the count, at any width', (width) => {
    // A deck named in Japanese takes two cells a character, as the terminal draws it.
    for (const deck of [
      'D',
      'Unix Domain Sockets::Lifecycle::Stale files',
      'x'.repeat(200),
      'ソケット::ライフサイクル::古いファイル',
    ]) {
      for (const [index, total] of [
        [0, 1],
        [2, 20],
        [998, 1000],
      ] as const) {
        const text = header(deck, width, index, total)
        expect(text).not.toContain('\n')
        expect(visibleWidth(text), text).toBeLessThanOrEqual(width)
        expect(stripColors(text)).toContain(`card ${index + 1} of ${total}`)
      }
    }
  })

  it('gives up the deck name from its start, then the deck and state, then the rules', () => {
    const deck = 'Unix Domain Sockets::Lifecycle'
    expect(stripColors(header(deck, 45))).toBe('── card 3 of 20 · …:Lifecycle · relearning ──')
    expect(stripColors(header(deck, 31))).toBe('── card 3 of 20 · relearning ──')
    expect(stripColors(header(deck, 30))).toBe('── card 3 of 20 ──')
    expect(stripColors(header(deck, 20))).toBe('── card 3 of 20 ──')
    expect(stripColors(header(deck, 20, 998, 1000))).toBe('card 999 of 1000')
  })
})

describe('the grade buttons', () => {
  it('are the one familiar line when there is room', () => {
    expect(fitItems(gradeButtonItems(outcomes(), Rating.Good, false), 80)).toBe(
      '  1 Again 1m · 2 Hard 6m · [3 Good 10m] · 4 Easy 8d',
    )
  })

  it.each(widths)('break only between buttons at %i columns', (width) => {
    for (const color of [false, true]) {
      const items = gradeButtonItems(outcomes(), Rating.Again, color)
      expectFitted(fitItems(items, width), width, items)
    }
  })

  it('at 45 columns keep `4 Easy 8d` whole on the next line', () => {
    expect(fitItems(gradeButtonItems(outcomes(), Rating.Good, false), 45)).toBe(
      '  1 Again 1m · 2 Hard 6m · [3 Good 10m]\n  4 Easy 8d',
    )
  })

  it('cut an item wider than the line with an ellipsis instead of breaking it', () => {
    expect(fitItems(['a very long single item', 'b'], 12)).toBe('  a very lo…\n  b')
  })
})

describe('the wait prompt', () => {
  it.each(widths)('fits %i columns, breaking at spaces and between keys', (width) => {
    const message = waitMessage(
      {
        card: card('D'),
        until: new Date('2026-01-01T10:10:00Z'),
        waiting: 3,
        canUndo: true,
        width,
      },
      '9:59',
      (text) => `\u001b[2m${text}\u001b[22m`,
    )
    expectFitted(message, width, ['Enter shows it now', 'u undo', 'q quit'])
    expect(stripColors(message).replace(/\s+/g, ' ')).toContain(
      '3 cards wait for a step; next at 10:10 (in 9:59)',
    )
  })
})

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/** A terminal `columns` wide that keeps what it is sent and says when `pattern` has shown. */
function terminal(columns: number) {
  let text = ''
  let waiter: { pattern: RegExp; resolve: () => void } | undefined
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        text += String(chunk)
        if (waiter?.pattern.test(screenText(text))) waiter.resolve()
        callback()
      },
    }),
    { columns, rows: 40, isTTY: true },
  )
  return {
    stream,
    text: () => screenText(text),
    waitFor: (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        if (pattern.test(screenText(text))) resolve()
        else waiter = { pattern, resolve }
      }),
  }
}

/** What was sent, each escape sequence (a cursor move, a line erase) read as a line end. */
function screenText(text: string): string {
  return text.replace(/\u001b\[[\d;?]*[A-Za-z]/g, '\n')
}

/** A prompted session of one note's cards on a terminal `columns` wide, its state in a temporary folder. */
function narrowSession(
  columns: number,
  note: ReturnType<typeof makeNote>,
  commands: Pick<Parameters<typeof runReviewSession>[0], 'runLabs' | 'editCard'> = {},
) {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-narrow-'))
  directories.push(directory)
  const input = new PassThrough()
  const screen = terminal(columns)
  const responder = createPromptResponder(
    { input, output: screen.stream, signal: new AbortController().signal },
    false,
  )
  // It listens for SIGCONT until closed.
  onTestFinished(() => responder.close())
  const session = runReviewSession({
    cards: collectCards([note]).cards,
    store: openStore(directory),
    scheduler: createScheduler({ now: () => new Date('2026-01-01T10:00:00Z') }),
    responder,
    out: screen.stream,
    color: false,
    width: columns,
    ...commands,
  })
  return { input, screen, session }
}

describe('a session on a narrow terminal', () => {
  it.each([20, 45])(
    'at %i columns: a one-line header, and buttons never cut inside a word',
    {
      timeout: 15_000,
    },
    async (columns) => {
      const { input, screen, session } = narrowSession(
        columns,
        makeNote({
          id: 1,
          deck: 'Unix Domain Sockets::Lifecycle',
          fields: { Front: 'Q?', Back: 'A' },
        }),
      )
      await screen.waitFor(/Enter\/Space reveal/)
      input.write('\r')
      await screen.waitFor(/8d/)
      input.write('q')
      await session
      const lines = screen.text().split('\n')
      const header = lines.find((line) => line.includes('card 1 of 1'))
      expect(header).toBeDefined()
      // The header is the whole line: nothing of it spills onto the next.
      expect(lines[lines.indexOf(header as string) + 1]).toBe('  Q?')
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns)
      for (const button of ['1 Again 1m', '2 Hard 6m', '[3 Good 10m]', '4 Easy 8d']) {
        expect(screen.text()).toContain(button)
      }
    },
  )

  it.each([20, 30])(
    'at %i columns: the verdict, the expected answer and the outcome wrap between words',
    { timeout: 15_000 },
    async (columns) => {
      const { input, screen, session } = narrowSession(
        columns,
        makeNote({
          id: 1,
          noteType: 'Basic (type in the answer)',
          fields: { Front: 'Q?', Back: 'connection refused by the listening peer' },
        }),
      )
      await screen.waitFor(/know\):/)
      // The prompt itself breaks between words too (Inquirer would print it whole, cut by the terminal).
      const prompt = screen.text().split('\n')
      for (const line of prompt) expect([...line].length, line).toBeLessThanOrEqual(columns)
      for (const word of ['answer', 'nothing', 'know):']) {
        expect(
          prompt.some((line) => line.split(/\s+/).includes(word)),
          word,
        ).toBe(true)
      }
      input.write('connection reset by the remote peer\r')
      await screen.waitFor(/Again/)
      input.write('1')
      // Again: the card comes back within the session; its answer prompt takes `q` as text.
      await screen.waitFor(/card 2 of 2/)
      input.write('\u0003')
      expect((await session).end).toBe('interrupted')
      const lines = screen.text().split('\n')
      // Only the lines before the card comes back (the typed answer is the terminal's to wrap).
      const results = lines.slice(
        0,
        lines.findIndex((line) => line.includes('card 2 of 2')),
      )
      for (const line of results.filter((line) => !line.includes('connection reset by')))
        expect([...line].length, line).toBeLessThanOrEqual(columns)
      // Every word of the result lines shows whole on one line (the diff's marked words aside).
      const words = [
        'quite:',
        'connection',
        'expected:',
        'refused',
        'listening',
        'Again',
        'session',
        'saved',
      ]
      for (const word of words) {
        expect(
          results.some((line) => line.split(/\s+/).includes(word)),
          `${word} whole in ${JSON.stringify(results)}`,
        ).toBe(true)
      }
    },
  )

  // The `l` panel was written as the labs gave it: on 30 columns the terminal cut its
  // expected/observed lines mid-word, where every other line of the quiz wraps between words.
  it('at 30 columns: the lab panel wraps between words', { timeout: 15_000 }, async () => {
    const columns = 30
    const panel = [
      '  lab stream-echo: PASS — A stream echo server on a pathname socket',
      '        expected: bind() creates a file of type socket at the path',
    ].join('\n')
    const { input, screen, session } = narrowSession(
      columns,
      makeNote({
        id: 1,
        fields: { Front: 'Q?', Back: 'A' },
        labs: [{ lab: 'stream-echo', line: 4, column: 6 }],
      }),
      { runLabs: async () => panel },
    )
    await screen.waitFor(/Enter\/Space reveal/)
    input.write('\r')
    await screen.waitFor(/8d/)
    input.write('l')
    await screen.waitFor(/path/)
    input.write('q')
    await session
    const lines = screen.text().split('\n')
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns)
    for (const word of ['echo', 'pathname', 'expected:', 'creates', 'socket']) {
      expect(
        lines.some((line) => line.split(/\s+/).includes(word)),
        `${word} whole in ${JSON.stringify(lines)}`,
      ).toBe(true)
    }
  })

  // What `e` said (an editor that failed, a note it left unreadable) was written whole,
  // cut mid-word by the terminal.
  it('at 30 columns: what the e key says wraps between words', { timeout: 15_000 }, async () => {
    const columns = 30
    const { input, screen, session } = narrowSession(
      columns,
      makeNote({ id: 1, fields: { Front: 'Q?', Back: 'A' } }),
      { editCard: async () => 'the editor exited with 1; the card is as it was' },
    )
    await screen.waitFor(/Enter\/Space reveal/)
    input.write('e')
    await screen.waitFor(/was/)
    input.write('q')
    await session
    const lines = screen.text().split('\n')
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns)
    for (const word of ['editor', 'exited', 'card']) {
      expect(
        lines.some((line) => line.split(/\s+/).includes(word)),
        `${word} whole in ${JSON.stringify(lines)}`,
      ).toBe(true)
    }
  })
})
