import { readFile, rm } from 'node:fs/promises'
import net, { type Socket } from 'node:net'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'
import {
  type ConnectOutcome,
  procNetUnixLines,
  startInteractivePeer,
  tryConnect,
} from './support/c-sockets.js'

const clientCount = 5

/** `/proc/net/tcp` client rows talking to `port` on 127.0.0.1, by TCP state (01 ESTABLISHED, 02 SYN_SENT). */
async function tcpClientStates(port: number): Promise<string[]> {
  const target = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
  const table = await readFile('/proc/net/tcp', 'utf8')
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns[2] === target)
    .map((columns) => columns[3] ?? '')
}

const lab: LabDefinition = {
  id: 'listen-backlog',
  title: 'A full listen backlog: Unix stream connect fails with EAGAIN, TCP waits',
  summary:
    'A python3 peer listens with listen(1) on a Unix stream socket and on a TCP socket on 127.0.0.1 and never calls accept(). Five Node clients connect to each (Node connects nonblocking). On the Unix socket the first two fit in the queue (backlog + 1) and the rest fail at once with EAGAIN. On TCP the extra clients get no error: the listener drops their SYNs and the clients stay in SYN_SENT, retrying.',
  requires: ['linux', 'python3'],
  checks: ['backlog-full-eagain', 'tcp-queues-instead'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'backlog.sock')
    const peer = await startInteractivePeer(context.spawn, 'listen-backlog.py', [path])
    context.defer(() => peer.process.kill())
    context.defer(() => rm(path, { force: true }))
    const port = Number(peer.ready)
    const listener = await procNetUnixLines(path)
    const sockets: Socket[] = []
    context.defer(() => {
      for (const socket of sockets) socket.destroy()
    })

    const unixResults: ConnectOutcome[] = await Promise.all(
      Array.from({ length: clientCount }, () => tryConnect({ path })),
    )
    for (const result of unixResults)
      if (result.outcome === 'connected') sockets.push(result.socket)
    const unixSummary = unixResults.map((result) =>
      result.outcome === 'connected' ? 'connected' : result.code,
    )
    const unixConnected = unixSummary.filter((outcome) => outcome === 'connected').length
    const eagain = unixSummary.filter((outcome) => outcome === 'EAGAIN').length
    context.log(`unix: listen(1), no accept(); ${clientCount} connects → ${unixSummary.join(', ')}`)
    context.check({
      name: 'backlog-full-eagain',
      pass: unixConnected >= 1 && eagain >= 1 && unixConnected + eagain === clientCount,
      expected: 'the first connects fill the queue, later ones fail with EAGAIN',
      observed: `${unixConnected} connected, ${eagain} EAGAIN`,
      evidence: [...listener, `outcomes in order: ${unixSummary.join(', ')}`],
      value:
        eagain > 0 ? 'EAGAIN' : (unixSummary.find((outcome) => outcome !== 'connected') ?? 'none'),
    })

    // TCP: clients that do not fit never get an event, so count them in the
    // kernel's table instead of waiting for something that will not happen.
    const tcpErrors: string[] = []
    for (let index = 0; index < clientCount; index++) {
      const socket = net.connect({ host: '127.0.0.1', port })
      socket.on('error', (error: NodeJS.ErrnoException) => tcpErrors.push(error.code ?? 'unknown'))
      sockets.push(socket)
    }
    // Every connect() has been issued once the event loop has turned twice;
    // on loopback the handshake (or the dropped SYN) happens inside that call.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    const states = await tcpClientStates(port)
    const established = states.filter((state) => state === '01').length
    const synSent = states.filter((state) => state === '02').length
    context.log(`tcp: listen(1), no accept(); client states in /proc/net/tcp: ${states.join(' ')}`)
    context.check({
      name: 'tcp-queues-instead',
      pass: synSent >= 1 && established >= 1 && tcpErrors.length === 0,
      expected: 'no TCP client gets an error; the ones that do not fit wait in SYN_SENT',
      observed: `${established} established, ${synSent} in SYN_SENT (retrying), ${tcpErrors.length} errors`,
      evidence: [
        `/proc/net/tcp client states (01 ESTABLISHED, 02 SYN_SENT): ${states.join(' ')}`,
        `errors: ${tcpErrors.join(', ') || 'none'}`,
      ],
    })
  },
}

export default lab
