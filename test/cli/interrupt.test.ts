import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateVault } from '../bench/generate-vault.mjs'
import { decklabBin, runDecklab } from '../support/decklab.js'

// Every command stops on the first SIGINT or SIGTERM with exit 130 and
// nothing half-written (issue 15, "Reading what it shouldn't, and hangs").

let dir: string
const children: ChildProcess[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-interrupt-'))
})
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

interface Running {
  child: ChildProcess
  done: Promise<Ended>
}

function start(
  args: string[],
  stdin: 'ignore' | 'pipe' = 'ignore',
  env: Record<string, string> = {},
): Running {
  const child = spawn(process.execPath, [decklabBin, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
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
  const done = new Promise<Ended>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, done }
}

/** CPU time (user + system, in clock ticks of 10 ms) the process has used so far. */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return -1
  }
}

/** Whether a SIGINT is pending for the process (`ShdPnd` or `SigPnd` bit 1). */
function sigintPending(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return [...status.matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)].some(
      (line) => (BigInt(`0x${line[1]}`) & 2n) !== 0n,
    )
  } catch {
    return false
  }
}

/**
 * Whether decklab's signal handlers are installed: it catches SIGHUP (`SigCgt`
 * bit 0), with SIGINT and SIGTERM. Not SIGINT's bit: Node catches SIGINT and
 * SIGTERM from its start (to reset the terminal, then die of the signal).
 */
function handlesSignals(pid: number): boolean {
  try {
    const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return line !== null && (BigInt(`0x${line[1]}`) & 1n) !== 0n
  } catch {
    return false
  }
}

/**
 * Wait until decklab's signal handlers are installed and the process has
 * done `ticks` of CPU work: past Node's start-up and into the command,
 * however busy the machine is (a signal before the handlers kills the
 * process outright, and a fixed wait lets a slow command finish first).
 */
async function waitForWork(running: Running, ticks: number): Promise<void> {
  const pid = running.child.pid!
  let finished = false
  running.done.then(() => {
    finished = true
  })
  while (!finished && !(handlesSignals(pid) && cpuTicks(pid) >= ticks)) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  if (finished) throw new Error('the command finished before it could be interrupted')
}

async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.set(
      path,
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    )
  }
  return files
}

describe('SIGINT and SIGTERM', () => {
  it('stops `build` of a large vault on one SIGINT: exit 130, no package, no temp file, notes untouched', async () => {
    await generateVault(join(dir, 'vault'), { notes: 10_000, files: 1_000 })
    const before = await snapshot(join(dir, 'vault'))
    const running = start(['build', 'vault', '-o', 'out/deck.apkg'])
    await waitForWork(running, 40)
    running.child.kill('SIGINT')
    const result = await running.done
    expect([result.code, result.signal]).toEqual([130, null])
    expect(result.stderr).toContain('Interrupted')
    expect(result.stderr).not.toMatch(/internal error|wrote/)
    expect(await snapshot(join(dir, 'vault'))).toEqual(before)
    const out = await readdir(join(dir, 'out')).catch(() => [])
    expect(out.filter((name) => !name.startsWith('.decklab-build'))).toEqual([])
  })

  /** `args` on a 10,000-note vault, sent SIGINT once it has used `ticks` of CPU: it stopped (exit 130). */
  async function interruptedOnLargeVault(args: string[], ticks: number): Promise<Ended> {
    await generateVault(join(dir, 'vault'), { notes: 10_000, files: 1_000 })
    const running = start(args)
    await waitForWork(running, ticks)
    running.child.kill('SIGINT')
    const result = await running.done
    expect([result.code, result.signal]).toEqual([130, null])
    expect(result.stderr).toContain('Interrupted')
    return result
  }

  it('stops `preview --json` of a large vault on one SIGINT while it renders: exit 130, no site written', async () => {
    // Past start-up and the reading (about 60 ticks here), into rendering and the page.
    const result = await interruptedOnLargeVault(['preview', 'vault', '--json', '-o', 'site'], 120)
    expect(result.stderr).not.toMatch(/internal error|wrote/)
    expect(await readdir(join(dir, 'site')).catch(() => [])).toEqual([])
  })

  it('stops `stats --json` of a large vault on one SIGINT while it reads: exit 130, no stats printed', async () => {
    // Past start-up (about 20 ticks), into reading the notes (about 70 more).
    const result = await interruptedOnLargeVault(
      ['stats', 'vault', '--json', '--state', 'state'],
      40,
    )
    expect(result.stdout).not.toContain('"cards"')
  })

  it('stops `check` on SIGTERM while a catastrophic custom regex runs', async () => {
    await writeTree({
      'v/.obsidian/plugins/obsidian-to-anki-plugin/data.json': JSON.stringify({
        settings: {
          // Each one times out (a quarter second, wall clock) on the first file.
          CUSTOM_REGEXPS: {
            Basic: '^((a+)+)+b(.*)',
            'Basic (and reversed card)': '^((a|aa)+)+c(.*)',
            'Basic (optional reversed card)': '^((a+a+)+)+d(.*)',
            Cloze: '^((x+x+)+)+y(.*)',
          },
        },
      }),
      ...Object.fromEntries(
        Array.from({ length: 20 }, (_, index) => [
          `v/n${index}.md`,
          `${'a'.repeat(60)}!\n${'x'.repeat(60)}!\n`,
        ]),
      ),
    })
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      // The regexes time out by the wall clock: on a machine busy enough that 30
      // ticks of CPU take longer than their second, the signal can land after
      // the work is done (exit 1, the report printed). Such a run proves
      // nothing either way, so it is tried again, at most three times in all.
      let outcome: unknown[] = []
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const running = start(['check', 'v'])
        // Past start-up (about 20 ticks) and into the second or so the slow regexes take.
        await waitForWork(running, 30)
        expect(running.child.exitCode).toBe(null)
        running.child.kill(signal)
        const result = await running.done
        outcome = [signal, result.code, result.signal]
        if (result.code === 130 || !result.stderr.includes('regex-timeout')) break
      }
      expect(outcome).toEqual([signal, 130, null])
    }
  })

  it('refuses `quiz --answers FIFO` at once, and stops a quiz waiting on a silent stdin pipe on SIGTERM', async () => {
    await writeTree({
      'notes/a.md': 'START\nBasic\nQ\nBack: A\n<!--ID: 1700000000001-->\nEND\n',
    })
    execFileSync('mkfifo', [join(dir, 'answers')])
    const refused = runDecklab(['quiz', '--answers', 'answers', '--state', 'state'], {
      cwd: dir,
      timeoutMs: 20_000,
    })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('it is a FIFO, expected a regular file')

    // stdin is a pipe (a FIFO to fstat) that stays open and never says anything.
    const running = start(['quiz', '--answers', '-', '--state', 'state'], 'pipe')
    await waitForWork(running, 15)
    await new Promise((resolve) => setTimeout(resolve, 200))
    running.child.kill('SIGTERM')
    const result = await running.done
    expect([result.code, result.signal]).toEqual([130, null])
  })
})

async function writeTree(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
}

// With --json a script reads stdout: a command stopped by a signal prints one JSON
// document there too, `{error: {code: "interrupted"}}`, however it ended: stopping on
// its own, or ended by a second signal or the grace time while it could not stop.
describe('--json when interrupted', () => {
  const interrupted = (signal: string) => ({
    error: { code: 'interrupted', message: `interrupted by ${signal}` },
  })

  it('`check --json` of a large vault stopped by SIGTERM prints the interrupted error', async () => {
    await generateVault(join(dir, 'vault'), { notes: 10_000, files: 1_000 })
    const running = start(['check', 'vault', '--json'])
    await waitForWork(running, 40)
    running.child.kill('SIGTERM')
    const result = await running.done
    expect([result.code, JSON.parse(result.stdout)]).toEqual([130, interrupted('SIGTERM')])
  })

  /** Wait until a lab directory is in `tmp`: a lab is running. */
  const labRunning = async (running: Running, tmp: string) => {
    let ended = false
    running.done.then(() => {
      ended = true
    })
    while (!ended && (await readdir(tmp)).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(ended).toBe(false)
  }

  it('`verify --json` and `lab run --json` stopped mid-run say "interrupted": true', async () => {
    const tmp = join(dir, 'tmp')
    await mkdir(tmp)
    const notes = new URL('../../notes/', import.meta.url).pathname
    const verify = start(['verify', notes, '--json'], 'ignore', { TMPDIR: tmp })
    await labRunning(verify, tmp)
    await waitForWork(verify, 1)
    verify.child.kill('SIGINT')
    const verified = await verify.done
    const report = JSON.parse(verified.stdout)
    expect([verified.code, report.interrupted]).toEqual([130, true])
    expect(
      report.labs.some((lab: { reason?: string }) => lab.reason?.includes('not started')),
    ).toBe(true)
    const lab = start(['lab', 'run', 'listen-backlog', '--json'], 'ignore', { TMPDIR: tmp })
    await labRunning(lab, tmp)
    await waitForWork(lab, 1)
    lab.child.kill('SIGINT')
    const ran = await lab.done
    expect([ran.code, JSON.parse(ran.stdout).interrupted]).toEqual([130, true])
  })

  /**
   * `verify --json` (with `extra` arguments) on a vault of `count` notes of `length` (150)
   * pasted paragraphs, sent SIGTERM once its one lab's directory is gone from TMPDIR (the
   * notes are being judged) and `ticks` more CPU ticks have passed: it ends within 3 s with
   * the interrupted error, leaving TMPDIR empty.
   */
  const stopWhileJudging = async (extra: string[], count: number, ticks: number, length = 150) => {
    const paragraphs = Array.from(
      { length },
      (_, at) => `Paragraph ${at}: the file stays and connect() gives ECONNREFUSED, not ENOENT.`,
    ).join('\n\n')
    const notes = Array.from({ length: count }, (_, at) =>
      [
        'START',
        'Basic',
        `What happens to a pathname socket's file when the server exits? (${at})`,
        `Back: ${paragraphs}`,
        'Lab: socket-file-persists#file-outlives-close',
        `<!--ID: ${1763700100000 + at}-->`,
        'END',
        '',
      ].join('\n'),
    )
    await mkdir(join(dir, 'notes'))
    await writeFile(join(dir, 'notes', 'pasted.md'), notes.join('\n'))
    const tmp = join(dir, 'tmp')
    await mkdir(tmp)
    const verify = start(['verify', '--json', ...extra], 'ignore', {
      TMPDIR: tmp,
      DECKLAB_STATE_DIR: join(dir, 'state'),
    })
    await labRunning(verify, tmp)
    while ((await readdir(tmp)).length > 0 && verify.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await waitForWork(verify, cpuTicks(verify.child.pid!) + ticks)
    const sent = Date.now()
    verify.child.kill('SIGTERM')
    const stopped = await verify.done
    const took = Date.now() - sent
    expect([stopped.code, JSON.parse(stopped.stdout)]).toEqual([130, interrupted('SIGTERM')])
    expect(stopped.stderr).toContain('Interrupted.')
    expect(took, `stopped ${took} ms after SIGTERM`).toBeLessThan(3000)
    expect(await readdir(tmp)).toEqual([])
  }

  // Judging is synchronous: SIGTERM waited for every note (some 10 s here) and the whole
  // report printed, exit 1, as if no signal had come. Now it is let in between notes.
  it('`verify --json` stopped by SIGTERM while it judges a big vault ends within seconds, leaving nothing', async () => {
    await stopWhileJudging([], 300, 20)
  }, 60_000)

  // Three notes are judged in well under a second; their 900 mutants, each judged whole, took
  // some 25 s, deaf to the signal. Now it is let in between mutants.
  it('`verify --mutants --json` stopped by SIGTERM while it judges the mutants ends within seconds', async () => {
    await stopWhileJudging(['--mutants'], 3, 100)
  }, 90_000)

  // One note of 150,000 paragraphs (12 MB) takes some 15 s to render and judge, all of it one
  // synchronous call: the signal, let in between notes, waited for all of it, and the whole
  // report printed, exit 1. Now a note that big is judged on a thread the signal ends.
  it('`verify --json` stopped by SIGTERM while it judges one very long note ends within seconds', async () => {
    await stopWhileJudging([], 1, 100, 150_000)
  }, 90_000)

  // A preloaded module makes reading folders hang for good, and keeps the command from
  // hearing of the signal (aborting does nothing): it cannot stop. The first hanging
  // read leaves a file: the command is running then, not still loading its modules
  // (the signal handlers come before them, so they alone say nothing).
  const stuck = async () => {
    const module = join(dir, 'stuck.mjs')
    const hanging = join(dir, 'hanging')
    await writeFile(
      module,
      [
        "import fs from 'node:fs/promises'",
        "import { writeFileSync } from 'node:fs'",
        "import { syncBuiltinESMExports } from 'node:module'",
        `fs.readdir = () => { writeFileSync(${JSON.stringify(hanging)}, ''); return new Promise(() => setInterval(() => {}, 60_000)) }`,
        'syncBuiltinESMExports()',
        'AbortController.prototype.abort = function () {}',
      ].join('\n'),
    )
    await mkdir(join(dir, 'notes'))
    return { NODE_OPTIONS: `--import=${pathToFileURL(module).href}` }
  }

  /** Wait until the stuck command hangs in its first folder read. */
  const waitForHang = async (running: Running) => {
    while (!existsSync(join(dir, 'hanging'))) {
      if (running.child.exitCode !== null) throw new Error('the command ended before it hung')
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  it('a second SIGINT ends the command at once, with the interrupted error on stdout', async () => {
    const running = start(['check', '--json'], 'ignore', await stuck())
    await waitForHang(running)
    running.child.kill('SIGINT')
    // Two SIGINTs pending at once are one: the second goes once the first is taken.
    while (sigintPending(running.child.pid!)) await new Promise((resolve) => setTimeout(resolve, 5))
    running.child.kill('SIGINT')
    const result = await running.done
    expect([result.code, JSON.parse(result.stdout)]).toEqual([130, interrupted('SIGINT')])
    expect(result.stderr).toContain('Interrupted.')
  })

  it('a command that has not stopped after the grace time is ended with the interrupted error', async () => {
    const running = start(['check', '--json'], 'ignore', await stuck())
    await waitForHang(running)
    running.child.kill('SIGHUP')
    const result = await running.done
    expect([result.code, JSON.parse(result.stdout)]).toEqual([130, interrupted('SIGHUP')])
  })
})
