// systemd-socket-activate runs in a process group of its own (so the runner can stop it),
// out of reach of the terminal's signals: a decklab killed with SIGKILL while the activator
// waited for its first client left it listening under PID 1 for ever. It now runs behind
// the peers' lifeline (PR_SET_PDEATHSIG), so the kernel ends it with decklab.
//
// The moment is held, not raced: a module preloaded into decklab stops it (SIGSTOP) as the
// lab is about to connect, so the activator is listening and no client has come yet.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { decklabBin } from '../support/decklab.js'
import { childrenOf, isAlive, stateOf, trackProcesses } from '../support/proc-processes.js'

const activate = await findExecutable('systemd-socket-activate')

const { children, strays, folder } = trackProcesses()

/** Stops decklab itself at the lab's connect to the activated socket (before it connects). */
const holdAtConnect = `
import net from 'node:net'
import { syncBuiltinESMExports } from 'node:module'
const original = net.createConnection
net.createConnection = function (...args) {
  const options = args[0]
  if (options && typeof options.path === 'string' && options.path.endsWith('/activated.sock')) {
    process.kill(process.pid, 'SIGSTOP')
  }
  return original.apply(this, args)
}
syncBuiltinESMExports()
`

describe('socket-activation lab and a SIGKILLed decklab', () => {
  it.skipIf(!activate)(
    'the waiting systemd-socket-activate is gone once decklab is killed with SIGKILL',
    async () => {
      const base = await folder('decklab-activate-kill-')
      const hold = join(base, 'hold-at-connect.mjs')
      await writeFile(hold, holdAtConnect)
      const tmp = await mkdtemp(join(base, 't'))
      const child = spawn(process.execPath, [decklabBin, 'lab', 'run', 'socket-activation'], {
        env: {
          ...process.env,
          NO_COLOR: '1',
          TMPDIR: tmp,
          NODE_OPTIONS: `--import=${pathToFileURL(hold).href}`,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      children.push(child)
      let stderr = ''
      child.stderr?.on('data', (chunk) => {
        stderr += chunk
      })
      let exited = false
      child.once('exit', () => {
        exited = true
      })
      // Stopped at the connect: the activator has said it listens, and no client came.
      while (!exited && stateOf(child.pid!) !== 'T') await delay(5)
      expect(exited, stderr).toBe(false)
      const activators = childrenOf(child.pid!).filter((info) =>
        info.command.startsWith('systemd-socket'),
      )
      expect(activators).toHaveLength(1)
      const activator = activators[0]!.pid
      strays.push(activator)

      const done = once(child, 'exit')
      child.kill('SIGKILL')
      expect(await done).toEqual([null, 'SIGKILL'])
      // The kernel sends SIGKILL to the activator as decklab ends: wait for it, however long.
      while (isAlive(activator)) await delay(10)
      expect(isAlive(activator)).toBe(false)
    },
  )
})
