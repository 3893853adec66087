// `npm run bench -- quiz`: on a generated 10,000-note vault with a fresh state
// directory, (1) the time from spawning `decklab quiz --answers -` to the
// first card's text on stdout (goal < 300 ms) and (2) the wall time of a whole
// one-card scripted session, `--limit 1` answered `good` (goal < 1 s). The
// first card comes from one parsed file (src/commands/quiz/quick-start.ts); the whole
// vault is parsed while it is on screen, so the session time includes it.
// Also: the first card for a returning user whose 200 reviewed cards are all
// overdue (found through the state's note index).
// Medians of several runs; baseline side by side: `decklab --version` (Node
// start-up and the CLI frame alone).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateVault } from './generate-vault.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const binary = join(root, 'lib/src/main.js')
const runs = 7
const firstCardGoalMs = 300
const sessionGoalMs = 1000

if (!existsSync(binary)) {
  process.stderr.write('error: lib/src/main.js is missing; run `npm run build` first\n')
  process.exit(2)
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Spawn a scripted quiz; resolve with the ms until the first card's text shows and until exit. */
function quizRun(vault, state, answer, limit = 1) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6
    const child = spawn(
      process.execPath,
      [
        binary,
        'quiz',
        vault,
        '--answers',
        '-',
        '--state',
        state,
        '--limit',
        String(limit),
        '--new',
        String(limit),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    )
    let output = ''
    let firstCardMs
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (firstCardMs === undefined && /card 1 of \d+ [^\n]*\n\s+\S/.test(output)) {
        firstCardMs = elapsed()
        child.stdin.end(`${answer}\n`.repeat(limit))
      }
    })
    let errors = ''
    child.stderr.on('data', (chunk) => {
      errors += chunk
    })
    // A safety net, not a measurement: a run that hangs is a failure, not a wait.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(deadline)
      if (code !== 0 || firstCardMs === undefined || !/· saved/.test(output)) {
        reject(new Error(`decklab quiz exited ${code}\n${errors}${output}`))
      } else resolve({ firstCardMs, wallMs: elapsed() })
    })
  })
}

function baseline() {
  const started = process.hrtime.bigint()
  spawnSync(process.execPath, [binary, '--version'], { stdio: 'ignore' })
  return Number(process.hrtime.bigint() - started) / 1e6
}

const dir = await mkdtemp(join(tmpdir(), 'decklab-bench-quiz-'))
try {
  const vault = join(dir, 'vault')
  const summary = await generateVault(vault, { notes: 10_000, files: 1_000 })
  process.stdout.write(
    `vault: ${summary.notes} notes, ${summary.cards} cards, ${summary.files} files\n`,
  )
  // One warm-up run (file system cache), not counted.
  await quizRun(vault, join(dir, 'state-warm-up'), 'good')
  const firstCard = []
  const wall = []
  const start = []
  for (let run = 0; run < runs; run++) {
    const result = await quizRun(vault, join(dir, `state-${run}`), 'good')
    firstCard.push(result.firstCardMs)
    wall.push(result.wallMs)
    start.push(baseline())
  }
  // A returning user: 200 cards reviewed, all overdue now; the first card is
  // the most overdue one, found through the state's note index.
  const dueState = join(dir, 'state-due')
  await quizRun(vault, dueState, 'good', 200)
  const cardsPath = join(dueState, 'cards.json')
  const document = JSON.parse(readFileSync(cardsPath, 'utf8'))
  if (Object.keys(document.cards).length !== 200) throw new Error('expected 200 reviewed cards')
  let offset = 0
  for (const card of Object.values(document.cards)) {
    offset += 1
    card.due = new Date(Date.now() - offset * 3_600_000).toISOString()
  }
  writeFileSync(cardsPath, JSON.stringify(document))
  const firstDue = []
  for (let run = 0; run < runs; run++) {
    // The same state each time: answering `again` keeps the card due now.
    const snapshot = readFileSync(cardsPath)
    firstDue.push((await quizRun(vault, dueState, 'again')).firstCardMs)
    writeFileSync(cardsPath, snapshot)
  }
  const base = median(start)
  const line = (name, values, goal) => {
    const value = median(values)
    process.stdout.write(
      `${name.padEnd(34)} median ${value.toFixed(0).padStart(5)} ms  (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})  ` +
        `${(value / base).toFixed(1)}× baseline  goal < ${goal} ms: ${value < goal ? 'met' : 'NOT met'}\n`,
    )
  }
  process.stdout.write(
    `baseline \`decklab --version\`        median ${base.toFixed(0).padStart(5)} ms\n`,
  )
  line('first card on stdout', firstCard, firstCardGoalMs)
  line('one-card scripted session (wall)', wall, sessionGoalMs)
  line('first card, 200 overdue cards', firstDue, firstCardGoalMs)
} finally {
  await rm(dir, { recursive: true, force: true })
}
