// SIGHUP (the terminal closed) stops decklab as SIGTERM does: exit 130 after the labs and
// `lab serve` removed their sockets, directories and peer processes. Node's default for
// SIGHUP is to die at once, leaving all of them behind.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { decklabBin } from '../support/decklab.js'
import { childrenOf, isAlive } from '../support/proc-processes.js'

const activate = await findExecutable('systemd-socket-activate')

const children: ChildProcess[] = []
let base: string | undefined
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

/** Start decklab with TMPDIR a fresh folder (to look into afterwards). */
async function start(args: string[]): Promise<{ child: ChildProcess; tmp: string }> {
  base ??= await mkdtemp(join(tmpdir(), 'decklab-hup-'))
  const tmp = await mkdtemp(join(base, 't'))
  const child = spawn(process.execPath, [decklabBin, ...args], {
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  child.stderr?.resume()
  return { child, tmp }
}

/**
 * Whether decklab's signal handlers are installed: SIGINT (`SigCgt` bit 1 << 1) is
 * caught from the start, with or without a handler for SIGHUP.
 */
function handlersInstalled(pid: number): boolean {
  try {
    const line = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return line !== null && (BigInt(`0x${line[1]}`) & 2n) !== 0n
  } catch {
    return false
  }
}

describe('SIGHUP', () => {
  it('stops `lab serve`: exit 130, its socket file and directory removed', async () => {
    const { child, tmp } = await start(['lab', 'serve', 'stream-echo'])
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    expect(line).toMatch(/^READY \//)
    expect(await readdir(tmp)).toHaveLength(1)
    while (!handlersInstalled(child.pid!)) await delay(5)
    const exited = once(child, 'exit')
    child.kill('SIGHUP')
    expect(await exited).toEqual([130, null])
    expect(await readdir(tmp)).toEqual([])
  })

  it.skipIf(!activate)(
    'stops `lab run` with a peer running: exit 130, the peer stopped, the lab directory removed',
    async () => {
      // Hung up once systemd-socket-activate runs; a lab that ends first proves nothing: again.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { child, tmp } = await start(['lab', 'run', 'socket-activation'])
        let exited = false
        child.once('exit', () => {
          exited = true
        })
        let peer: { pid: number; command: string } | undefined
        while (!exited && !peer) {
          if (handlersInstalled(child.pid!)) {
            peer = childrenOf(child.pid!).find((info) => info.command.startsWith('systemd-socket'))
          }
          if (!peer) await delay(2)
        }
        if (!peer) continue
        const done = once(child, 'exit')
        child.kill('SIGHUP')
        expect(await done).toEqual([130, null])
        expect(isAlive(peer.pid)).toBe(false)
        expect(await readdir(tmp)).toEqual([])
        return
      }
      throw new Error('the lab ended three times before its peer could be seen')
    },
  )
})
