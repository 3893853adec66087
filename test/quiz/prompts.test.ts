import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createPromptResponder, keyPrompt } from '../../src/quiz/prompts.js'
import { runReviewSession } from '../../src/quiz/review.js'
import { createScheduler } from '../../src/quiz/scheduler.js'
import { collectCards } from '../../src/quiz/session.js'
import { openStore } from '../../src/quiz/store.js'
import { makeNote } from './helpers.js'

/** A writable that keeps everything and lets a test wait for some text to appear. */
function screen() {
  let text = ''
  const waiters: { pattern: RegExp; from: number; resolve: () => void }[] = []
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk)
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(text.slice(waiter.from))) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve()
        }
      }
      callback()
    },
  })
  let mark = 0
  return {
    stream,
    text: () => text,
    /** Resolves once `pattern` appears in what was written since the previous wait. */
    waitFor(pattern: RegExp): Promise<void> {
      const from = mark
      return new Promise<void>((resolve) => {
        const done = () => {
          mark = text.length
          resolve()
        }
        if (pattern.test(text.slice(from))) done()
        else waiters.push({ pattern, from, resolve: done })
      })
    },
  }
}

const directories: string[] = []
/** The sessions' responders, closed after each test (each listens for SIGCONT). */
const responders: Array<{ close(): void }> = []
afterEach(() => {
  for (const responder of responders.splice(0)) responder.close()
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/** A review session on `cards` driven through the real key prompts, at a fixed clock. */
function startSession(
  cards: ReturnType<typeof collectCards>['cards'],
  store: ReturnType<typeof openStore>,
  editCard?: Parameters<typeof runReviewSession>[0]['editCard'],
) {
  const input = new PassThrough()
  const output = screen()
  const responder = createPromptResponder(
    { input, output: output.stream, signal: new AbortController().signal },
    false,
  )
  responders.push(responder)
  const session = runReviewSession({
    cards,
    store,
    scheduler: createScheduler({ now: () => new Date('2026-01-01T10:00:00Z') }),
    responder,
    out: output.stream,
    color: false,
    editCard,
  })
  return { input, output, session }
}

describe('the key prompt', () => {
  it('resolves on a known key and ignores the others', async () => {
    const input = new PassThrough()
    const output = screen()
    const answer = keyPrompt(
      { message: 'press', keys: { enter: 'reveal', q: 'quit' } },
      { input, output: output.stream, signal: new AbortController().signal },
    )
    await output.waitFor(/press/)
    input.write('x')
    input.write('q')
    await expect(answer).resolves.toBe('quit')
  })

  it('rejects with ExitPromptError on Ctrl-C', async () => {
    const input = new PassThrough()
    const output = screen()
    const answer = keyPrompt(
      { message: 'press', keys: { enter: 'reveal' } },
      { input, output: output.stream, signal: new AbortController().signal },
    )
    await output.waitFor(/press/)
    input.write('\u0003')
    await expect(answer).rejects.toMatchObject({ name: 'ExitPromptError' })
  })
})

describe('an interactive session on injected streams', () => {
  it('reveals, grades, checks a typed answer, shows the source, undoes and quits', {
    timeout: 15_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-prompts-'))
    directories.push(directory)
    const { cards } = collectCards([
      makeNote({ id: 1, fields: { Front: 'What is **UDS**?', Back: 'Unix domain sockets' } }),
      makeNote({
        id: 2,
        noteType: 'Basic (type in the answer)',
        fields: { Front: 'errno for a stale socket?', Back: 'ECONNREFUSED' },
      }),
      makeNote({ id: 3, fields: { Front: 'Third?', Back: 'third' } }),
    ])
    const store = openStore(directory)
    const { input, output, session } = startSession(cards, store)
    await output.waitFor(/Enter\/Space reveal/)
    expect(output.text()).toContain('What is UDS?')
    input.write(' ')
    await output.waitFor(/1 Again 1m · 2 Hard 6m · \[3 Good 10m\] · 4 Easy 8d/)
    expect(output.text()).toContain('Unix domain sockets')
    input.write('4')
    await output.waitFor(/→ Easy · next in 8d .* · saved/)
    await output.waitFor(/Your answer/)
    input.write('econrefused\r')
    await output.waitFor(/✗ not quite: econ\{\+N\+\}refused[\s\S]*\[1 Again 1m\]/)
    input.write('s')
    await output.waitFor(/source: notes\/test\.md:1/)
    input.write('\r') // Enter takes the proposed grade: Again
    await output.waitFor(/→ Again · next in 1m/)
    await output.waitFor(/Third\?[\s\S]*Enter\/Space reveal · e edit · s source · u undo · q quit/)
    input.write('u')
    await output.waitFor(/↶ undone: card 2/)
    await output.waitFor(/Your answer/)
    input.write('ECONNREFUSED\r')
    await output.waitFor(/✓ correct: ECONNREFUSED[\s\S]*\[3 Good 10m\]/)
    input.write('q')
    const result = await session
    expect(result.end).toBe('quit')
    expect(result.reviewed.map((review) => review.grade)).toEqual([4])
    const lines = readFileSync(join(directory, 'reviews.jsonl'), 'utf8').trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['review', 'review', 'undo'])
    expect(openStore(directory).cards().size).toBe(1)
  })

  it('answers `l` with the reason no lab can test a card, or that it links none', {
    timeout: 15_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-prompts-'))
    directories.push(directory)
    const { cards } = collectCards([
      makeNote({
        id: 1,
        fields: { Front: 'Postgres?', Back: 'peer' },
        noLabReason: 'needs\x1b[2J a server',
      }),
      makeNote({ id: 2, fields: { Front: 'Plain?', Back: 'plain' } }),
    ])
    const { input, output, session } = startSession(cards, openStore(directory))
    await output.waitFor(/Postgres\?[\s\S]*Enter\/Space reveal/)
    input.write(' ')
    await output.waitFor(/\[3 Good 10m\]/)
    input.write('l')
    // The reason is shown with its control characters escaped.
    await output.waitFor(/no lab here can test this card: needs\\x1b\[2J a server/)
    input.write('3')
    await output.waitFor(/Plain\?[\s\S]*Enter\/Space reveal/)
    input.write(' ')
    await output.waitFor(/\[3 Good 10m\]/)
    input.write('l')
    await output.waitFor(/this card links no lab/)
    input.write('q')
    expect((await session).end).toBe('quit')
  })

  it('answers `l` on a card whose lab link could not be read by naming the link and its line', {
    timeout: 15_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-prompts-'))
    directories.push(directory)
    const { cards } = collectCards([
      makeNote({
        id: 1,
        fields: { Front: 'Typo?', Back: 'typo' },
        malformedLabLinks: [{ text: 'stale socket', line: 5 }],
      }),
    ])
    const { input, output, session } = startSession(cards, openStore(directory))
    await output.waitFor(/Typo\?[\s\S]*Enter\/Space reveal/)
    input.write(' ')
    await output.waitFor(/\[3 Good 10m\]/)
    input.write('l')
    await output.waitFor(
      /this card's lab link `stale socket` \(line 5\) is malformed, so it links no lab/,
    )
    input.write('q')
    expect((await session).end).toBe('quit')
  })

  it('ends as interrupted on Ctrl-C and keeps the answers already given', {
    timeout: 15_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-prompts-'))
    directories.push(directory)
    const { cards } = collectCards([makeNote({ id: 1 }), makeNote({ id: 2 })])
    const { input, output, session } = startSession(cards, openStore(directory))
    await output.waitFor(/Enter\/Space reveal/)
    input.write('\r')
    await output.waitFor(/Enter Good/)
    input.write('\r')
    await output.waitFor(/saved[\s\S]*Enter\/Space reveal/)
    input.write('\u0003')
    const result = await session
    expect(result.end).toBe('interrupted')
    expect(result.reviewed).toHaveLength(1)
    expect(openStore(directory).reviews()).toHaveLength(1)
  })

  // Undo went back to the queue from before the edit: the card edited with `e` came back
  // with its old text (and, for a note keyed by its content, its old key).
  it('keeps an edited card edited when an earlier answer is undone', {
    timeout: 15_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-prompts-'))
    directories.push(directory)
    const { cards } = collectCards([
      makeNote({ id: 1, fields: { Front: 'first card', Back: 'one' } }),
      makeNote({ id: 2, fields: { Front: 'second card', Back: 'two' } }),
    ])
    const edited = collectCards([
      makeNote({ id: 2, fields: { Front: 'second card, edited', Back: 'two' } }),
    ]).cards[0]!
    const { input, output, session } = startSession(cards, openStore(directory), async () => edited)
    await output.waitFor(/first card[\s\S]*reveal/)
    input.write(' ')
    await output.waitFor(/Enter Good/)
    input.write('3')
    await output.waitFor(/second card[\s\S]*reveal/)
    input.write('e')
    await output.waitFor(/reloaded[\s\S]*second card, edited[\s\S]*reveal/)
    input.write('u')
    await output.waitFor(/undone[\s\S]*first card[\s\S]*reveal/)
    input.write(' ')
    await output.waitFor(/Enter Good/)
    input.write('3')
    await output.waitFor(/card 2 of \d+[\s\S]*reveal/)
    input.write('q')
    await session
    const shown = output
      .text()
      .split(/card 2 of \d+/)
      .at(-1)!
    expect(shown).toContain('second card, edited')
  })
})
