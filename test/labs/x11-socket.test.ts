// The x11-socket lab runs its own Xvfb on a free display (-displayfd) and counts only
// listeners whose inode is a socket of that Xvfb: any other listener under the display's
// names, an Xvfb that exits, or a fake one make the lab an error, never a pass.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import lab from '../../labs/x11-socket.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'
import { checkNamed } from './support/lab-result.js'

const xvfb = await findExecutable('Xvfb')
const python3 = await findExecutable('python3')

const ownEvidence =
  /^\/proc\/net\/unix: .* 00010000 .*\/tmp\/\.X11-unix\/X\d+ \(inode \d+: Xvfb pid \d+\)$/

let cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  vi.unstubAllEnvs()
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

/** A python3 listener on /tmp/.X11-unix/X<display> and its abstract twin; resolves with its inodes. */
async function fakeDisplay(display: number): Promise<{ inodes: string[] }> {
  if (!existsSync('/tmp/.X11-unix')) {
    await mkdir('/tmp/.X11-unix')
    await chmod('/tmp/.X11-unix', 0o1777)
    cleanups.push(() => rmdir('/tmp/.X11-unix').catch(() => {}))
  }
  const path = `/tmp/.X11-unix/X${display}`
  const code = [
    'import os, socket, sys, time',
    'found = []',
    `for address in ["${path}", "\\0${path}"]:`,
    '    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)',
    '    s.bind(address)',
    '    s.listen(1)',
    '    found.append((s, str(os.fstat(s.fileno()).st_ino)))',
    'print(" ".join(inode for _, inode in found), flush=True)',
    'sys.stdin.read()',
  ].join('\n')
  const child: ChildProcess = spawn(python3!, ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'] })
  cleanups.push(async () => {
    child.kill('SIGKILL')
    await rm(path, { force: true })
  })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  return { inodes: line.split(' ') }
}

/** A folder on PATH with a fake `Xvfb` running `script`. */
async function fakeXvfb(script: string): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'dl-fake-xvfb-'))
  cleanups.push(() => rm(folder, { recursive: true, force: true }))
  await writeFile(join(folder, 'Xvfb'), `#!/bin/sh\n${script}\n`, { mode: 0o755 })
  vi.stubEnv('PATH', `${folder}:${process.env.PATH}`)
}

describe('x11-socket lab (its own Xvfb on a free display)', () => {
  it.skipIf(!xvfb)(
    'finds its Xvfb listening on /tmp/.X11-unix/XN and on the abstract @/tmp/.X11-unix/XN, and leaves neither',
    async () => {
      const result = await runLab(lab)
      const detail = JSON.stringify(result, null, 2)
      expect(result.status, detail).toBe('pass')
      expect(result.leftovers, detail).toBeUndefined()
      // Display :0's names are published only when this Xvfb took :0 (another X server may hold it).
      const zero = /took display :0\b/.test(result.transcript.join('\n'))
      expect(checkNamed(result, 'display-socket-path').values ?? []).toEqual(
        zero ? [{ kind: 'name', value: '/tmp/.X11-unix/X0' }] : [],
      )
      expect(checkNamed(result, 'display-abstract-name').values ?? []).toEqual(
        zero ? [{ kind: 'name', value: '@/tmp/.X11-unix/X0', about: 'abstract' }] : [],
      )
      expect(checkNamed(result, 'display-socket-path').evidence?.[0]).toMatch(ownEvidence)
      expect(checkNamed(result, 'display-abstract-name').evidence?.[0]).toMatch(ownEvidence)
    },
  )

  it.skipIf(!xvfb)(
    'leaves a display another X server holds alone and takes a free one (two runs never share one)',
    async () => {
      const createdDirectory = !existsSync('/tmp/.X11-unix')
      const other = spawn(xvfb!, ['-displayfd', '3', '-nolisten', 'tcp'], {
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      })
      cleanups.push(async () => {
        if (other.exitCode === null && other.signalCode === null) {
          const exited = once(other, 'exit')
          other.kill('SIGTERM')
          await exited
        }
        if (createdDirectory) await rmdir('/tmp/.X11-unix').catch(() => {})
      })
      const [held] = (await once(
        createInterface({ input: other.stdio[3] as Readable }),
        'line',
      )) as [string]
      const result = await runLab(lab)
      expect(result.status, JSON.stringify(result, null, 2)).toBe('pass')
      const taken = /took display :(\d+)/.exec(result.transcript.join('\n'))?.[1]
      expect(taken).toBeDefined()
      expect(taken).not.toBe(held.trim())
      // Not display :0: no name of :0 is published as seen (its rule was, in the evidence).
      if (taken !== '0') expect(checkNamed(result, 'display-socket-path').values ?? []).toEqual([])
      expect(other.exitCode).toBe(null)
    },
  )

  it.skipIf(!xvfb || !python3 || existsSync('/tmp/.X11-unix/X0') || existsSync('/tmp/.X0-lock'))(
    'never passes on a listener another process put at /tmp/.X11-unix/X0',
    async () => {
      const fake = await fakeDisplay(0)
      const result = await runLab(lab)
      const detail = JSON.stringify(result, null, 2)
      if (result.status === 'pass') {
        // Its own Xvfb, on another display, is what it judged.
        expect(result.transcript.join('\n')).not.toContain('took display :0\n')
        for (const name of lab.checks) {
          for (const line of checkNamed(result, name).evidence ?? []) {
            for (const inode of fake.inodes) expect(line).not.toContain(` ${inode} `)
          }
        }
      } else {
        expect(result.status, detail).toBe('error')
      }
    },
  )

  it.skipIf(!python3 || existsSync('/tmp/.X11-unix/X57') || existsSync('/tmp/.X57-lock'))(
    'is an error when the display it was given is served by another process',
    async () => {
      await fakeDisplay(57)
      // Says it took display :57, and listens on nothing.
      await fakeXvfb('echo 57 >&3\nexec sleep 600')
      const result = await runLab(lab)
      expect(result.status, JSON.stringify(result, null, 2)).toBe('error')
      expect(result.reason).toMatch(
        /^another process listens as display :57 beside this lab's Xvfb: \/proc\/net\/unix: .*\/tmp\/\.X11-unix\/X57 \(inode \d+: not Xvfb pid \d+\)/,
      )
      expect(result.leftovers).toBeUndefined()
    },
  )

  it('is an error when its Xvfb exits before it listens', async () => {
    await fakeXvfb('echo "Fatal server error: no screens" >&2\nexit 1')
    const result = await runLab(lab)
    expect(result.status).toBe('error')
    // With the place in the lab's source it was thrown from (src/labs/throw-place.ts).
    expect(result.reason).toMatch(
      /^Xvfb exited \(code 1\) before it listened: Fatal server error: no screens \(at labs\/x11-socket\.ts:\d+:\d+\)$/,
    )
  })
})
