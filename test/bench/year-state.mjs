// A quiz state after a year of daily use, for measuring the quiz's start on it:
// `makeYearState(vault, state, {days, newPerDay, seed})` simulates `days` daily
// sessions (at 09:00 UTC, ending `days` days before now) of the quiz's own
// scheduler on the notes of `vault` (the bench vault: generate-vault.mjs), each
// reviewing every card due that day (85% Good, 10% Again, 3% Hard, 2% Easy; a card
// graded Again comes back in the session until it is out of its steps) then
// `newPerDay` new cards in source order, and writes the `reviews.jsonl` and
// `cards.json` the quiz would have written, record for record (store.ts's shape),
// without its fsync per answer. Deterministic for a given vault, seed and day.
// Run: `node test/bench/year-state.mjs VAULT STATE [DAYS]` (after `npm run build`).
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { random } from './generate-vault.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const lib = (path) => import(join(root, 'lib/src', path))

const json = (value) => JSON.parse(JSON.stringify(value))

export async function makeYearState(vault, state, { days = 365, newPerDay = 20, seed = 7 } = {}) {
  const { loadQuizCards } = await lib('quiz/open-vault.js')
  const { loadQuizVault } = await lib('commands/quiz/quiz-vault.js')
  const { createScheduler, gradeNames } = await lib('quiz/scheduler.js')
  const { noteContentKey } = await lib('model/note-key.js')
  const { firstFieldKey } = await lib('model/first-field-key.js')
  const { cards } = await loadQuizCards({ cwd: vault, paths: [vault], loadVault: loadQuizVault })
  const next = random(seed)
  let clock = 0
  const scheduler = createScheduler({ now: () => new Date(clock) })
  const stored = new Map()
  const notes = {}
  const lines = []
  let seq = 0
  const answer = (card) => {
    const roll = next()
    const grade = roll < 0.1 ? 1 : roll < 0.13 ? 2 : roll < 0.98 ? 3 : 4
    const previous = stored.get(card.key) ?? null
    const outcome = scheduler.answer(previous ?? scheduler.newCard(), grade)
    const note = {
      id: card.note.id,
      file: card.note.source.absolutePath,
      content: noteContentKey(card.note),
      type: card.note.noteType,
      first: firstFieldKey(card.note),
    }
    seq += 1
    const record = {
      type: 'review',
      seq,
      key: card.key,
      rating: gradeNames[grade],
      grade,
      time: new Date(clock).toISOString(),
      log: json(outcome.log),
      card: json(outcome.card),
      previous,
      note,
    }
    lines.push(`${JSON.stringify(record)}\n`)
    stored.set(card.key, record.card)
    notes[card.key.slice(0, card.key.lastIndexOf('/'))] = note
    clock += 8_000
    return record.card
  }
  const dayMs = 86_400_000
  const first = Math.floor(Date.now() / dayMs - days) * dayMs
  let fresh = 0
  for (let day = 0; day < days; day++) {
    clock = first + day * dayMs + 9 * 3_600_000
    const endOfDay = first + (day + 1) * dayMs + 4 * 3_600_000
    const due = cards.filter((card) => {
      const saved = stored.get(card.key)
      return saved !== undefined && Date.parse(saved.due) < endOfDay
    })
    const today = [...due, ...cards.slice(fresh, fresh + newPerDay)]
    fresh += newPerDay
    for (const card of today) {
      // Learning steps come back within the session: answer them until the card is in review.
      for (let round = 0; round < 6 && answer(card).state !== 2; round++) clock += 600_000
    }
  }
  await mkdir(state, { recursive: true, mode: 0o700 })
  await writeFile(join(state, 'reviews.jsonl'), lines.join(''), { mode: 0o600 })
  const document = { version: 1, seq, cards: Object.fromEntries(stored), notes }
  await writeFile(join(state, 'cards.json'), `${JSON.stringify(document)}\n`, { mode: 0o600 })
  return { reviews: seq, cards: stored.size }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [vault, state, days] = process.argv.slice(2)
  if (!vault || !state) {
    process.stderr.write('usage: node test/bench/year-state.mjs VAULT STATE [DAYS]\n')
    process.exit(2)
  }
  const made = await makeYearState(vault, state, { days: days ? Number(days) : 365 })
  process.stdout.write(`${made.reviews} reviews of ${made.cards} cards\n`)
}
