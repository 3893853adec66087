// Runs every lab N times back to back (default 50; `npm run bench -- labs` or
// `node test/bench/labs.bench.mjs 10`) with the built runner, and prints the
// wall time per round (median, min, max), the slowest labs, the statuses,
// and what was left behind: leftovers the runner reported, new dl-* entries
// in the temp directory, and stray child processes. Never asserts speed;
// exits 1 only if something was left behind.
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const { loadLabs } = await import(`${root}lib/src/labs/registry.js`)
const { runLab } = await import(`${root}lib/src/labs/runner.js`)

const rounds = Number(process.argv[2] ?? process.env.LABS_BENCH_ROUNDS ?? 50)
const labs = await loadLabs()

function tempEntries() {
  return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('dl-')))
}

function childPids() {
  const pids = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') pids.push(Number(entry))
    } catch {
      // gone
    }
  }
  return pids
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const tempBefore = tempEntries()
const roundTimes = []
const perLab = new Map(labs.map((lab) => [lab.id, []]))
const statuses = new Map()
const leftovers = []
const started = performance.now()
for (let round = 1; round <= rounds; round += 1) {
  const roundStart = performance.now()
  for (const lab of labs) {
    const result = await runLab(lab)
    perLab.get(lab.id).push(result.durationMs)
    const key = `${lab.id} ${result.status}${result.reason && result.status !== 'pass' ? ` (${result.reason})` : ''}`
    statuses.set(key, (statuses.get(key) ?? 0) + 1)
    for (const leftover of result.leftovers ?? [])
      leftovers.push(`round ${round} ${lab.id}: ${leftover}`)
  }
  roundTimes.push(performance.now() - roundStart)
  if (round % 10 === 0 || round === rounds) {
    process.stdout.write(`  round ${round}/${rounds}: ${(roundTimes.at(-1) / 1000).toFixed(2)} s\n`)
  }
}
const total = performance.now() - started
const newTemp = [...tempEntries()].filter((name) => !tempBefore.has(name))
const strays = childPids()

process.stdout.write(`\n${labs.length} labs × ${rounds} rounds, sequential, in one process\n`)
process.stdout.write(`total wall time: ${(total / 1000).toFixed(1)} s\n`)
process.stdout.write(
  `one round of all labs: median ${(median(roundTimes) / 1000).toFixed(2)} s, min ${(Math.min(...roundTimes) / 1000).toFixed(2)} s, max ${(Math.max(...roundTimes) / 1000).toFixed(2)} s\n`,
)
const slowest = [...perLab].map(([id, times]) => [id, median(times)]).sort((a, b) => b[1] - a[1])
process.stdout.write(
  `slowest labs (median ms): ${slowest
    .slice(0, 6)
    .map(([id, ms]) => `${id} ${ms}`)
    .join(', ')}\n`,
)
process.stdout.write('statuses:\n')
for (const [key, count] of [...statuses].sort()) process.stdout.write(`  ${count}× ${key}\n`)
process.stdout.write(`leftovers reported by the runner: ${leftovers.length}\n`)
for (const line of leftovers.slice(0, 20)) process.stdout.write(`  ${line}\n`)
process.stdout.write(
  `new dl-* entries in ${tmpdir()}: ${newTemp.length}${newTemp.length ? ` (${newTemp.join(', ')})` : ''}\n`,
)
process.stdout.write(
  `child processes still running: ${strays.length}${strays.length ? ` (${strays.join(', ')})` : ''}\n`,
)
process.exitCode = leftovers.length + newTemp.length + strays.length === 0 ? 0 : 1
