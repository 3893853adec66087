// `decklab lab serve` removes only the socket it bound, and holds a bounded
// amount of memory for a client that sends without reading.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it, onTestFinished } from 'vitest'
import { decklabBin } from '../support/decklab.js'

interface Served {
  child: ChildProcess
  address: string
  stderr: () => string
}

async function serve(id: string, path: string): Promise<Served> {
  const child = spawn(process.execPath, [decklabBin, 'lab', 'serve', id, '--path', path], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const lines = createInterface({ input: child.stdout! })
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`lab serve exited before READY: ${stderr}`)
    }),
  ])) as [string]
  return { child, address: first.slice('READY '.length), stderr: () => stderr }
}

async function interrupt(served: Served): Promise<number | null> {
  const exited = once(served.child, 'exit')
  served.child.kill('SIGINT')
  const [code] = (await exited) as [number | null]
  return code
}

async function directory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dl-serve-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Resident memory of a process in KiB (`VmRSS`). */
function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match?.[1])
}

describe('lab serve removes only its own socket', () => {
  for (const id of ['stream-echo', 'dgram-boundaries', 'seqpacket-boundaries']) {
    it(`${id}: a regular file put in place of the socket survives Ctrl-C`, async () => {
      const path = join(await directory(), 'echo.sock')
      const served = await serve(id, path)
      await unlink(path)
      await writeFile(path, 'precious\n')
      expect(await interrupt(served)).toBe(130)
      expect(await readFile(path, 'utf8')).toBe('precious\n')
      expect(served.stderr()).toContain(
        `left ${path}: it is no longer the socket this server bound`,
      )
    })
  }

  it('another server’s socket at the same path survives too', async () => {
    const path = join(await directory(), 'echo.sock')
    const served = await serve('stream-echo', path)
    await unlink(path)
    const other = createServer()
    other.listen(path)
    await once(other, 'listening')
    onTestFinished(() => new Promise<void>((resolve) => other.close(() => resolve())))
    expect(await interrupt(served)).toBe(130)
    // Still reachable: the file was not unlinked.
    const client = connect({ path })
    await once(client, 'connect')
    client.destroy()
  })
})

describe('lab serve backpressure', () => {
  it('stops reading from a stream client that never reads: its memory stays bounded', async () => {
    const path = join(await directory(), 'echo.sock')
    const served = await serve('stream-echo', path)
    const pid = served.child.pid as number
    const before = rssKiB(pid)
    const client: Socket = connect({ path })
    await once(client, 'connect')
    client.pause()
    onTestFinished(() => {
      client.destroy()
    })
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    const limit = 100 * 1024 * 1024
    let sent = 0
    let stalled = false
    while (sent < limit) {
      sent += chunk.length
      if (!client.write(chunk)) {
        // The server is no longer reading once nothing drains for a while.
        const drained = await Promise.race([
          once(client, 'drain').then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
        ])
        if (!drained) {
          stalled = true
          break
        }
      }
    }
    const grownKiB = rssKiB(pid) - before
    expect(stalled).toBe(true)
    expect(sent).toBeLessThan(32 * 1024 * 1024)
    expect(grownKiB).toBeLessThan(48 * 1024)
    client.destroy()
    expect(await interrupt(served)).toBe(130)
  }, 60_000)

  it('drops seqpacket replies to a client that never reads, past a bounded backlog', async () => {
    const { SeqpacketSocket } = await import('node-unix-socket')
    const path = join(await directory(), 'echo.sock')
    const served = await serve('seqpacket-boundaries', path)
    const pid = served.child.pid as number
    const before = rssKiB(pid)
    const client = new SeqpacketSocket()
    client.on('error', () => {})
    await new Promise<void>((resolve) => client.connect(path, () => resolve()))
    const message = Buffer.alloc(32 * 1024, 0x62)
    // 16 MiB offered to a server that may hold 1 MiB of replies for this peer.
    let accepted = 0
    await new Promise<void>((resolve) => {
      for (let index = 0; index < 512; index += 1) {
        client.write(message, 0, message.length, () => {
          accepted += 1
          if (accepted === 512) resolve()
        })
      }
    })
    const grownKiB = rssKiB(pid) - before
    const dropped = /dropped: \d+ bytes of replies/
    for (let wait = 0; wait < 50 && !dropped.test(served.stderr()); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(served.stderr()).toMatch(
      /dropped: \d+ bytes of replies wait for a peer that does not read/,
    )
    expect(grownKiB).toBeLessThan(48 * 1024)
    client.destroy()
    expect(served.child.exitCode).toBe(null)
    expect(await interrupt(served)).toBe(130)
  }, 60_000)
})
