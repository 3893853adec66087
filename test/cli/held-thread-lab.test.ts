/**
 * A course's lab whose code holds decklab's thread (a synchronous loop, an
 * `execSync`): the runner's deadline timer and the SIGINT handler are
 * JavaScript on that thread and never ran, so only SIGKILL stopped decklab,
 * and its processes and directory were left to the janitor. The watchdog
 * (`src/labs/watchdog.ts`) now stops such a lab at its deadline plus a grace,
 * or a grace after Ctrl-C: it says which lab and why, leaves nothing behind,
 * and decklab exits 1 (130 on a signal).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { childrenOf, isAlive, trackProcesses } from '../support/proc-processes.js'
import { tempProject } from '../support/project.js'

const { children, strays } = trackProcesses()

// It starts a process group whose leader forks (what only the janitor reaches once
// decklab is gone), and outside the context a shell whose child it leaves an orphan
// (no longer decklab's descendant: the watchdog left it running), leaves a file in its
// directory, then holds the thread: in a loop, or in an execSync whose shell writes its pid.
const heldLab = `import { execSync, spawn } from 'node:child_process'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
export default {
  id: 'held',
  title: 'A lab that holds the thread',
  summary: 'It never gives back control.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    const pids = process.env.HELD_PIDS
    const leader = context.spawn('/bin/sh', ['-c', 'sleep 300 & echo $! >> "$HELD_PIDS"; wait'])
    appendFileSync(pids, leader.pid + '\\n')
    spawn('/bin/sh', ['-c', 'sleep 300 & echo $! >> "$HELD_PIDS"'], { stdio: 'ignore' })
    writeFileSync(join(context.dir, 'left.txt'), 'x')
    await new Promise((resolve) => setTimeout(resolve, 300))
    appendFileSync(pids, 'holding\\n')
    if (process.env.HELD_HOW === 'exec') execSync('echo $$ >> "$HELD_PIDS"; exec sleep 60')
    else {
      const until = Date.now() + 60_000
      while (Date.now() < until) {}
    }
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

const card = ['START', 'Basic', 'Front', 'Back: back', 'Lab: held#ran', 'END', ''].join('\n')

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** From the start, and from the signal when one was sent. */
  elapsedMs: number
  afterSignalMs: number
}

/** Start decklab (in a process group of its own) on a copy with the held lab, in a private TMPDIR. */
async function startDecklab(args: readonly string[], how: 'loop' | 'exec') {
  const install = await installedCopy()
  writeFileSync(join(install, 'lib/labs/held.js'), heldLab)
  const cwd = await tempProject({ 'notes/cards.md': card, 'tmp/': '' })
  const tmp = join(cwd, 'tmp')
  const pidsFile = join(cwd, 'pids')
  writeFileSync(pidsFile, '')
  const startedAt = performance.now()
  const child = spawn(process.execPath, [join(install, 'lib/src/main.js'), ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, HELD_PIDS: pidsFile, HELD_HOW: how },
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { child, tmp, pidsFile, startedAt, exited, output: () => ({ stdout, stderr }) }
}

/** Wait until the lab holds the thread; then every process it (and decklab) has. */
async function whileHeld(child: ChildProcess, pidsFile: string): Promise<number[]> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    if (readFileSync(pidsFile, 'utf8').includes('holding')) break
    await delay(20)
  }
  // The execSync's shell writes its pid a moment after.
  await delay(300)
  const pids = readFileSync(pidsFile, 'utf8')
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number)
  // The run's janitor, the watchdog's shell and the lab's process group leader.
  const own = childrenOf(child.pid as number).map((entry) => entry.pid)
  strays.push(...pids, ...own)
  return [...new Set([...pids, ...own])]
}

async function nothingLeft(tmp: string, pids: readonly number[]): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    if (!pids.some(isAlive) && readdirSync(tmp).length === 0) break
    await delay(50)
  }
  expect(pids.filter(isAlive)).toEqual([])
  expect(readdirSync(tmp)).toEqual([])
}

async function run(args: readonly string[], how: 'loop' | 'exec', signal?: NodeJS.Signals) {
  const started = await startDecklab(args, how)
  const pids = await whileHeld(started.child, started.pidsFile)
  expect(pids.length).toBeGreaterThanOrEqual(3)
  const signalledAt = performance.now()
  if (signal) process.kill(-(started.child.pid as number), signal)
  const [code, exitSignal] = await started.exited
  const ended: Ended = {
    code,
    signal: exitSignal,
    ...started.output(),
    elapsedMs: performance.now() - started.startedAt,
    afterSignalMs: performance.now() - signalledAt,
  }
  await nothingLeft(started.tmp, pids)
  expect(existsSync(started.tmp)).toBe(true)
  return ended
}

const deadlineMs = 1500
const blockedHead = `lab held did not give back control within its deadline of ${deadlineMs} ms`
const tail = '; decklab stopped it, its processes and its directory'
// The loop's line in the lab module (a course's compiled lab maps to labs/<id>.ts through its source map).
const loopLine = heldLab.split('\n').findIndex((line) => line.includes('while (Date.now()')) + 1
/** The message, with the place the loop held the thread: the main thread is reached inside it. */
const heldInLoop = (head: string) =>
  new RegExp(
    `${literal(head)} \\(a synchronous loop or blocking call at lib/labs/held\\.js:${loopLine}:\\d+\\?\\)${literal(tail)}`,
  )

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe('a lab that holds decklab’s thread', () => {
  it('is stopped at its deadline: lab run says which lab and why, exits 1 and leaves nothing', async () => {
    const ended = await run(['lab', 'run', 'held', '--deadline', String(deadlineMs)], 'loop')
    expect(ended.signal, ended.stderr).toBeNull()
    expect(ended.code, ended.stderr).toBe(1)
    expect(ended.stderr).toMatch(new RegExp(`^error ${heldInLoop(blockedHead).source}\n$`, 'm'))
    // Freed through the inspector, which says nothing.
    expect(ended.stderr).not.toContain('debugger')
    // Deadline, a grace of 1 s, and decklab's start on a busy machine.
    expect(ended.elapsedMs).toBeLessThan(deadlineMs + 8_000)
  }, 30_000)

  it('is stopped in an execSync too, with the --json error document', async () => {
    const ended = await run(
      ['lab', 'run', 'held', '--deadline', String(deadlineMs), '--json'],
      'exec',
    )
    expect(ended.code, ended.stderr).toBe(1)
    // Killing the execSync's shell gives the thread back, mostly before the inspector reaches it: no place then.
    const document = JSON.parse(ended.stdout) as { error: { code: string; message: string } }
    expect(document.error.code).toBe('lab-blocked')
    expect(document.error.message).toMatch(
      new RegExp(
        `^${literal(blockedHead)} \\(a synchronous loop or blocking call (in labs/held\\.ts|at lib/labs/held\\.js:\\d+:\\d+)\\?\\)${literal(tail)}$`,
      ),
    )
    expect(ended.stderr).toContain(`error ${document.error.message}\n`)
    expect(ended.elapsedMs).toBeLessThan(deadlineMs + 8_000)
  }, 30_000)

  it('stops verify with the lab named, exit 1 and the --json error document', async () => {
    const ended = await run(['verify', 'notes', '--deadline', String(deadlineMs), '--json'], 'loop')
    expect(ended.code, ended.stderr).toBe(1)
    const document = JSON.parse(ended.stdout) as { error: { code: string; message: string } }
    expect(document.error.code).toBe('lab-blocked')
    expect(document.error.message).toMatch(new RegExp(`^${heldInLoop(blockedHead).source}$`))
    expect(ended.stderr).toContain(document.error.message)
  }, 30_000)

  it('is stopped by Ctrl-C within a few seconds, long before its deadline: exit 130', async () => {
    const ended = await run(['lab', 'run', 'held', '--deadline', '60000'], 'loop', 'SIGINT')
    expect(ended.signal, ended.stderr).toBeNull()
    expect(ended.code, ended.stderr).toBe(130)
    expect(ended.stderr).toMatch(heldInLoop("lab held held decklab's thread when SIGINT came"))
    expect(ended.afterSignalMs).toBeLessThan(5_000)
  }, 30_000)
})
