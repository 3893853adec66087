// Every process a lab starts goes through context.spawn, which puts it behind the lifeline:
// python3 (or, without it, setpriv) sets PR_SET_PDEATHSIG and execs the program, so the
// program dies with decklab even when decklab is killed with SIGKILL, and it runs with
// exactly the arguments and environment it was given (python3 adds LC_CTYPE to its own).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { collectOutput } from '../../src/labs/kit/children.js'
import {
  behindLifeline,
  type DeathSignal,
  isBehindLifeline,
  type LifelineKind,
  lifelineKind,
} from '../../src/labs/kit/lifeline.js'
import { peerArgs } from '../../src/labs/kit/peers.js'
import { findExecutable, python3Path } from '../../src/labs/requirements.js'
import { decklabBin } from '../support/decklab.js'
import { isAlive, trackProcesses } from '../support/proc-processes.js'

const lifelineModule = new URL('labs/kit/lifeline.js', new URL('.', `file://${decklabBin}`)).href
const hasPython = lifelineKind() === 'python3'
const setpriv = await findExecutable('setpriv')

const { children, strays, folder } = trackProcesses()

/** Run `command args` behind the lifeline `how` from this process, and collect what it says. */
async function runBehind(
  how: LifelineKind,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
) {
  const line = behindLifeline(command, args, { env }, 'SIGKILL', how)
  const child = spawn(line.command, line.args, {
    ...line.options,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return collectOutput(child)
}

describe('behindLifeline', () => {
  it('leaves a command that already runs behind the lifeline (a python3 peer) as it is', () => {
    const args = [...peerArgs('epipe.py'), '/x.sock', 'default']
    expect(isBehindLifeline(python3Path, args)).toBe(true)
    expect(behindLifeline(python3Path, args, {}, 'SIGKILL', 'python3').args).toEqual(args)
    const wrapped = behindLifeline('/bin/true', [], {}, 'SIGKILL', 'python3')
    expect(isBehindLifeline(wrapped.command, wrapped.args)).toBe(true)
    expect(isBehindLifeline(python3Path, ['-c', 'print(1)'])).toBe(false)
  })

  it('leaves every command as it is where there is no lifeline', () => {
    expect(behindLifeline('/bin/true', ['x'], { cwd: '/' }, 'SIGKILL', 'none')).toEqual({
      command: '/bin/true',
      args: ['x'],
      options: { cwd: '/' },
    })
  })

  const kinds: LifelineKind[] = [
    ...(hasPython ? (['python3'] as const) : []),
    ...(setpriv ? (['setpriv'] as const) : []),
  ]
  it.each(kinds)(
    '%s: the program gets its own arguments and environment, byte for byte',
    async (how) => {
      const env = { PATH: '/usr/bin:/bin', LANG: 'C', 'NOT-A-NAME': '1', PYTHONPATH: '/nowhere' }
      const code = 'console.log(JSON.stringify([process.argv, process.env]))'
      const result = await runBehind(how, process.execPath, ['-e', code, '--', '-c', 'x y'], env)
      expect(result.stderr).toBe('')
      // Node drops its own `--`; python3 and setpriv must keep the rest as it was.
      expect(JSON.parse(result.stdout)).toEqual([[process.execPath, '-c', 'x y'], env])
    },
  )

  it.skipIf(!hasPython)(
    'python3: a program that cannot be run exits 127 and says why',
    async () => {
      const result = await runBehind('python3', '/nonexistent/program', [], {
        PATH: '/usr/bin:/bin',
      })
      expect(result.code).toBe(127)
      expect(result.stderr).toContain('cannot run /nonexistent/program')
    },
  )

  it.skipIf(!hasPython)(
    'python3: a child whose decklab is already gone ends before it runs the program',
    async () => {
      // Started through a shell that forks it: its parent is not this process.
      const line = behindLifeline('/bin/echo', ['ran'], {}, 'SIGKILL', 'python3')
      const child = spawn('/bin/sh', ['-c', '"$@"; exit $?', 'sh', line.command, ...line.args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.push(child)
      const result = await collectOutput(child)
      expect(result).toEqual({ code: 1, stdout: '', stderr: '' })
    },
  )

  /**
   * A stand-in for decklab: it starts a Node server behind the lifeline `how` (with the
   * lifeline's code built in this process, so it names its pid), prints the server's pid
   * and waits. Nothing but its death can end the server, which listens forever; given
   * SIGTERM, it writes the name to `file` first.
   */
  const standIn = (how: LifelineKind, signal: DeathSignal = 'SIGKILL', file = '') => `
const { spawn } = await import('node:child_process')
const { behindLifeline } = await import(${JSON.stringify(lifelineModule)})
const server = "process.on('SIGTERM', () => { require('fs').writeFileSync(process.argv[1], 'SIGTERM'); process.exit(0) }); require('net').createServer().listen(0, () => console.log('READY'))"
const line = behindLifeline(process.execPath, ['-e', server, ${JSON.stringify(file)}], {}, ${JSON.stringify(signal)}, ${JSON.stringify(how)})
const child = spawn(line.command, line.args, { ...line.options, detached: true, stdio: ['ignore', 'pipe', 'inherit'] })
child.stdout.once('data', () => console.log(child.pid))
setInterval(() => {}, 1000)
`

  it.each(kinds)(
    '%s: a Node server is gone once its parent is killed with SIGKILL',
    async (how) => {
      const parent = spawn(process.execPath, ['--input-type=module', '-e', standIn(how)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      children.push(parent)
      const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string]
      const server = Number(line)
      strays.push(server)
      expect(isAlive(server)).toBe(true)
      expect(readFileSync(`/proc/${server}/comm`, 'utf8').trim()).toBe('node')
      parent.kill('SIGKILL')
      // The kernel sends the server SIGKILL as its parent ends: wait for that, however long.
      while (isAlive(server)) await delay(10)
      expect(isAlive(server)).toBe(false)
    },
  )

  it.each(kinds)('%s: the death signal may be SIGTERM, which a program can act on', async (how) => {
    const base = await folder('decklab-lifeline-term-')
    const file = join(base, 'signal')
    const parent = spawn(
      process.execPath,
      ['--input-type=module', '-e', standIn(how, 'SIGTERM', file)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    children.push(parent)
    const [line] = (await once(createInterface({ input: parent.stdout! }), 'line')) as [string]
    const server = Number(line)
    strays.push(server)
    parent.kill('SIGKILL')
    while (isAlive(server)) await delay(10)
    expect(readFileSync(file, 'utf8')).toBe('SIGTERM')
  })
})
