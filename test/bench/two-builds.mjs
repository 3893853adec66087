// Two cold builds of one vault in one process, each into an output folder of
// its own (so the second finds no package to keep): prints the wall time of
// each, in ms, as JSON. The second shows the build's own work, with Node's
// start, module loading, the heap's growth and the JIT's warm-up already paid
// by the first: what a cold build costs beyond being a new process.
// Usage: node two-builds.mjs LIB_CLI_MODULE VAULT OUT_DIR
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'

const [cliModule, vault, out] = process.argv.slice(2)
const { runCli } = await import(pathToFileURL(cliModule).href)
const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })
const io = {
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: sink(),
  stderr: sink(),
  now: () => new Date(),
  signal: new AbortController().signal,
}
const times = []
for (const name of ['first', 'second']) {
  mkdirSync(join(out, name), { recursive: true })
  const started = performance.now()
  const code = await runCli(['build', vault, '-o', join(out, name, 'deck.apkg')], io)
  times.push(performance.now() - started)
  if (code !== 0) {
    process.stderr.write(`build ${name} exited ${code}\n`)
    process.exit(1)
  }
}
process.stdout.write(`${JSON.stringify({ firstMs: times[0], secondMs: times[1] })}\n`)
