// `decklab lab serve`: the echo servers interoperate with independent clients
// (python3, socat), print READY first, and remove their socket file on SIGTERM.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { type Served, serveLab, stopServer } from '../support/lab-serve.js'

const bin = fileURLToPath(new URL('../../lib/src/main.js', import.meta.url))
const python3 = '/usr/bin/python3'
const socat = await findExecutable('socat')
const netcat = await findExecutable('nc')
const hasPython = existsSync(python3)

const serve = serveLab
const stop = (served: Served) => stopServer(served)

async function clientDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dl-test-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Resolve once `done()` holds (what the server logs after its reply), or fail after 5 s. */
async function until(done: () => boolean): Promise<void> {
  const end = Date.now() + 5_000
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting for the server')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Run a python3 client script with arguments; returns its stdout parsed as JSON. */
function python(script: string, ...args: string[]): unknown {
  const result = spawnSync(python3, ['-c', script, ...args], { encoding: 'utf8', timeout: 10_000 })
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout)
}

const streamClient = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b"hello over a stream\\n")
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
print(json.dumps({"received": data.decode()}))
`

const datagramClient = `
import json, os, socket, sys
server, own = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(own)
s.settimeout(5)
replies = []
try:
    for message in [b"a", b"bb", b"ccc"]:
        s.sendto(message, server)
    for _ in range(3):
        data, sender = s.recvfrom(4096)
        replies.append([data.decode(), sender])
finally:
    os.unlink(own)
print(json.dumps({"replies": replies}))
`

const seqpacketClient = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.settimeout(5)
s.connect(sys.argv[1])
for message in [b"a", b"bb", b"ccc"]:
    s.send(message)
replies = [s.recv(4096).decode() for _ in range(3)]
s.shutdown(socket.SHUT_WR)
eof = s.recv(4096)
print(json.dumps({"replies": replies, "eof": eof == b""}))
`

describe.skipIf(!hasPython)(
  'lab serve with a python3 client (skipped: no /usr/bin/python3)',
  () => {
    it('stream: echoes the bytes and removes its socket file and directory on SIGTERM', async () => {
      const served = await serve('stream-echo')
      expect(lstatSync(served.address).isSocket()).toBe(true)
      expect(python(streamClient, served.address)).toEqual({ received: 'hello over a stream\n' })
      expect(await stop(served)).toBe(130)
      expect(existsSync(served.address)).toBe(false)
      expect(existsSync(dirname(served.address))).toBe(false)
      expect(served.stderr()).toContain('20 bytes echoed')
    })

    it('datagram: replies to the bound sender, one datagram per message', async () => {
      const served = await serve('dgram-boundaries')
      const own = join(await clientDir(), 'client.sock')
      expect(python(datagramClient, served.address, own)).toEqual({
        replies: [
          ['a', served.address],
          ['bb', served.address],
          ['ccc', served.address],
        ],
      })
      expect(await stop(served)).toBe(130)
      expect(existsSync(served.address)).toBe(false)
    })

    it('datagram: shows a sender path with control characters escaped', async () => {
      const served = await serve('dgram-boundaries')
      const own = join(await clientDir(), 'a\u001b[7m\u202eb')
      expect(python(datagramClient, served.address, own)).toMatchObject({
        replies: [['a', served.address], expect.anything(), expect.anything()],
      })
      await until(() => served.stderr().includes('3 bytes echoed'))
      expect(await stop(served)).toBe(130)
      expect(served.stderr()).not.toMatch(/[\u001b\u202e]/)
      expect(served.stderr()).toContain('a\\x1b[7m\\u202eb: 1 bytes echoed')
    })

    it('datagram: says an abstract sender gets no reply, not that it is unbound', async () => {
      const served = await serve('dgram-boundaries')
      const sent = spawnSync(
        python3,
        [
          '-c',
          'import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\ns.bind(b"\\0" + sys.argv[2].encode())\ns.sendto(b"hi", sys.argv[1])',
          served.address,
          `decklab-test-${process.pid}`,
        ],
        { encoding: 'utf8', timeout: 10_000 },
      )
      expect(sent.status, sent.stderr).toBe(0)
      await until(() => served.stderr().includes('2 bytes not echoed'))
      expect(await stop(served)).toBe(130)
      expect(served.stderr()).toContain(
        'datagram (unnamed or abstract): 2 bytes not echoed (no path to reply to: the sender is unbound or bound to an abstract name',
      )
      expect(served.stderr()).toContain('binds a path of its own (an abstract name gets none)')
    })

    it('seqpacket: echoes each message as one message, then EOF after half-close', async () => {
      const served = await serve('seqpacket-boundaries')
      expect(python(seqpacketClient, served.address)).toEqual({
        replies: ['a', 'bb', 'ccc'],
        eof: true,
      })
      expect(await stop(served)).toBe(130)
      // node-unix-socket does not unlink on close; serve must have done it.
      expect(existsSync(served.address)).toBe(false)
    })

    it('serves on --path with one JSON document on stdout and JSON lines on stderr with --json', async () => {
      const path = join(await clientDir(), 'echo.sock')
      const served = await serve('stream-echo', '--path', path, '--json')
      // Not `READY <path>`: a script reading JSON gets JSON, with the client commands the banner names.
      expect(served.ready).toEqual({
        ready: true,
        lab: 'stream-echo',
        kind: 'stream',
        address: path,
        clients: [`nc -U ${path}`, `socat - UNIX-CONNECT:${path}`],
      })
      python(streamClient, path)
      expect(await stop(served)).toBe(130)
      expect(existsSync(path)).toBe(false)
      const logged = served
        .stderr()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(logged[0]).toMatchObject({ kind: 'stream', bytes: 20, replied: true })
      // The stop is said too, and what became of the socket file.
      expect(logged.at(-1)).toEqual({ stopped: true, path, removed: true })
      expect(logged).toHaveLength(2)
    })
  },
)

describe.skipIf(!socat)('lab serve with socat (skipped: socat not on PATH)', () => {
  it('stream: socat UNIX-CONNECT gets its line back', async () => {
    const served = await serve('stream-echo')
    const result = spawnSync(socat!, ['-', `UNIX-CONNECT:${served.address}`], {
      input: 'hello from socat\n',
      encoding: 'utf8',
      timeout: 10_000,
    })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toBe('hello from socat\n')
    expect(await stop(served)).toBe(130)
    expect(existsSync(served.address)).toBe(false)
  })

  it('datagram: socat UNIX-SENDTO with a bound address gets the datagram back', async () => {
    const served = await serve('dgram-boundaries')
    const dir = await clientDir()
    const result = spawnSync(
      socat!,
      ['-', `UNIX-SENDTO:${served.address},bind=${join(dir, 'socat.sock')}`],
      { input: 'datagram from socat\n', encoding: 'utf8', timeout: 10_000 },
    )
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toBe('datagram from socat\n')
    expect(await stop(served)).toBe(130)
    expect(existsSync(served.address)).toBe(false)
  })
})

// Stream only: `nc -Uu` (datagrams) leaves /tmp/nc-XXXXXX directories behind.
describe.skipIf(!netcat)('lab serve with nc -U (skipped: nc not on PATH)', () => {
  it('stream: nc -U -N gets its line back', async () => {
    const served = await serve('stream-echo')
    const result = spawnSync(netcat!, ['-N', '-U', served.address], {
      input: 'hello from nc\n',
      encoding: 'utf8',
      timeout: 10_000,
    })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toBe('hello from nc\n')
    expect(await stop(served)).toBe(130)
    expect(existsSync(served.address)).toBe(false)
  })
})

describe('lab serve refusals', () => {
  function decklab(...args: string[]) {
    const result = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 10_000,
    })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  it('refuses a lab without a server', () => {
    const result = decklab('lab', 'serve', 'stream-coalesce')
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('lab stream-coalesce has no server')
    // The labs that do serve are named, so the learner need not look for them.
    expect(result.stderr).toMatch(/expected a lab that serves one: [^\n]*\bdgram-boundaries\b/)
    expect(result.stderr).toMatch(/\bstream-echo\b/)
    expect(result.stderr).not.toMatch(/: [^\n]*\bstream-coalesce\b/)
  })

  it('refuses to replace an existing file that is not a socket', async () => {
    const path = join(await clientDir(), 'precious.txt')
    await writeFile(path, 'keep me')
    const result = decklab('lab', 'serve', 'stream-echo', '--path', path)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('exists and is not a socket')
    // The arguments were fine: no usage tail.
    expect(result.stderr).not.toContain('for usage')
    expect(lstatSync(path).isFile()).toBe(true)
  })

  it('serves in a folder reached through a symbolic link, and says when the folder is a file', async () => {
    const dir = await clientDir()
    await mkdir(join(dir, 'real'))
    await symlink('real', join(dir, 'run'))
    const served = await serve('stream-echo', '--path', join(dir, 'run', 'echo.sock'))
    expect(lstatSync(join(dir, 'real', 'echo.sock')).isSocket()).toBe(true)
    expect(await stop(served)).toBe(130)
    expect(existsSync(join(dir, 'real', 'echo.sock'))).toBe(false)
    await writeFile(join(dir, 'file'), 'keep me')
    const under = decklab('lab', 'serve', 'stream-echo', '--path', join(dir, 'file', 'echo.sock'))
    expect(under.code).toBe(2)
    expect(under.stderr).toContain(`${join(dir, 'file')} is not a directory`)
    expect(under.stderr).not.toContain('for usage')
    const empty = decklab('lab', 'serve', 'stream-echo', '--path', '')
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('`--path` needs a socket path')
  })

  it.skipIf(!hasPython)(
    'replaces a stale socket file but refuses one that is still served',
    async () => {
      const path = join(await clientDir(), 'stale.sock')
      // A socket bound and closed without unlink leaves a stale file behind.
      spawnSync(python3, [
        '-c',
        'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])',
        path,
      ])
      expect(lstatSync(path).isSocket()).toBe(true)
      const served = await serve('stream-echo', '--path', path)
      expect(served.address).toBe(path)
      const second = decklab('lab', 'serve', 'stream-echo', '--path', path)
      expect(second.code).toBe(2)
      expect(second.stderr).toContain('is a socket something is still serving on')
      expect(second.stderr).not.toContain('for usage')
      expect(await stop(served)).toBe(130)
      expect(existsSync(path)).toBe(false)
    },
  )

  it('refuses a path over 107 bytes instead of letting Node truncate it', async () => {
    const dir = await clientDir()
    const path = join(dir, `${'p'.repeat(120 - dir.length)}.sock`)
    const result = decklab('lab', 'serve', 'stream-echo', '--path', path)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/socket path is \d+ bytes, over the 107-byte limit/)
  })

  // `READY <path>` is the first line a script reads: a path with a line break broke it in two.
  it('refuses a path with a line break, which READY could not show on one line', async () => {
    const dir = await clientDir()
    const result = decklab(
      'lab',
      'serve',
      'stream-echo',
      '--path',
      join(dir, 'x\ny.sock'),
      '--json',
    )
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout).error.message).toContain('holds a line break')
    expect(existsSync(join(dir, 'x\ny.sock'))).toBe(false)
  })
})
