// `npm run bench -- build`: `decklab build` as a whole process on generated
// vaults (test/bench/generate-vault.mjs: 70% Basic, 15% reversed, 15% cloze,
// IDs present). Prints medians of several runs:
//   - a cold build of 10,000 notes (no build state, no previous package),
//     wall time and peak RSS, against the 150 MB goal;
//   - an unchanged rebuild of the same vault, against the 0.25 s goal;
//   - a cold build of 20,000 notes and its ratio to 10,000 (goal < 2.2);
//   - side by side, 500 cards: decklab against anki-apkg-export 4.0.3 (the
//     baseline the issue measured: 4.6 s), each as a whole process;
//   - side by side, the 10,000 notes: decklab's cold build against genanki
//     (../shared/tools/genanki, Python) writing the same notes, fields, tags,
//     GUIDs and decks read back from decklab's package, run in turn A B A B
//     with the ratio taken pair by pair. Without that folder (or its Debian
//     packages) the column is skipped with a note. `decklab check --json` on
//     the same vault runs in each pair too: its goal (0.6 s) is absolute, and
//     its ratio to genanki says how far the machine's speed explains a miss.
//     So do two cold builds in one process (test/bench/two-builds.mjs): the
//     second one's time is the build's work without a new process's costs
//     (Node's start, module loading, the heap growing, the JIT warming up).
// Runs the built binary (build with `npx tsc -p .` first).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'
import initSqlJs from 'sql.js'
import { generateVault } from './generate-vault.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const binary = join(root, 'lib/src/main.js')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

if (!existsSync(binary)) {
  process.stderr.write('error: lib/src/main.js is missing; run `npm run build` first\n')
  process.exit(2)
}

/** Run a command as a whole process: wall ms and (with /usr/bin/time) peak RSS in MB. */
function measure(command, args, cwd) {
  return measureWith({}, command, args, cwd)
}

/** `discardStdout`: for a large output (`check --json`), which a pipe would buffer. */
function measureWith(extraEnv, command, args, cwd, { discardStdout = false } = {}) {
  const env = { ...process.env, ...extraEnv }
  const options = {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe'],
  }
  const started = process.hrtime.bigint()
  const result = timeBinary
    ? spawnSync(timeBinary, ['-f', '__rss_kb=%M __cpu_s=%U+%S', command, ...args], options)
    : spawnSync(command, args, options)
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`)
  }
  const rss = /__rss_kb=(\d+)/.exec(result.stderr ?? '')
  const cpu = /__cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr ?? '')
  return {
    wallMs,
    rssMb: rss ? Number(rss[1]) / 1024 : undefined,
    // User + system CPU: less sensitive than wall time to other load on the machine.
    cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined,
  }
}

function median(values) {
  const sorted = values.filter((value) => value !== undefined).sort((a, b) => a - b)
  return sorted.length === 0 ? undefined : sorted[Math.floor(sorted.length / 2)]
}

function summarize(samples) {
  return {
    wallMs: median(samples.map((sample) => sample.wallMs)),
    rssMb: median(samples.map((sample) => sample.rssMb)),
    cpuMs: median(samples.map((sample) => sample.cpuMs)),
    runs: samples.length,
  }
}

/** Cold builds: the output folder (package, build state) removed before each run. */
async function coldBuilds(dir, count) {
  const samples = []
  for (let run = 0; run < count; run += 1) {
    await rm(join(dir, 'out'), { recursive: true, force: true })
    samples.push(measure(process.execPath, [binary, 'build', 'vault', '-o', 'out/deck.apkg'], dir))
  }
  return summarize(samples)
}

async function unchangedBuilds(dir, count) {
  measure(process.execPath, [binary, 'build', 'vault', '-o', 'out/deck.apkg'], dir)
  const samples = []
  for (let run = 0; run < count; run += 1) {
    samples.push(measure(process.execPath, [binary, 'build', 'vault', '-o', 'out/deck.apkg'], dir))
  }
  return summarize(samples)
}

/** anki-apkg-export writing `cards` Basic cards, as a whole process (its own script). */
async function ankiApkgExport(dir, cards, count) {
  const require = createRequire(join(root, 'package.json'))
  let entry
  try {
    entry = require.resolve('anki-apkg-export')
  } catch {
    return undefined
  }
  const script = join(dir, 'anki-apkg-export.cjs')
  await writeFile(
    script,
    `const AnkiExport = require(${JSON.stringify(entry)}).default
const { writeFileSync } = require('node:fs')
const deck = new AnkiExport('Bench')
for (let index = 0; index < ${cards}; index += 1) {
  deck.addCard('What does <b>bind</b> ' + index + ' do to a socket path?', 'It creates the socket file ' + index + '.', { tags: ['bench', 'uds'] })
}
deck.save().then((zip) => writeFileSync(${JSON.stringify(join(dir, 'baseline.apkg'))}, zip, 'binary'))
`,
  )
  const samples = []
  for (let run = 0; run < count; run += 1) samples.push(measure(process.execPath, [script], dir))
  return summarize(samples)
}

const genankiDir = join(root, '..', 'shared', 'tools', 'genanki')
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

/** Why genanki cannot run here, or undefined when it can. */
function genankiMissing() {
  if (!existsSync(genankiDir)) return 'no ../shared/tools/genanki'
  const probe = spawnSync(python, ['-c', 'import collections.abc, genanki'], {
    env: { ...process.env, PYTHONPATH: genankiDir },
    encoding: 'utf8',
  })
  if (probe.status !== 0) {
    return 'genanki does not import (needs python3-cached-property python3-frozendict python3-pystache)'
  }
  return undefined
}

/** The notes of a decklab package, as genanki-write.py reads them. */
async function notesForGenanki(apkgPath, jsonPath) {
  const SQL = await initSqlJs()
  const database = new SQL.Database(unzipSync(readFileSync(apkgPath))['collection.anki2'])
  try {
    const query = (sql) => database.exec(sql)[0]?.values ?? []
    const [[modelsJson, decksJson]] = query('SELECT models, decks FROM col')
    const models = Object.values(JSON.parse(modelsJson)).map((model) => ({
      id: model.id,
      name: model.name,
      type: model.type,
      css: model.css,
      fields: model.flds.map((field) => field.name),
      templates: model.tmpls.map((template) => ({
        name: template.name,
        qfmt: template.qfmt,
        afmt: template.afmt,
      })),
    }))
    const decks = Object.values(JSON.parse(decksJson)).map((deck) => ({
      id: deck.id,
      name: deck.name,
    }))
    const notes = query(
      'SELECT n.mid, n.flds, n.tags, n.guid, (SELECT did FROM cards WHERE nid = n.id LIMIT 1) FROM notes n ORDER BY n.id',
    ).map(([model, fields, tags, guid, deck]) => ({
      model,
      fields: fields.split('\x1f'),
      tags: tags.split(' ').filter((tag) => tag !== ''),
      guid,
      deck,
    }))
    await writeFile(jsonPath, JSON.stringify({ models, decks, notes }))
  } finally {
    database.close()
  }
}

/**
 * decklab's cold build, genanki on the same notes, `decklab check --json`
 * and `decklab check` of the vault, in turn, with the ratios to genanki taken per round.
 */
async function sideBySide(dir, count) {
  const json = join(dir, 'genanki-notes.json')
  await notesForGenanki(join(dir, 'out', 'deck.apkg'), json)
  // genanki leaves its temporary database behind (mkstemp, never removed):
  // it goes in the bench's own folder, which is removed at the end.
  const genankiTemp = join(dir, 'genanki-tmp')
  await mkdir(genankiTemp, { recursive: true })
  const script = join(root, 'test', 'bench', 'genanki-write.py')
  const decklab = []
  const genanki = []
  const check = []
  const plainCheck = []
  const ratios = []
  const checkRatios = []
  const inProcess = []
  const inProcessRatios = []
  for (let run = 0; run < count; run += 1) {
    await rm(join(dir, 'out'), { recursive: true, force: true })
    const a = measure(process.execPath, [binary, 'build', 'vault', '-o', 'out/deck.apkg'], dir)
    const b = measureWith(
      { PYTHONPATH: genankiDir, TMPDIR: genankiTemp },
      python,
      [script, json, join(dir, 'genanki.apkg')],
      dir,
    )
    const c = measureWith({}, process.execPath, [binary, 'check', 'vault', '--json'], dir, {
      discardStdout: true,
    })
    // The command as typed, without the JSON: what a person runs before building.
    const d = measureWith({}, process.execPath, [binary, 'check', 'vault'], dir, {
      discardStdout: true,
    })
    // Two builds in one process: the second is the build's work alone (see two-builds.mjs).
    const e = twoBuilds(dir, join(dir, 'two-builds'))
    decklab.push(a)
    genanki.push(b)
    inProcess.push(e)
    inProcessRatios.push(e.secondMs / b.wallMs)
    check.push(c)
    plainCheck.push(d)
    ratios.push(a.wallMs / b.wallMs)
    checkRatios.push(c.wallMs / b.wallMs)
  }
  return {
    decklab: summarize(decklab),
    genanki: summarize(genanki),
    check: summarize(check),
    plainCheck: summarize(plainCheck),
    ratio: median(ratios),
    checkRatio: median(checkRatios),
    firstInProcess: { wallMs: median(inProcess.map((times) => times.firstMs)) },
    secondInProcess: { wallMs: median(inProcess.map((times) => times.secondMs)) },
    inProcessRatio: median(inProcessRatios),
  }
}

/** Two cold builds of `dir`'s vault in one process: each one's wall ms. */
function twoBuilds(dir, out) {
  const script = join(root, 'test', 'bench', 'two-builds.mjs')
  const cli = join(root, 'lib', 'src', 'cli', 'run-cli.js')
  rmSync(out, { recursive: true, force: true })
  const result = spawnSync(process.execPath, [script, cli, 'vault', out], {
    cwd: dir,
    encoding: 'utf8',
  })
  rmSync(out, { recursive: true, force: true })
  if (result.status !== 0)
    throw new Error(`two-builds.mjs failed (${result.status}):\n${result.stderr}`)
  return JSON.parse(result.stdout)
}

const format = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`)
const formatMb = (mb) => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`)

const work = await mkdtemp(join(tmpdir(), 'decklab-bench-build-'))
try {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
  process.stdout.write(
    `decklab ${version}, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}, ${runs} runs (medians)\n`,
  )
  const ten = join(work, 'ten')
  const twenty = join(work, 'twenty')
  const small = join(work, 'small')
  const tenVault = await generateVault(join(ten, 'vault'), { notes: 10_000, files: 1_000 })
  const twentyVault = await generateVault(join(twenty, 'vault'), { notes: 20_000, files: 2_000 })
  const smallVault = await generateVault(join(small, 'vault'), { notes: 500, files: 50 })

  const coldTen = await coldBuilds(ten, runs)
  const missing = genankiMissing()
  const paired = missing ? undefined : await sideBySide(ten, runs)
  const unchangedTen = await unchangedBuilds(ten, runs)
  const coldTwenty = await coldBuilds(twenty, Math.max(3, Math.ceil(runs / 2)))
  const coldSmall = await coldBuilds(small, runs)
  const baseline = await ankiApkgExport(small, 500, 3)
  const ratio =
    coldTen.wallMs && coldTwenty.wallMs ? (coldTwenty.wallMs / coldTen.wallMs).toFixed(2) : 'n/a'

  /** One line of the table: a case, its size, its medians and the goal it is held to. */
  const row = (label, notes, cards, measured, goal) => [
    label,
    notes,
    String(cards),
    format(measured?.wallMs),
    format(measured?.cpuMs),
    formatMb(measured?.rssMb),
    goal,
  ]
  const rows = [
    ['case', 'notes', 'cards', 'wall', 'CPU', 'peak RSS', 'goal'],
    row('cold build', '10,000', tenVault.cards, coldTen, '<= 150 MB'),
    row('unchanged rebuild', '10,000', tenVault.cards, unchangedTen, '<= 0.25 s'),
    row('cold build', '20,000', twentyVault.cards, coldTwenty, `ratio ${ratio} (< 2.2)`),
    row('cold build', '500', smallVault.cards, coldSmall, ''),
    row(
      'anki-apkg-export 4.0.3',
      '500',
      '500',
      baseline,
      baseline && coldSmall.wallMs
        ? `decklab is ${(baseline.wallMs / coldSmall.wallMs).toFixed(1)}x faster`
        : 'not installed',
    ),
  ]
  if (paired) {
    rows.push(
      row(
        'decklab cold build, paired',
        '10,000',
        tenVault.cards,
        paired.decklab,
        `${paired.ratio.toFixed(2)}x genanki (goal <= 2.5x, <= 150 MB)`,
      ),
      row(
        'genanki 0.13 (HTML given)',
        '10,000',
        tenVault.cards,
        paired.genanki,
        'same notes, run in turn',
      ),
      row(
        'decklab build, 1st in one process',
        '10,000',
        tenVault.cards,
        paired.firstInProcess,
        'no Node start (see docs/speed.md)',
      ),
      row(
        'decklab build, 2nd in one process',
        '10,000',
        tenVault.cards,
        paired.secondInProcess,
        `${paired.inProcessRatio.toFixed(2)}x genanki: the work, start-up paid`,
      ),
      row(
        'decklab check --json, paired',
        '10,000',
        tenVault.cards,
        paired.check,
        `${paired.checkRatio.toFixed(2)}x genanki (goal <= 0.6 s: ${paired.check.wallMs <= 600 ? 'met' : 'not met'})`,
      ),
      row(
        'decklab check, paired',
        '10,000',
        tenVault.cards,
        paired.plainCheck,
        `goal <= 0.6 s: ${paired.plainCheck.wallMs <= 600 ? 'met' : 'not met'}`,
      ),
    )
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)))
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}\n`)
  }
  if (!timeBinary) process.stdout.write('(CPU and peak RSS need /usr/bin/time)\n')
  if (missing) process.stdout.write(`(genanki column skipped: ${missing})\n`)
} finally {
  await rm(work, { recursive: true, force: true })
}
