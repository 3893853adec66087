// `npm run bench -- check`: `decklab check <vault> --json > /dev/null` as a whole
// process on a generated 10,000-note vault of about 1,000 files; median of 5
// runs against the 0.6 s goal (issue 14). Baselines side by side: the same process on an
// empty folder (Node start-up and module loading alone), and Node starting with nothing
// to run (with and without NODE_EXTRA_CA_CERTS when it is set). Then the same check
// after a build of the vault, run where that build wrote its package, so that check
// also reads the build's record (to report what the next build would say about it).
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

function time(args, env = process.env, cwd = undefined) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args[0] === '-e' ? args : [binary, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
    cwd,
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
    const nodeTimes = []
    const withoutCaTimes = []
    // Set here for the registry proxy: Node 20 reads the file at every start, before any decklab code.
    const extraCa = process.env.NODE_EXTRA_CA_CERTS
    const withoutCa = { ...process.env }
    delete withoutCa.NODE_EXTRA_CA_CERTS
    for (let run = 0; run < runs; run++) {
      checkTimes.push(time(['check', vault, '--json']).elapsed)
      baseTimes.push(time(['check', empty, '--json']).elapsed)
      nodeTimes.push(time(['-e', '']).elapsed)
      if (extraCa) withoutCaTimes.push(time(['-e', ''], withoutCa).elapsed)
    }
    const checkMedian = median(checkTimes)
    const baseMedian = median(baseTimes)
    const caNote = extraCa
      ? `; ${median(withoutCaTimes).toFixed(0)} ms without NODE_EXTRA_CA_CERTS (set here to ${extraCa}: Node 20 reads it at every start, and every figure above includes that)`
      : ''
    process.stdout.write(
      `decklab check --json: median ${checkMedian.toFixed(0)} ms of ${runs} runs (${checkTimes.map((t) => t.toFixed(0)).join(', ')})\n` +
        `baseline (empty folder): median ${baseMedian.toFixed(0)} ms; check is ${(checkMedian / baseMedian).toFixed(1)}x the baseline\n` +
        `Node alone (node -e ''): median ${median(nodeTimes).toFixed(0)} ms${caNote}\n` +
        `goal: under ${goalMs} ms wall: ${checkMedian < goalMs ? 'met' : 'NOT met'}\n`,
    )
    const built = time(['build', 'vault'], process.env, dir)
    if (built.status !== 0) {
      process.stderr.write(`error: decklab build exited ${built.status}\n${built.stderr}`)
      process.exitCode = 1
    } else {
      const afterBuild = []
      for (let run = 0; run < runs; run++)
        afterBuild.push(time(['check', 'vault', '--json'], process.env, dir).elapsed)
      const afterMedian = median(afterBuild)
      process.stdout.write(
        `after a build (check also reads its record): median ${afterMedian.toFixed(0)} ms of ${runs} runs (${afterBuild.map((t) => t.toFixed(0)).join(', ')}); goal ${afterMedian < goalMs ? 'met' : 'NOT met'}\n`,
      )
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
