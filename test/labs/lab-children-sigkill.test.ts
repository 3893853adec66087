// Labs start servers that are not python3 peers (a Node server, Xvfb, dbus-daemon, a Go
// program), each in a process group of its own: a decklab killed with SIGKILL, which can
// stop nothing, left them running under PID 1. context.spawn now puts every child behind
// the lifeline (PR_SET_PDEATHSIG), so the kernel ends them with decklab.
//
// The moment is held, not raced: a module preloaded into decklab stops it (SIGSTOP) as the
// lab is about to use its server, so the server is ready and the lab has not stopped it.
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { heldDecklab } from '../support/held-decklab.js'
import { childrenOf, isAlive, trackProcesses } from '../support/proc-processes.js'

const tracked = trackProcesses()
const { strays, cleanups } = tracked

/**
 * Stops decklab itself when the lab connects to a path matching `connectTo` (written to
 * `heldAt` first), or spawns a command line matching `spawnOf` (before either happens).
 */
function holdModule(
  connectTo: RegExp | undefined,
  spawnOf: RegExp | undefined,
  heldAt: string,
): string {
  return `
import net from 'node:net'
import childProcess from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
const connectTo = ${connectTo ? connectTo.toString() : 'undefined'}
const spawnOf = ${spawnOf ? spawnOf.toString() : 'undefined'}
const createConnection = net.createConnection
net.createConnection = function (...args) {
  const options = args[0]
  if (connectTo && options && typeof options.path === 'string' && connectTo.test(options.path)) {
    writeFileSync(${JSON.stringify(heldAt)}, options.path)
    process.kill(process.pid, 'SIGSTOP')
  }
  return createConnection.apply(this, args)
}
const spawn = childProcess.spawn
childProcess.spawn = function (command, args, ...rest) {
  if (spawnOf && spawnOf.test([command, ...(args ?? [])].join(' '))) process.kill(process.pid, 'SIGSTOP')
  return spawn.call(this, command, args, ...rest)
}
syncBuiltinESMExports()
`
}

interface Case {
  lab: string
  /** The program the lab needs, or undefined when Node is enough. */
  needs?: string
  /** Its /proc/<pid>/comm. */
  command: string
  connectTo?: RegExp
  spawnOf?: RegExp
}

const cases: Case[] = [
  { lab: 'stale-socket', command: 'node', connectTo: /\/stale\.sock$/ },
  { lab: 'x11-socket', needs: 'Xvfb', command: 'Xvfb', connectTo: /^\/tmp\/\.X11-unix\/X\d+$/ },
  { lab: 'dbus-external', needs: 'dbus-daemon', command: 'dbus-daemon', connectTo: /\/bus\.sock$/ },
  { lab: 'go-sockets', needs: 'go', command: 'go-sockets', spawnOf: /abstract-names\.py client/ },
]
const installed = new Map<string, boolean>()
for (const { needs } of cases) {
  if (needs) installed.set(needs, (await findExecutable(needs)) !== undefined)
}

/** Run `lab` in decklab, stopped at the hold; resolves with decklab and its one `command` child. */
async function stoppedWithServer(
  entry: Case,
): Promise<{ decklab: ChildProcess; server: number; heldAt: string; tmp: string }> {
  const base = await tracked.folder('decklab-children-kill-')
  const heldAt = join(base, 'held-at')
  const { decklab, tmp } = await heldDecklab(
    tracked,
    ['lab', 'run', entry.lab],
    holdModule(entry.connectTo, entry.spawnOf, heldAt),
    'decklab-children-kill-',
  )
  const servers = childrenOf(decklab.pid!).filter((info) => info.command === entry.command)
  expect(servers, JSON.stringify(childrenOf(decklab.pid!))).toHaveLength(1)
  const server = servers[0]!.pid
  strays.push(server)
  return {
    decklab,
    server,
    heldAt: existsSync(heldAt) ? readFileSync(heldAt, 'utf8') : '',
    tmp,
  }
}

describe('a lab child that is no python3 peer dies with a SIGKILLed decklab', () => {
  for (const entry of cases) {
    const missing = entry.needs !== undefined && installed.get(entry.needs) !== true
    it.skipIf(missing)(`${entry.lab}: its ${entry.command} is gone`, async () => {
      const x11Existed = existsSync('/tmp/.X11-unix')
      const { decklab, server, heldAt, tmp } = await stoppedWithServer(entry)
      // The lab's directory, which decklab made in TMPDIR.
      expect(readdirSync(tmp)).toHaveLength(1)
      expect(isAlive(server)).toBe(true)
      // The display's socket, which the lab was about to connect to (Xvfb made it).
      const display = entry.command === 'Xvfb' ? /X(\d+)$/.exec(heldAt)?.[1] : undefined
      const hadLock = display !== undefined && existsSync(`/tmp/.X${display}-lock`)
      if (entry.command === 'Xvfb') {
        expect(display, heldAt).toBeDefined()
        expect(existsSync(`/tmp/.X11-unix/X${display}`)).toBe(true)
        // Should the test fail, Xvfb killed here cannot remove its files: remove them for it.
        cleanups.push(() => {
          rmSync(`/tmp/.X11-unix/X${display}`, { force: true })
          if (hadLock) rmSync(`/tmp/.X${display}-lock`, { force: true })
          if (!x11Existed) {
            try {
              rmdirSync('/tmp/.X11-unix')
            } catch {
              // Not empty (another X server) or gone.
            }
          }
        })
      }

      const done = once(decklab, 'exit')
      decklab.kill('SIGKILL')
      expect(await done).toEqual([null, 'SIGKILL'])
      // The kernel signals the server as decklab ends: wait for it to end, however long.
      while (isAlive(server)) await delay(10)
      expect(isAlive(server)).toBe(false)
      // The run's janitor removes the directory once decklab is gone: wait for it, however long.
      while (readdirSync(tmp).length > 0) await delay(10)
      expect(readdirSync(tmp)).toEqual([])
      if (display !== undefined) {
        // Xvfb's death signal is SIGTERM: it removed its socket (and lock, if any) as it ended.
        expect(existsSync(`/tmp/.X11-unix/X${display}`)).toBe(false)
        expect(existsSync(`/tmp/.X${display}-lock`)).toBe(false)
        // Xvfb made /tmp/.X11-unix and never removes it; the run's janitor removes it, empty,
        // after it removed the lab directory (it was left behind, where Ctrl-C removed it).
        if (!x11Existed) {
          for (let tries = 0; tries < 300 && existsSync('/tmp/.X11-unix'); tries++) await delay(10)
          expect(existsSync('/tmp/.X11-unix')).toBe(false)
        }
      }
    })
  }
})
