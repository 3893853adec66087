// Servers and clients a lab opens in decklab's own process are closed when the lab ends,
// even when it throws or runs past its deadline: a server left listening would keep
// `decklab verify` from ever exiting.
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connect, listen } from '../../src/labs/kit/sockets.js'
import { loadUnixSocket } from '../../src/labs/kit/unix-socket.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabContext, LabDefinition } from '../../src/labs/types.js'

function fakeLab(run: (context: LabContext) => Promise<void>): LabDefinition {
  return {
    id: 'fake-lab',
    title: 'A fake lab',
    summary: 'A lab made up for a runner test.',
    requires: [],
    checks: ['first'],
    serve: null,
    run,
  }
}

/** The lab's server once it listens (the test holds on to it to look at it afterwards). */
function serverHolder() {
  let server: Server | undefined
  return {
    async listenIn(path: string): Promise<Server> {
      const listening = await listen(path)
      if (!listening.ok) throw listening.error
      server = listening.value
      return server
    },
    get server(): Server {
      expect(server, 'the lab listened').toBeDefined()
      return server as Server
    },
  }
}

describe('the runner closes what a lab opened in this process', () => {
  it('a lab that throws between listen and close leaves no server listening', async () => {
    const holder = serverHolder()
    const result = await runLab(
      fakeLab(async (context) => {
        await holder.listenIn(join(context.dir, 'a.sock'))
        const client = await connect(join(context.dir, 'a.sock'))
        expect(client.ok).toBe(true)
        throw new Error('stat failed')
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toBe('stat failed')
    expect(holder.server.listening).toBe(false)
    expect(result.transcript.join('\n')).toMatch(/closed server on \/.*\/a\.sock/)
    expect(result.leftovers).toBeUndefined()
  })

  it('a lab that returns with its server listening left it behind: closed, and a leftover', async () => {
    const holder = serverHolder()
    const result = await runLab(
      fakeLab(async (context) => {
        await holder.listenIn(join(context.dir, 'b.sock'))
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(holder.server.listening).toBe(false)
    expect(result.status).toBe('fail')
    expect(result.leftovers).toEqual([
      expect.stringMatching(
        /^server on \/.*\/b\.sock still listening when the lab ended \(closed by the runner\)$/,
      ),
    ])
  })

  it('a server a lab opens after its deadline is closed too', async () => {
    const holder = serverHolder()
    let listened: Promise<Server> | undefined
    const result = await runLab(
      fakeLab(async (context) => {
        await once(context.signal, 'abort')
        listened = holder.listenIn(`\0decklab-late-${context.token}`)
        await listened
      }),
      { deadlineMs: 50 },
    )
    expect(result.status).toBe('error')
    expect(listened).toBeDefined()
    const server = await listened!
    // Closed by the runner, at once or as soon as the late listen registered it.
    if (server.listening) await once(server, 'close')
    expect(server.listening).toBe(false)
  })

  // A raw net server on a path outside the lab directory was in neither the kit's handles nor
  // the directory's listing: the lab passed, its server listening and its file left in place.
  it('a raw net server left listening outside the lab directory is a leftover, closed', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'raw.sock')
    let server: Server | undefined
    try {
      const result = await runLab(
        fakeLab(async (context) => {
          server = createServer()
          server.listen(path)
          await once(server, 'listening')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.reason).toBe('left 1 thing behind')
      expect(result.leftovers).toEqual([
        `a server listening on ${path} (not opened with the kit's listen) still listening when the lab ended (closed by the runner)`,
      ])
      expect(server?.listening).toBe(false)
      // Node's close() unlinks the path it bound.
      expect(existsSync(path)).toBe(false)
    } finally {
      server?.close()
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // close()'s callback waits for the connections the server accepted: the runner awaited it,
  // so a lab that left a client connected (or threw in the server's callback) hung the run.
  it('one with a connection still open is closed without waiting for the connection', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'raw.sock')
    let server: Server | undefined
    let client: Socket | undefined
    try {
      const run = runLab(
        fakeLab(async (context) => {
          server = createServer()
          server.listen(path)
          await once(server, 'listening')
          client = createConnection(path)
          await once(server, 'connection')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      const ended = await Promise.race([
        run,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref()),
      ])
      expect(ended).not.toBe('hung')
      const result = await run
      expect(result.leftovers).toContain(
        `a server listening on ${path} (not opened with the kit's listen) still listening when the lab ended (closed by the runner)`,
      )
      expect(server?.listening).toBe(false)
      expect(existsSync(path)).toBe(false)
    } finally {
      client?.destroy()
      server?.close()
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('so is one on an abstract name', async () => {
    let server: Server | undefined
    const result = await runLab(
      fakeLab(async (context) => {
        server = createServer()
        server.listen(`\0decklab-raw-${context.token}`)
        await once(server, 'listening')
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    server?.close()
    expect(result.status).toBe('fail')
    expect(result.leftovers).toEqual([
      expect.stringMatching(
        /^a server listening on @decklab-raw-[0-9a-f]{8} \(not opened with the kit's listen\) still listening when the lab ended \(closed by the runner\)$/,
      ),
    ])
  })

  it('a raw server the lab closes itself, even without waiting, is no leftover', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    try {
      const result = await runLab(
        fakeLab(async (context) => {
          const server = createServer()
          server.listen(join(outside, 'raw.sock'))
          await once(server, 'listening')
          context.defer(() => {
            server.close()
          })
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status, result.reason).toBe('pass')
      expect(result.leftovers).toBeUndefined()
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // A lab's python3 peer killed at the end leaves its socket file behind; outside the lab
  // directory nothing listed it, and the lab passed with the file left on the machine.
  it("a socket file a lab's process listened on outside the lab directory is a leftover", async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'peer.sock')
    const inside: string[] = []
    try {
      const script =
        'import socket, sys, time\n' +
        'for path in sys.argv[1:]:\n' +
        '    s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(); socket.__dict__.setdefault("k", []).append(s)\n' +
        'print("ready", flush=True)\ntime.sleep(30)\n'
      const result = await runLab(
        fakeLab(async (context) => {
          inside.push(join(context.dir, 'in.sock'))
          const child = context.spawn('python3', ['-c', script, path, 'relative.sock', ...inside])
          await once(child.stdout as NodeJS.ReadableStream, 'data')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      // Inside the lab directory (relative or absolute) it is the directory's listing's.
      expect(result.leftovers).toEqual([
        'socket file in.sock left in the lab directory (removed by the runner)',
        'socket file relative.sock left in the lab directory (removed by the runner)',
        `socket file ${path} left outside the lab directory (a lab process listened on it)`,
      ])
      expect(existsSync(path), 'not removed: outside the lab directory').toBe(true)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // The same peer killed by the lab itself before it returned: no process listened any more at
  // the cleanup, so nothing named its file, and the lab passed with the file left on the machine.
  it('a socket file outside, left by a process the lab ended itself, is a leftover', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'gone.sock')
    try {
      const script =
        'import socket, sys\n' +
        'for path in sys.argv[1:]:\n' +
        '    s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(); socket.__dict__.setdefault("k", []).append(s)\n' +
        'print("ready", flush=True)\nsys.stdin.read()\n'
      const result = await runLab(
        fakeLab(async (context) => {
          const child = context.spawn('python3', ['-c', script, path])
          await once(child.stdout as NodeJS.ReadableStream, 'data')
          child.kill('SIGKILL')
          await once(child, 'exit')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.leftovers).toEqual([
        `socket file ${path} left outside the lab directory (made while the lab ran, at a path a lab process was given)`,
      ])
      expect(existsSync(path), 'not removed: outside the lab directory').toBe(true)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // The same server given its path in its environment, or in a file its command line names (a
  // config file): the cleanup looked for paths in the command line only, and the lab passed with
  // the file left on the machine.
  it('a socket file outside, at a path a process the lab ended got in its environment or a file, is a leftover', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const fromEnv = join(outside, 'env.sock')
    const fromFile = join(outside, 'file.sock')
    try {
      const script =
        'import os, socket, sys\n' +
        'paths = [os.environ["SERVE_AT"]] + [open(name).read().split("=")[1].strip() for name in sys.argv[1:]]\n' +
        'for path in paths:\n' +
        '    s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(); socket.__dict__.setdefault("k", []).append(s)\n' +
        'print("ready", flush=True)\nsys.stdin.read()\n'
      const result = await runLab(
        fakeLab(async (context) => {
          // Named relative to the process's working directory (the lab directory).
          writeFileSync(join(context.dir, 'server.conf'), `listen=${fromFile}\n`)
          context.defer(() => rmSync(join(context.dir, 'server.conf'), { force: true }))
          const env = { ...process.env, SERVE_AT: fromEnv }
          const child = context.spawn('python3', ['-c', script, 'server.conf'], { env })
          await once(child.stdout as NodeJS.ReadableStream, 'data')
          child.kill('SIGKILL')
          await once(child, 'exit')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.leftovers).toEqual(
        [fromEnv, fromFile].map(
          (path) =>
            `socket file ${path} left outside the lab directory (made while the lab ran, at a path a lab process was given)`,
        ),
      )
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // A datagram socket does not listen: one a lab's process bound outside, at a path it did not
  // get in its command line, was in no list, and the lab passed with its file left behind.
  it("a socket file a lab's process bound for datagrams outside the lab directory is a leftover", async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'dgram.sock')
    try {
      const script =
        'import os, socket, time\n' +
        's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(os.environ["DGRAM_AT"])\n' +
        'print("ready", flush=True)\ntime.sleep(30)\n'
      const result = await runLab(
        fakeLab(async (context) => {
          const env = { ...process.env, DGRAM_AT: path }
          const child = context.spawn('python3', ['-c', script], { env })
          await once(child.stdout as NodeJS.ReadableStream, 'data')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.leftovers).toEqual([
        `socket file ${path} left outside the lab directory (a lab process bound it)`,
      ])
      expect(existsSync(path), 'not removed: outside the lab directory').toBe(true)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // node-unix-socket does not unlink on close: a datagram socket a lab bound in decklab's process
  // outside its directory, and closed, left its file; no process held it, so nothing named it.
  it('a socket file a lab bound through the addon outside its directory and closed is a leftover', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'closed.sock')
    try {
      const result = await runLab(
        fakeLab(async (context) => {
          const { DgramSocket, SeqpacketServer } = await loadUnixSocket()
          const socket = new DgramSocket()
          socket.bind(path)
          socket.close()
          // Inside the lab directory its listing names it; an abstract name leaves no file.
          const server = new SeqpacketServer()
          server.listen(join(context.dir, 'in.sock'))
          server.close()
          const abstract = new DgramSocket()
          abstract.bind(`\0decklab-test-${context.token}`)
          abstract.close()
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.leftovers).toEqual([
        'socket file in.sock left in the lab directory (removed by the runner)',
        `socket file ${path} left outside the lab directory (the lab bound it in decklab's process)`,
      ])
      expect(existsSync(path), 'not removed: outside the lab directory').toBe(true)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  // The addon's servers are no net.Server: the runner cannot close them, and their file stays.
  // Each was said twice, as a server still listening and as its socket file.
  it('a server the addon left listening is one leftover, inside the lab directory or out', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-outside-'))
    const path = join(outside, 'packets.sock')
    const servers: { close(): void }[] = []
    try {
      let inside = ''
      const result = await runLab(
        fakeLab(async (context) => {
          const { SeqpacketServer } = await loadUnixSocket()
          inside = join(context.dir, 'in.sock')
          for (const where of [path, inside]) {
            const server = new SeqpacketServer()
            server.listen(where)
            servers.push(server)
          }
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status).toBe('fail')
      expect(result.leftovers?.sort()).toEqual(
        [path, inside]
          .map(
            (where) =>
              `a server listening on ${where} (not opened with the kit's listen) still listening when the lab ended`,
          )
          .sort(),
      )
    } finally {
      for (const server of servers) server.close()
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('a server listening before the lab started is not its leftover', async () => {
    const before = createServer()
    before.listen(`\0decklab-test-before-${process.pid}`)
    await once(before, 'listening')
    try {
      const result = await runLab(
        fakeLab(async (context) => {
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        }),
      )
      expect(result.status, result.reason).toBe('pass')
      expect(before.listening).toBe(true)
    } finally {
      before.close()
    }
  })
})
