// `npm run bench [-- name...]`: runs every test/bench/*.bench.mjs (or the named
// ones) one after another, in separate processes so their timings don't mix.
// Each bench prints its own figures (medians of several runs, ratios to its
// baseline); speed goals are never asserted in tests.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort()
let failed = 0
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`)
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, name)], {
    stdio: 'inherit',
  })
  if (result.status !== 0) failed += 1
}
process.exitCode = failed === 0 ? 0 : 1
