// `npm run bench -- check`: `decklab check <vault> --json > /dev/null` as a whole
// process on a generated 10,000-note vault of about 1,000 files; median of 5
// runs against the 0.6 s goal (issue 14). Baseline side by side: the same process on an
// empty folder (Node start-up and module loading alone).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateVault } from './generate-vault.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const binary = join(root, 'lib/src/main.js')
const goalMs = 600
const runs = 5

if (!existsSync(binary)) {
  process.stderr.write('error: lib/src/main.js is missing; run `npm run build` first\n')
  process.exit(2)
}

function time(args) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [binary, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6
  return { elapsed, status: result.status, stderr: String(result.stderr) }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const dir = await mkdtemp(join(tmpdir(), 'decklab-bench-check-'))
try {
  const vault = join(dir, 'vault')
  const empty = join(dir, 'empty')
  await mkdir(empty)
  const summary = await generateVault(vault, { notes: 10_000, files: 1_000 })
  process.stdout.write(
    `vault: ${summary.notes} notes (${summary.counts.Basic} Basic, ${summary.counts['Basic (and reversed card)']} reversed, ${summary.counts.Cloze} Cloze), ${summary.cards} cards, ${summary.files} files\n`,
  )
  const first = time(['check', vault, '--json'])
  if (first.status !== 0) {
    process.stderr.write(`error: decklab check exited ${first.status}\n${first.stderr}`)
    process.exitCode = 1
  } else {
    const checkTimes = []
    const baseTimes = []
    for (let run = 0; run < runs; run++) {
      checkTimes.push(time(['check', vault, '--json']).elapsed)
      baseTimes.push(time(['check', empty, '--json']).elapsed)
    }
    const checkMedian = median(checkTimes)
    const baseMedian = median(baseTimes)
    process.stdout.write(
      `decklab check --json: median ${checkMedian.toFixed(0)} ms of ${runs} runs (${checkTimes.map((t) => t.toFixed(0)).join(', ')})\n` +
        `baseline (empty folder): median ${baseMedian.toFixed(0)} ms; check is ${(checkMedian / baseMedian).toFixed(1)}x the baseline\n` +
        `goal: under ${goalMs} ms wall: ${checkMedian < goalMs ? 'met' : 'NOT met'}\n`,
    )
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
