// A python3 peer runs in its own process group (so the runner can stop what it forks),
// so a decklab killed with SIGKILL, which cannot clean up, used to leave it running under
// PID 1. PR_SET_PDEATHSIG now ends it with its parent.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'

const runnerModule = new URL('labs/runner.js', new URL('.', `file://${decklabBin}`)).href

const children: ChildProcess[] = []
const peers: number[] = []
let base: string | undefined
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  for (const pid of peers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone, as it should be.
    }
  }
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/**
 * A lab (run by the built runner in a process of its own) that starts a python3 peer
 * that sets no death signal of its own, prints the peer's pid and waits: nothing but its
 * parent's death can end the peer, which blocks in accept() for a client that never comes.
 */
const script = `
const { runLab } = await import(${JSON.stringify(runnerModule)})
await runLab({
  id: 'lifeline', title: 'lifeline', summary: 'a peer that waits', requires: [], checks: ['x'],
  serve: null,
  async run(context) {
    const peer = await context.startPeer('stream-coalesce-reader.py', ['stream', context.dir + '/d.sock', context.dir + '/g.sock'])
    console.log(peer.process.pid)
    await new Promise(() => setInterval(() => {}, 1000))
  },
}, { deadlineMs: 600000 })
`

describe('python3 peers die with decklab', () => {
  it('a peer serving forever is gone once its decklab is killed with SIGKILL', async () => {
    base = await mkdtemp(join(tmpdir(), 'decklab-lifeline-'))
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: base },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    const peer = Number(line)
    peers.push(peer)
    expect(isAlive(peer)).toBe(true)
    child.kill('SIGKILL')
    // The kernel sends the peer SIGKILL as its parent ends: wait for that, however long.
    while (isAlive(peer)) await delay(10)
    expect(isAlive(peer)).toBe(false)
  })
})
