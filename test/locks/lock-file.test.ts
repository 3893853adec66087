/**
 * The shared lock file, with real processes: a stale lock and six takers at
 * once must never give two holders at the same time.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  isLive,
  LockPathTakenError,
  parseHolder,
  processStart,
  tryLock,
} from '../../src/locks/lock-file.js'

const lockModule = pathToFileURL(
  new URL('../../lib/src/locks/lock-file.js', import.meta.url).pathname,
).href

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-lock-'))
  directories.push(directory)
  return directory
}

/** A lock text naming a process that has exited (as after kill -9). */
function deadHolder(): string {
  const gone = spawnSync(process.execPath, ['-e', ''])
  return `${JSON.stringify({ pid: gone.pid, start: 1, command: 'decklab quiz' })}\n`
}

/** A child that tries the lock once; when it gets it, holds it `holdMs` and logs the interval. */
const taker = `
const { tryLock } = await import(process.argv[1])
const [, , path, log, holdMs] = process.argv
const { appendFileSync } = await import('node:fs')
// CLOCK_MONOTONIC, one clock for every process: timeOrigin + now() differed by ms between processes.
const now = () => Number(process.hrtime.bigint() / 1000n) / 1000
const attempt = tryLock(path, 'decklab quiz')
if (attempt.held) {
  const from = now()
  await new Promise((resolve) => setTimeout(resolve, Number(holdMs)))
  const to = now()
  attempt.release()
  appendFileSync(log, JSON.stringify({ pid: process.pid, from, to }) + '\\n')
}
`

/** A file system without hard links (exFAT, FAT), preloaded into a taker: each link(2) fails with EPERM. */
const noHardLinks = new URL('../support/no-hard-links.mjs', import.meta.url).href

function runTakers(
  count: number,
  path: string,
  log: string,
  holdMs: number,
  preload: string[] = [],
): Promise<unknown> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [...preload, '--input-type=module', '-e', taker, lockModule, path, log, String(holdMs)],
            { stdio: ['ignore', 'ignore', 'pipe'] },
          )
          let stderr = ''
          child.stderr.on('data', (chunk) => {
            stderr += chunk
          })
          child.on('close', (code) =>
            code === 0 ? resolve() : reject(new Error(`taker exited ${code}: ${stderr}`)),
          )
        }),
    ),
  )
}

describe('lock files', () => {
  // The crash sweep: a process killed between writing the temp file and linking it left it for good.
  it("removes a dead process's temp file of this lock once it holds it, and no other file", () => {
    const directory = temporaryDirectory()
    const lock = join(directory, '.decklab.lock')
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number
    const dead = `.decklab.lock.${gone}-0badc0de.new`
    const others = [
      `.decklab.lock.${process.pid}-0badc0de.new`,
      `other.lock.${gone}-0badc0de.new`,
      'notes.md',
    ]
    for (const name of [dead, ...others]) writeFileSync(join(directory, name), '{}\n')
    const attempt = tryLock(lock, 'test')
    expect(attempt.held).toBe(true)
    if (attempt.held) attempt.release()
    expect(readdirSync(directory).sort()).toEqual([...others].sort())
  })

  it.each([
    ['', []],
    [
      ' (a file system without hard links: the lock created exclusively)',
      [`--import=${noHardLinks}`],
    ],
  ])(
    'a stale lock and six takers at once: one holder at a time, every round%s',
    async (_, preload) => {
      const directory = temporaryDirectory()
      const path = join(directory, 'lock')
      for (let round = 0; round < 8; round += 1) {
        const log = join(directory, `round-${round}.jsonl`)
        writeFileSync(log, '')
        writeFileSync(path, deadHolder())
        await runTakers(6, path, log, 100, preload)
        const held = readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as { pid: number; from: number; to: number })
          .sort((a, b) => a.from - b.from)
        // Someone took the stale lock, and no two holders overlapped in time.
        expect(held.length).toBeGreaterThanOrEqual(1)
        for (let index = 1; index < held.length; index += 1) {
          expect(held[index]!.from).toBeGreaterThanOrEqual(held[index - 1]!.to)
        }
        // Released, with no temp or takeover files left behind.
        expect(readdirSync(directory).filter((name) => name.startsWith('lock'))).toEqual([])
      }
    },
    60_000,
  )

  it('is not held by an unrelated live process such as pid 1, nor by a reused pid', () => {
    const directory = temporaryDirectory()
    const path = join(directory, 'lock')
    // The format of earlier versions: a bare pid. Pid 1 is alive but is no decklab.
    writeFileSync(path, '1\n')
    expect(isLive(parseHolder('1\n')!)).toBe(false)
    const first = tryLock(path, 'decklab quiz')
    expect(first.held).toBe(true)
    if (first.held) first.release()
    expect(existsSync(path)).toBe(false)
    // A live pid whose start time differs from the one recorded: the pid was reused.
    const start = processStart(1)
    writeFileSync(path, JSON.stringify({ pid: 1, start: (start ?? 0) + 1, command: 'decklab' }))
    const second = tryLock(path, 'decklab quiz')
    expect(second.held).toBe(true)
    if (second.held) second.release()
  })

  it('is held while the process that wrote it runs, and says who holds it', async () => {
    const directory = temporaryDirectory()
    const path = join(directory, 'lock')
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      await new Promise((resolve) => child.once('spawn', resolve))
      const pid = child.pid as number
      writeFileSync(
        path,
        JSON.stringify({ pid, start: processStart(pid), command: 'decklab build' }),
      )
      const attempt = tryLock(path, 'decklab quiz')
      expect(attempt).toEqual({
        held: false,
        holder: { pid, start: processStart(pid), command: 'decklab build' },
      })
      // The lock is left as it was.
      expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(pid)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('never releases a lock it no longer holds', () => {
    const directory = temporaryDirectory()
    const path = join(directory, 'lock')
    const attempt = tryLock(path, 'decklab quiz')
    expect(attempt.held).toBe(true)
    writeFileSync(path, 'someone else\n')
    if (attempt.held) attempt.release()
    expect(readFileSync(path, 'utf8')).toBe('someone else\n')
  })

  it('says what stands at its name when that is no file, and leaves it (and no temp file) there', () => {
    const directory = temporaryDirectory()
    const path = join(directory, 'lock')
    mkdirSync(join(path, 'inside'), { recursive: true })
    let thrown: unknown
    try {
      tryLock(path, 'decklab quiz')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(LockPathTakenError)
    expect((thrown as LockPathTakenError).kind).toBe('a folder')
    expect(readdirSync(directory)).toEqual(['lock'])
    expect(readdirSync(path)).toEqual(['inside'])
  })
})
