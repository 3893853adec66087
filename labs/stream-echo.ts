/**
 * stream-echo: a Node `net` server on a pathname socket echoes; an
 * independent python3 client gets the same bytes back; the path is a socket
 * file; accept() gives every client its own connected socket.
 */
import { lstat, readlink } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { fileModeString, procNetUnixLines } from '../src/labs/kit/evidence.js'
import { unwrap } from '../src/labs/kit/outcome.js'
import { closeServer, connect, listen, readChunks } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ClientResult {
  sent?: string
  received?: string
  chunks?: number
  error?: string
}

// /proc/net/unix flag __SO_ACCEPTCON: the socket is listening.
const acceptConnectionFlag = 0x10000

/** Whether a /proc/net/unix line is a listening socket's (its Flags column has __SO_ACCEPTCON). */
function isListening(line: string): boolean {
  return (Number.parseInt(line.split(/\s+/)[3] ?? '0', 16) & acceptConnectionFlag) !== 0
}

const lab: LabDefinition = {
  id: 'stream-echo',
  title: 'A stream echo server on a pathname socket',
  summary:
    'A Node net server listens on a pathname Unix socket and echoes what it reads. A Node client and an independent python3 client each get their exact bytes back; stat shows the path is a socket file and /proc/net/unix lists it; every accept() yields a new connected socket while the listener keeps listening.',
  requires: ['linux', 'python3'],
  checks: [
    'echo-roundtrip',
    'python-client',
    'socket-file-created',
    'accept-new-socket',
    'listener-keeps-accepting',
    'socket-is-fd',
  ],
  serve: 'stream',
  async run(context) {
    const path = join(context.dir, 'echo.sock')
    const accepted: Socket[] = []
    const server = unwrap(
      await listen(path, {
        allowHalfOpen: true,
        onConnection: (socket) => {
          accepted.push(socket)
          socket.on('error', () => {})
          socket.pipe(socket)
        },
      }),
    )
    context.defer(() => closeServer(server, accepted))
    context.log(`node server listening on ${path}`)

    // socket-file-created: the kernel made a file of type socket at the path.
    const stats = await lstat(path)
    const mode = await fileModeString(path)
    const procLines = await procNetUnixLines(path)
    context.check({
      name: 'socket-file-created',
      values: [
        {
          kind: 'bool',
          // What bind() makes, not the topic word `path`: "creates no file at that path" says `path` too.
          label: 'file of type socket | socket file | filesystem path',
          value: stats.isSocket() && procLines.length > 0 ? 'yes' : 'no',
        },
      ],
      pass: stats.isSocket() && procLines.length > 0,
      expected: 'bind() creates a file of type socket at the path, listed in /proc/net/unix',
      observed: `${stats.isSocket() ? 'socket' : 'not a socket'} (${mode}), ${procLines.length} /proc/net/unix line(s)`,
      evidence: [`stat ${path}: ${mode}`, ...procLines.map((line) => `/proc/net/unix: ${line}`)],
      value: stats.isSocket() ? 'socket' : mode.slice(0, 1),
    })

    // echo-roundtrip: a Node client gets its exact bytes back.
    const payload = Buffer.from(`node-${context.token}-${'x'.repeat(64)}`)
    const client = unwrap(await connect({ path, allowHalfOpen: true }))
    client.end(payload)
    const echoed = Buffer.concat(await readChunks(client, payload.length, context.signal))
    client.destroy()
    context.check({
      name: 'echo-roundtrip',
      pass: payload.length > 0 && echoed.equals(payload),
      expected: `the ${payload.length} bytes sent come back unchanged`,
      observed: `${echoed.length} bytes back, ${echoed.equals(payload) ? 'identical' : 'different'}`,
      evidence: [
        `sent ${JSON.stringify(payload.toString())}`,
        `received ${JSON.stringify(echoed.toString())}`,
      ],
    })

    // python-client: an independent implementation talks to the same server.
    const pythonPayload = Buffer.from(`python-${context.token}\nline two\n`)
    let python: ClientResult
    try {
      python = (await context.runPeer('stream-echo-client.py', [
        path,
        pythonPayload.toString('hex'),
      ])) as ClientResult
    } catch (error) {
      python = { error: error instanceof Error ? error.message : String(error) }
    }
    const pythonEchoed =
      python.received === undefined ? undefined : Buffer.from(python.received, 'hex')
    context.check({
      name: 'python-client',
      pass:
        pythonEchoed !== undefined &&
        pythonPayload.length > 0 &&
        pythonEchoed.equals(pythonPayload),
      expected: `python3 sends ${pythonPayload.length} bytes and reads the same bytes back`,
      observed: python.error
        ? `python3 client error: ${python.error}`
        : `${pythonEchoed?.length ?? 0} bytes back in ${python.chunks ?? 0} read(s), ${pythonEchoed?.equals(pythonPayload) ? 'identical' : 'different'}`,
      evidence: [`python3 result ${JSON.stringify(python)}`],
    })

    // accept-new-socket: two clients at once, each with its own connection.
    const before = accepted.length
    const first = unwrap(await connect({ path, allowHalfOpen: true }))
    const second = unwrap(await connect({ path, allowHalfOpen: true }))
    first.write('first\n')
    second.write('second\n')
    const [firstBack, secondBack] = await Promise.all([
      readChunks(first, 6, context.signal).then((chunks) => Buffer.concat(chunks).toString()),
      readChunks(second, 7, context.signal).then((chunks) => Buffer.concat(chunks).toString()),
    ])
    const newSockets = accepted.slice(before)
    const lines = await procNetUnixLines(path)
    const listening = lines.filter(isListening)
    first.destroy()
    second.destroy()
    const eachOwnSocket =
      newSockets.length === 2 &&
      newSockets[0] !== newSockets[1] &&
      firstBack === 'first\n' &&
      secondBack === 'second\n' &&
      server.listening &&
      listening.length === 1
    context.check({
      name: 'accept-new-socket',
      values: [
        {
          kind: 'bool',
          label: 'connected socket',
          value: eachOwnSocket ? 'yes' : 'no',
          // Each of the two clients got a new connected socket of its own, and the one
          // listening socket stayed a listener. Not `server`: the server process holds them.
          about: 'client | clients',
          contrast: 'listening socket | listener',
        },
      ],
      pass: eachOwnSocket,
      expected: 'each connect is accepted as a new connected socket; the listener keeps listening',
      observed: `${newSockets.length} new accepted socket(s); replies ${JSON.stringify([firstBack, secondBack])}; listener ${server.listening ? 'still listening' : 'closed'}`,
      evidence: lines.map((line) => `/proc/net/unix: ${line}`),
    })

    // listener-keeps-accepting: after those two, the same listening socket takes a third client.
    const beforeThird = accepted.length
    const third = unwrap(await connect({ path, allowHalfOpen: true }))
    third.write('third\n')
    const thirdBack = await readChunks(third, 6, context.signal).then((chunks) =>
      Buffer.concat(chunks).toString(),
    )
    third.destroy()
    const listeningAfter = (await procNetUnixLines(path)).filter(isListening)
    const keepsAccepting =
      accepted.length === beforeThird + 1 &&
      thirdBack === 'third\n' &&
      server.listening &&
      listeningAfter.length === 1
    context.check({
      name: 'listener-keeps-accepting',
      values: [
        {
          kind: 'bool',
          label:
            'goes on accepting | keeps accepting | keeps listening | still listening | stays a listener',
          value: keepsAccepting ? 'yes' : 'no',
          about: 'listening socket | listener',
        },
      ],
      pass: keepsAccepting,
      expected: 'after accepting two clients, the same listening socket accepts a third',
      observed: `third client ${accepted.length === beforeThird + 1 ? 'accepted' : 'not accepted'}, reply ${JSON.stringify(thirdBack)}; ${listeningAfter.length} listening socket(s) on the path`,
      evidence: listeningAfter.map((line) => `/proc/net/unix: ${line}`),
    })

    // socket-is-fd: the listening socket is a descriptor of this process, listed as socket:[inode].
    const handle = (server as unknown as { _handle?: { fd?: number } })._handle
    const fd = handle?.fd ?? -1
    let link = 'no descriptor'
    try {
      link = fd >= 0 ? await readlink(`/proc/self/fd/${fd}`) : link
    } catch (error) {
      link = String(error)
    }
    const isSocketFd = /^socket:\[\d+\]$/.test(link)
    context.check({
      name: 'socket-is-fd',
      pass: isSocketFd,
      expected:
        'the listening socket is an ordinary file descriptor of the process: /proc/self/fd shows socket:[inode]',
      observed: `fd ${fd} → ${link}`,
      evidence: [`readlink /proc/self/fd/${fd}: ${link}`],
      values: [{ kind: 'bool', label: 'file descriptor', value: isSocketFd ? 'yes' : 'no' }],
    })
  },
}

export default lab
