import { once } from 'node:events'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { heldDecklab } from '../support/held-decklab.js'
import { childrenOf, isAlive, trackProcesses } from '../support/proc-processes.js'

const activate = await findExecutable('systemd-socket-activate')

const tracked = trackProcesses()
const { strays } = tracked

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
      const { decklab: child } = await heldDecklab(
        tracked,
        ['lab', 'run', 'socket-activation'],
        holdAtConnect,
        'decklab-activate-kill-',
      )
      // Stopped at the connect: the activator has said it listens, and no client came.
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
