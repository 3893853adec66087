// `npm run bench -- sync`: `decklab sync` as a whole process against the real
// AnkiConnect (API 6) and Anki 2.1.15 library in ../shared/tools/anki, over a
// fresh collection, with the generated 10,000-note vault (IDs removed, so
// every note is new). Prints:
//   - the first sync: every note added, its ID written back (one run: it
//     needs a fresh collection each time);
//   - an unchanged re-sync, median of several runs, against the 2 s goal,
//     with the number of requests and of writing requests (goal: 0).
// Skips with the reason when ../shared is absent. Runs the built binary.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ankiConnectArgs } from '../support/ankiconnect-args.mjs'
import { generateVault } from './generate-vault.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const binary = join(root, 'lib/src/main.js')
const serveScript = join(root, '../shared/tools/anki/ankiconnect-serve.py')
const notes = Number(process.env.BENCH_SYNC_NOTES ?? 10_000)
const runs = Number(process.env.BENCH_RUNS ?? 5)

if (!existsSync(binary)) {
  process.stderr.write('error: lib/src/main.js is missing; run `npm run build` first\n')
  process.exit(2)
}
if (!existsSync(serveScript) || !existsSync('/usr/bin/python3')) {
  process.stdout.write(
    'skip: needs ../shared/tools/anki and /usr/bin/python3 (the real AnkiConnect)\n',
  )
  process.exit(0)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function startAnki(collection, port) {
  const child = spawn('/usr/bin/python3', ankiConnectArgs(serveScript, collection, port), {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (output.includes('READY')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`AnkiConnect exited with ${code}`)))
  })
  return child
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/** One `decklab sync` as a whole process: wall time, decklab's own CPU time, its JSON result. */
function sync(cwd, url) {
  const args = [binary, 'sync', 'vault', '--url', url, '--json']
  const started = process.hrtime.bigint()
  const result = timeBinary
    ? spawnSync(timeBinary, ['-f', '__cpu_s=%U+%S', process.execPath, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, DECKLAB_STATE_DIR: join(cwd, 'state') },
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(process.execPath, args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, DECKLAB_STATE_DIR: join(cwd, 'state') },
        maxBuffer: 64 * 1024 * 1024,
      })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0)
    throw new Error(`sync failed (${result.status}):\n${result.stderr.slice(0, 2000)}`)
  const cpu = /__cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? '')
  const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined
  return { wallMs, cpuMs, result: JSON.parse(result.stdout) }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function stripIds(directory) {
  for (const entry of readdirSync(directory, { recursive: true })) {
    if (!entry.endsWith('.md')) continue
    const path = join(directory, entry)
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^<!--ID: \d+-->\n/gm, ''))
  }
}

const directory = await mkdtemp(join(tmpdir(), 'decklab-bench-sync-'))
let anki
try {
  const vault = await generateVault(join(directory, 'vault'), { notes, files: notes / 10 })
  stripIds(join(directory, 'vault'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  anki = await startAnki(join(directory, 'collection.anki2'), port)
  const first = sync(directory, url)
  const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`
  const cpu = (ms) => (ms === undefined ? '' : `, decklab CPU ${seconds(ms)}`)
  process.stdout.write(
    `first sync, ${vault.notes} new notes (${vault.cards} cards): ${seconds(first.wallMs)}${cpu(first.cpuMs)} ` +
      `(${first.result.added.length} added, ${first.result.requests} requests)\n`,
  )
  const again = []
  let last
  for (let run = 0; run < runs; run++) {
    last = sync(directory, url)
    again.push(last)
  }
  const cpuTimes = again.map((run) => run.cpuMs).filter((ms) => ms !== undefined)
  process.stdout.write(
    `unchanged re-sync of ${vault.notes} notes: ${seconds(median(again.map((run) => run.wallMs)))} median of ${runs}` +
      `${cpuTimes.length > 0 ? cpu(median(cpuTimes)) : ''} ` +
      `(goal < 2 s; ${last.result.requests} requests, ${last.result.writes} writing; goal 0 writing)\n`,
  )
  process.stdout.write(
    `load average during the bench: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}\n`,
  )
} finally {
  if (anki) await stop(anki)
  await rm(directory, { recursive: true, force: true })
}
