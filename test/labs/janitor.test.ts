// A decklab killed with SIGKILL runs no clean-up: the lab's directory stayed in TMPDIR,
// and what a lab child had forked (no death signal reaches it) lived on under PID 1.
// Each lab run's janitor, a shell reading a pipe from decklab, does that clean-up when
// the pipe closes without `done`. Here a real process holding a janitor is SIGKILLed.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

import { describe, expect, it } from 'vitest'
import { isAlive, trackProcesses } from '../support/proc-processes.js'

const { children, strays, folder } = trackProcesses()

// The built module, as decklab runs it.
const janitorUrl = new URL('../../lib/src/labs/janitor.js', import.meta.url).href

/** A Node process with a janitor on `dir` watching a group whose leader forked a grandchild. */
function holder(dismiss: boolean): string {
  return `
import { spawn } from 'node:child_process'
const { startJanitor } = await import(${JSON.stringify(janitorUrl)})
const janitor = startJanitor(process.argv[2])
const leader = spawn('/bin/sh', ['-c', 'sleep 300 & echo $!; wait'], {
  detached: true,
  stdio: ['ignore', 'pipe', 'ignore'],
})
janitor.watchGroup(leader.pid)
leader.stdout.once('data', async (data) => {
  if (${dismiss}) await janitor.dismiss()
  const pids = { janitor: janitor.pid, leader: leader.pid, grandchild: Number(String(data).trim()) }
  process.stdout.write(JSON.stringify(pids) + '\\n')
})
setInterval(() => {}, 1000)
`
}

async function killedHolder(dismiss: boolean) {
  const base = await folder('decklab-janitor-')
  const dir = join(base, 'dl-lab')
  mkdirSync(join(dir, 'sub'), { recursive: true })
  writeFileSync(join(dir, 'sub', 'left.txt'), 'x')
  writeFileSync(join(base, 'holder.mjs'), holder(dismiss))
  const child = spawn(process.execPath, [join(base, 'holder.mjs'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const [line] = (await once(child.stdout!, 'data')) as [Buffer]
  const pids = JSON.parse(String(line)) as { janitor: number; leader: number; grandchild: number }
  strays.push(pids.leader, pids.grandchild, pids.janitor)
  expect([pids.leader, pids.grandchild].map(isAlive)).toEqual([true, true])
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
  return { dir, pids }
}

/** Poll until `done()` holds (the janitor acts within about a second); false after 20 s. */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < 20_000; waited += 20) {
    if (done()) return true
    await delay(20)
  }
  return done()
}

const labDirectoryUrl = new URL('../../lib/src/labs/lab-directory.js', import.meta.url).href

/** A Node process that starts a janitor, makes a lab directory and is SIGKILLed the moment it exists. */
const killedAtBirth = `
const { startJanitor } = await import(${JSON.stringify(janitorUrl)})
const { makeLabDirectory } = await import(${JSON.stringify(labDirectoryUrl)})
const janitor = startJanitor()
await makeLabDirectory(undefined, (path) => {
  janitor.watchDirectory(path)
  process.stdout.write(JSON.stringify({ path, janitor: janitor.pid }) + '\\n')
  process.kill(process.pid, 'SIGKILL')
})
`

describe('the janitor of a lab run', () => {
  it('stops the watched groups, grandchildren included, and removes the directory when its decklab is SIGKILLed', async () => {
    const { dir, pids } = await killedHolder(false)
    expect(await eventually(() => !existsSync(dir))).toBe(true)
    expect(await eventually(() => !isAlive(pids.grandchild) && !isAlive(pids.leader))).toBe(true)
    expect(await eventually(() => !isAlive(pids.janitor))).toBe(true)
  })

  it('removes a lab directory its decklab was killed in the moment it was made', async () => {
    const base = await folder('decklab-janitor-')
    writeFileSync(join(base, 'holder.mjs'), killedAtBirth)
    const child = spawn(process.execPath, [join(base, 'holder.mjs')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TMPDIR: base },
    })
    children.push(child)
    let output = ''
    child.stdout!.on('data', (chunk) => {
      output += chunk
    })
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null]
    expect(signal).toBe('SIGKILL')
    const made = JSON.parse(output) as { path: string; janitor: number }
    strays.push(made.janitor)
    expect(made.path.startsWith(join(base, 'dl-'))).toBe(true)
    expect(await eventually(() => !existsSync(made.path))).toBe(true)
  })

  it('does nothing once dismissed: the run cleaned up itself', async () => {
    const { dir, pids } = await killedHolder(true)
    // Dismissed before the kill, it has ended already.
    expect(await eventually(() => !isAlive(pids.janitor))).toBe(true)
    expect(existsSync(join(dir, 'sub', 'left.txt'))).toBe(true)
    expect([pids.leader, pids.grandchild].map(isAlive)).toEqual([true, true])
  })

  // Xvfb's /tmp/.X11-unix, made by one run, may be used by another run by then (one that
  // just started, its Xvfb not yet listening in it): removed, it would be made again by that
  // Xvfb and be another folder to that run, which leaves it (kit/shared-folder.ts).
  for (const used of [false, true]) {
    it(`${used ? 'leaves' : 'removes'} an empty folder of the run when ${used ? 'another run uses it' : 'no run uses it'}`, async () => {
      const base = await folder('decklab-janitor-')
      const empty = join(base, 'shared')
      mkdirSync(empty)
      const holderText = `
const { startJanitor } = await import(${JSON.stringify(janitorUrl)})
const janitor = startJanitor()
janitor.watchEmptyDirectory(process.argv[2])
process.stdout.write(JSON.stringify({ janitor: janitor.pid }) + '\\n')
setInterval(() => {}, 1000)
`
      writeFileSync(join(base, 'holder.mjs'), holderText)
      // Another run's user of the folder: its abstract name, as the shared folder's runs hold it.
      const user = createServer()
      if (used) {
        await new Promise<void>((resolve) =>
          user.listen(`\0decklab-made:${empty}:1:0:other`, resolve),
        )
      }
      try {
        const child = spawn(process.execPath, [join(base, 'holder.mjs'), empty], {
          stdio: ['ignore', 'pipe', 'inherit'],
        })
        children.push(child)
        const [line] = (await once(child.stdout!, 'data')) as [Buffer]
        const { janitor } = JSON.parse(String(line)) as { janitor: number }
        strays.push(janitor)
        const exited = once(child, 'exit')
        child.kill('SIGKILL')
        await exited
        expect(await eventually(() => !isAlive(janitor))).toBe(true)
        expect(existsSync(empty)).toBe(used)
      } finally {
        if (used) await new Promise((resolve) => user.close(resolve))
      }
    })
  }
})
