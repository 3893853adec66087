// `decklab lab serve` removes only the socket it bound, and holds a bounded
// amount of memory for a client that sends without reading.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { type Served, serveLab, stopServer } from '../support/lab-serve.js'

const python3 = '/usr/bin/python3'
const serve = (id: string, path: string) => serveLab(id, '--path', path)
const interrupt = (served: Served) => stopServer(served, 'SIGINT')

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

  it.skipIf(!existsSync(python3))(
    'drops seqpacket replies to a client that never reads, past a bounded backlog',
    async () => {
      const path = join(await directory(), 'echo.sock')
      const served = await serve('seqpacket-boundaries', path)
      const pid = served.child.pid as number
      const before = rssKiB(pid)
      // A python3 peer that sends 16 MiB in 32 KiB messages and never reads a reply.
      const client = spawn(python3, ['-c', neverReads, path], { stdio: 'ignore' })
      onTestFinished(() => {
        if (client.exitCode === null) client.kill('SIGKILL')
      })
      const [code] = (await once(client, 'exit')) as [number | null]
      expect(code).toBe(0)
      const dropped = /dropped: \d+ bytes of replies wait for a peer that does not read/
      for (let wait = 0; wait < 50 && !dropped.test(served.stderr()); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(served.stderr()).toMatch(dropped)
      expect(rssKiB(pid) - before).toBeLessThan(48 * 1024)
      expect(served.child.exitCode).toBe(null)
      expect(await interrupt(served)).toBe(130)
    },
    60_000,
  )
})

const neverReads = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.settimeout(20)
s.connect(sys.argv[1])
message = b"b" * 32768
for _ in range(512):
    s.send(message)
s.close()
`
