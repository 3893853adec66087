// A python3 peer runs in its own process group (so the runner can stop what it forks),
// so a decklab killed with SIGKILL, which cannot clean up, used to leave it running under
// PID 1. PR_SET_PDEATHSIG now ends it with its parent.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { isAlive, trackProcesses } from '../support/proc-processes.js'

const runnerModule = new URL('labs/runner.js', new URL('.', `file://${decklabBin}`)).href

const { children, strays: peers, folder } = trackProcesses()

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
    // On stderr: what a lab prints on stdout goes into its transcript.
    process.stderr.write('peer ' + peer.process.pid + '\\n')
    await new Promise(() => setInterval(() => {}, 1000))
  },
}, { deadlineMs: 600000 })
`

describe('python3 peers die with decklab', () => {
  it('a peer serving forever is gone once its decklab is killed with SIGKILL', async () => {
    const base = await folder('decklab-lifeline-')
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: base },
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    children.push(child)
    let peer = Number.NaN
    for await (const line of createInterface({ input: child.stderr! })) {
      const match = /^peer (\d+)$/.exec(line)
      if (match) {
        peer = Number(match[1])
        break
      }
    }
    peers.push(peer)
    expect(isAlive(peer)).toBe(true)
    child.kill('SIGKILL')
    // The kernel sends the peer SIGKILL as its parent ends: wait for that, however long.
    while (isAlive(peer)) await delay(10)
    expect(isAlive(peer)).toBe(false)
  })
})
