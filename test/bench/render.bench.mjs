// `npm run bench -- render`: field rendering speed on a generated 10,000-note
// corpus (70% Basic, 15% reversed, 15% cloze; code blocks, lists, math,
// wikilinks). Prints medians of several runs for decklab's renderNote and,
// side by side, a baseline: plain markdown-it with no plugins and no
// highlighting. Runs the built code in lib/ (build with `npx tsc -p .`).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const rendererPath = join(root, 'lib', 'src', 'render', 'render-note.js')
const runs = 7
const noteCount = Number(process.env.BENCH_NOTES ?? 10_000)

/** A small deterministic random generator (LCG), so every run renders the same corpus. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const words =
  'socket bind connect listen accept datagram stream path kernel peer file buffer message queue backlog errno descriptor'.split(
    ' ',
  )
const codeBlocks = [
  '```python\nimport socket\ns = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\ns.bind("/tmp/lab.sock")\ns.listen(1)\n```',
  '```c\nint fd = socket(AF_UNIX, SOCK_DGRAM, 0);\nif (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) perror("bind");\n```',
  '```bash\nsocat - UNIX-CONNECT:/tmp/lab.sock\nls -l /tmp/lab.sock\n```',
]

/** Generate the corpus: note type and Markdown fields. */
export function generateNotes(count, seed = 42) {
  const next = random(seed)
  const pick = (list) => list[Math.floor(next() * list.length)]
  const sentence = (length) => Array.from({ length }, () => pick(words)).join(' ')
  const notes = []
  for (let index = 0; index < count; index += 1) {
    const roll = next()
    const extras = []
    if (next() < 0.3) extras.push(pick(codeBlocks))
    if (next() < 0.3)
      extras.push(`- ${sentence(4)}\n- ${sentence(5)} with \`${pick(words)}()\`\n- ${sentence(3)}`)
    if (next() < 0.3)
      extras.push(`The cost is $O(n \\log n)$ and $$\\sum_{i=1}^{n} x_i$$ for ${sentence(3)}.`)
    if (next() < 0.3)
      extras.push(`See [[${pick(words)} notes|${pick(words)}]] and [[${pick(words)}#Details]].`)
    const body = [
      `${sentence(12)}\n${sentence(8)} **${pick(words)}** and *${pick(words)}*.`,
      ...extras,
    ].join('\n\n')
    if (roll < 0.15) {
      notes.push({
        noteType: 'Cloze',
        fields: {
          Text: `The ${pick(words)} is {{c1::${sentence(2)}}} and {{c2::\`${pick(words)}\`::hint}}.`,
          'Back Extra': body,
        },
      })
    } else {
      notes.push({
        noteType: roll < 0.3 ? 'Basic (and reversed card)' : 'Basic',
        fields: { Front: `What does \`${pick(words)}()\` do with a ${sentence(3)}?`, Back: body },
      })
    }
  }
  return notes
}

const vaultRoot = join(tmpdir(), 'decklab-bench-vault')

function toNote(generated, index) {
  return {
    id: 1_700_000_000_000 + index,
    guid: `g${index}`,
    noteType: generated.noteType,
    fields: generated.fields,
    tags: [],
    deck: 'Bench',
    labs: index % 5 === 0 ? [{ lab: 'stream-echo', line: 1, column: 1 }] : [],
    kind: 'block',
    source: {
      file: 'bench.md',
      absolutePath: join(vaultRoot, 'bench.md'),
      vaultRoot,
      line: 1,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median wall and CPU (user + system) milliseconds of several runs; CPU time is steadier on a busy machine. */
function timeRuns(work) {
  const walls = []
  const cpus = []
  for (let run = 0; run < runs; run += 1) {
    globalThis.gc?.()
    const cpuStart = process.cpuUsage()
    const start = process.hrtime.bigint()
    work()
    walls.push(Number(process.hrtime.bigint() - start) / 1e6)
    const cpu = process.cpuUsage(cpuStart)
    cpus.push((cpu.user + cpu.system) / 1000)
  }
  return { wall: median(walls), cpu: median(cpus) }
}

/** Child mode: import the renderer and render the corpus once, printing wall and CPU ms. */
async function coldChild() {
  const notes = generateNotes(noteCount).map(toNote)
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  const { renderNote } = await import(pathToFileURL(rendererPath).href)
  for (const note of notes) renderNote(note)
  const cpu = process.cpuUsage(cpuStart)
  process.stdout.write(
    `${Number(process.hrtime.bigint() - start) / 1e6} ${(cpu.user + cpu.system) / 1000}\n`,
  )
}

async function main() {
  if (!existsSync(rendererPath)) {
    console.error('lib/ is missing: build first with `npx tsc -p .`')
    process.exitCode = 2
    return
  }
  const { renderNote } = await import(pathToFileURL(rendererPath).href)
  const MarkdownIt = (await import('markdown-it')).default
  const notes = generateNotes(noteCount).map(toNote)
  const bytes = notes.reduce(
    (sum, note) => sum + Object.values(note.fields).reduce((s, f) => s + Buffer.byteLength(f), 0),
    0,
  )
  const plain = new MarkdownIt({ html: true, linkify: true, breaks: true })

  const baseline = timeRuns(() => {
    for (const note of notes) for (const field of Object.values(note.fields)) plain.render(field)
  })
  const decklab = timeRuns(() => {
    for (const note of notes) renderNote(note)
  })
  const colds = []
  for (let run = 0; run < 5; run += 1) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-child'], {
      encoding: 'utf8',
      env: { ...process.env, BENCH_NOTES: String(noteCount) },
    })
    if (child.status !== 0) throw new Error(child.stderr)
    const [wall, cpu] = child.stdout.trim().split(' ').map(Number)
    colds.push({ wall, cpu })
  }
  const megabytes = bytes / 1e6
  const rate = (ms) => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s`
  const row = (label, time) =>
    `${label.padEnd(30)} wall ${time.wall.toFixed(0).padStart(5)} ms (${rate(time.wall)})  cpu ${time.cpu.toFixed(0).padStart(5)} ms`
  console.log(
    `corpus: ${notes.length} notes, ${megabytes.toFixed(2)} MB of Markdown fields; medians of ${runs} runs`,
  )
  console.log(row('markdown-it plain (baseline)', baseline))
  console.log(
    `${row('decklab renderNote (warm)', decklab)}  ×${(decklab.wall / baseline.wall).toFixed(2)} wall, ×${(decklab.cpu / baseline.cpu).toFixed(2)} cpu vs baseline`,
  )
  const coldWall = median(colds.map((cold) => cold.wall))
  const coldCpu = median(colds.map((cold) => cold.cpu))
  console.log(
    `decklab renderNote cold (new process: import + render), median of 5: wall ${coldWall.toFixed(0)} ms, cpu ${coldCpu.toFixed(0)} ms`,
  )
}

// Only when run, not when another bench imports `generateNotes`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--cold-child')) await coldChild()
  else await main()
}
