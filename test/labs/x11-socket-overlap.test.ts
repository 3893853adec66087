// Two `decklab lab run x11-socket` at once, the second starting as the first ends (a class
// on a shared machine): the first made /tmp/.X11-unix and removed it, empty, as it ended,
// while the second, having seen it there, left it to the first; the second's Xvfb made it
// again, and nobody removed it. With the second run as `nobody`, which cannot read root's
// Xvfb's environment (where the mark of a run's folder was), more often still. Now the runs
// take their turns under a lock, and the last user of a folder a run made removes it; one
// that was there before is left alone.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, statSync } from 'node:fs'
import { chmod, mkdir, readdir, rmdir } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { asNobody, asNobodyUnavailable, isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const folder = '/tmp/.X11-unix'
const xvfb = await findExecutable('Xvfb')
const nobodyMissing = asNobodyUnavailable(decklabBin)
// Another X server's folder (a desktop's) is not this test's to judge: it needs none there.
const occupied = existsSync(folder)

let runs: ChildProcess[] = []
let madeHere = false
afterEach(async () => {
  for (const run of runs) if (run.exitCode === null && run.signalCode === null) run.kill('SIGKILL')
  runs = []
  // Should the test fail, the folder it (or a run it started) left goes with it.
  if (madeHere) await rmdir(folder).catch(() => {})
  madeHere = false
})

interface Ended {
  code: number | null
  output: string
}

/** Start `decklab lab run x11-socket` (as `nobody` when asked); resolves once it ends. */
function startRun(asUser: boolean): Promise<Ended> {
  const line = asUser ? [...asNobody, process.execPath, decklabBin] : [process.execPath, decklabBin]
  const child = spawn(line[0]!, [...line.slice(1), 'lab', 'run', 'x11-socket'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  runs.push(child)
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, output }))
}

/** Resolves once an X socket is in the folder (the first run's Xvfb listens: it ends soon after). */
async function xSocketThere(first: Promise<Ended>): Promise<void> {
  let ended = false
  void first.then(() => {
    ended = true
  })
  while (!ended) {
    if ((await readdir(folder).catch(() => [])).some((name) => /^X\d+$/.test(name))) return
    await delay(2)
  }
}

/**
 * Pairs of runs, the second started as the first's Xvfb listens and then `offsetMs` later
 * (so that it starts up as the first one ends; a decklab takes about 0.3 s to start).
 */
async function overlappingPairs(offsetsMs: readonly number[], secondAs: (pair: number) => boolean) {
  const ends: Ended[] = []
  for (const [pair, offsetMs] of offsetsMs.entries()) {
    const first = startRun(false)
    await xSocketThere(first)
    await delay(offsetMs)
    const second = startRun(secondAs(pair))
    ends.push(await first, await second)
    // After each pair, not only the last: a folder left there would make the next pair's
    // first run one that found it.
    expect(existsSync(folder), `pair ${pair}: ${ends.at(-1)?.output}`).toBe(false)
  }
  return ends
}

const offsets = [0, 50, 100, 150, 200, 250, 0, 100]

describe.skipIf(!xvfb || occupied)('x11-socket runs at once (no /tmp/.X11-unix before)', () => {
  it('leave no /tmp/.X11-unix behind, however they overlap', { timeout: 120_000 }, async () => {
    madeHere = true
    for (const end of await overlappingPairs(offsets, () => false)) {
      expect(end.code, end.output).toBe(0)
    }
  })

  it.skipIf(!isRoot || nobodyMissing !== undefined)(
    "leave none behind when one of them is nobody's, which cannot remove root's folder",
    { timeout: 120_000 },
    async () => {
      madeHere = true
      for (const end of await overlappingPairs(offsets, (pair) => pair % 2 === 0)) {
        expect(end.code, end.output).toBe(0)
      }
    },
  )

  it('leave a /tmp/.X11-unix that was there before them alone', { timeout: 60_000 }, async () => {
    await mkdir(folder)
    madeHere = true
    await chmod(folder, 0o1777)
    const before = statSync(folder).ino
    for (const end of await Promise.all([
      startRun(false),
      delay(300).then(() => startRun(false)),
    ])) {
      expect(end.code, end.output).toBe(0)
    }
    expect(statSync(folder).ino).toBe(before)
    expect(await readdir(folder)).toEqual([])
  })
})
