import { readFile, rm } from 'node:fs/promises'
import net, { type Socket } from 'node:net'
import { join } from 'node:path'
import { nextJson } from '../src/labs/kit/children.js'
import { procNetUnixEvidence } from '../src/labs/kit/evidence.js'
import { type Outcome, outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

/** How the cards name a Unix-domain socket: what this lab's values are about, beside TCP. */
const uds = 'UDS | AF_UNIX | Unix-domain | Unix socket | Unix sockets'

const clientCount = 6

/** Connect `clientCount` Node clients at once; the outcomes in order (`connected` or the errno). */
async function connectAll(path: string, sockets: Socket[]): Promise<string[]> {
  const results: Array<Outcome<Socket>> = await Promise.all(
    Array.from({ length: clientCount }, () => connect(path)),
  )
  for (const result of results) if (result.ok) sockets.push(result.value)
  return results.map((result) => outcomeText(result))
}

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

/** Resolve once one of `sockets` connects or fails, or after `ms`, whichever comes first. */
function firstSettled(sockets: readonly Socket[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      for (const socket of sockets) {
        socket.off('connect', done)
        socket.off('error', done)
      }
      resolve()
    }
    for (const socket of sockets) {
      if (!socket.connecting) return done()
      socket.once('connect', done)
      socket.once('error', done)
    }
  })
}

/** What the TCP clients' states and errors say of "no error; the ones that do not fit wait". */
export type TcpQueueVerdict = { pass: boolean } | { skip: string }

/**
 * Judge the TCP side from the client rows of /proc/net/tcp (01 ESTABLISHED,
 * 02 SYN_SENT) and the errors the clients got. An error contradicts the
 * card, at any load. The rest depends on when the kernel handled each
 * loopback packet: on a busy machine the softirq that does it can run late,
 * in ksoftirqd, so the table may not yet list every client, or no handshake
 * has finished, or every SYN was answered before the first ACK filled the
 * queue (all ESTABLISHED). Those show nothing either way and are skipped,
 * with the states; only errors can refute.
 */
export function judgeTcpQueue(
  states: readonly string[],
  errors: readonly string[],
  clients: number,
): TcpQueueVerdict {
  if (errors.length > 0) return { pass: false }
  const established = states.filter((state) => state === '01').length
  const synSent = states.filter((state) => state === '02').length
  if (states.length === clients && established >= 1 && synSent >= 1) return { pass: true }
  return {
    skip: `inconclusive: no client got an error, but the kernel's table does not show some clients connected and the rest waiting (${states.length} of ${clients} clients listed: ${established} ESTABLISHED, ${synSent} SYN_SENT), as when a busy machine handles loopback packets late`,
  }
}

const lab: LabDefinition = {
  id: 'listen-backlog',
  title: 'A full listen backlog: Unix stream connect fails with EAGAIN, TCP waits',
  summary:
    'A python3 peer listens with listen(1) and listen(3) on two Unix stream sockets and with listen(1) on a TCP socket on 127.0.0.1, and never calls accept(). Six Node clients connect to each (Node connects nonblocking). On each Unix socket exactly backlog + 1 connections are completed and queued (2 and 4) and the rest fail at once with EAGAIN. A blocking connect() from the peer to the same full listen(1) queue does not fail: it is still waiting 0.5 s later, and gets in once the peer accept()s one connection. On TCP the extra clients get no error: the listener drops their SYNs and the clients stay in SYN_SENT, retrying.',
  requires: ['linux', 'python3'],
  checks: [
    'backlog-full-eagain',
    'backlog-plus-one',
    'connections-queued-before-accept',
    'blocking-connect-waits',
    'tcp-queues-instead',
  ],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'backlog.sock')
    const widerPath = join(context.dir, 'backlog3.sock')
    // Removed even when the run is stopped while the peer starts: it binds them before it is ready.
    context.defer(() => rm(path, { force: true }))
    context.defer(() => rm(widerPath, { force: true }))
    const peer = await context.startPeer('listen-backlog.py', [path, widerPath], { stdin: true })
    context.defer(() => peer.process.kill())
    const port = Number(peer.ready)
    const listener = await procNetUnixEvidence(path)
    const sockets: Socket[] = []
    context.defer(() => {
      for (const socket of sockets) socket.destroy()
    })

    const unixSummary = await connectAll(path, sockets)
    const widerSummary = await connectAll(widerPath, sockets)
    const unixConnected = unixSummary.filter((outcome) => outcome === 'connected').length
    const widerConnected = widerSummary.filter((outcome) => outcome === 'connected').length
    const eagain = unixSummary.filter((outcome) => outcome === 'EAGAIN').length
    context.log(`unix: listen(1), no accept(); ${clientCount} connects → ${unixSummary.join(', ')}`)
    context.log(
      `unix: listen(3), no accept(); ${clientCount} connects → ${widerSummary.join(', ')}`,
    )
    const refusal = unixSummary.find((outcome) => outcome !== 'connected') ?? 'none'
    // Node connects nonblocking; a blocking connect() to the same full queue, from the peer.
    peer.process.stdin?.write('probe-blocking\n')
    const probe = (await nextJson(peer.lines)) as { waiting: boolean; result: string }
    const blockingWaits = probe.waiting && probe.result === 'connected'
    const probeText = `a blocking connect() to the full listen(1) queue: ${probe.waiting ? 'still waiting after 0.5 s' : 'returned at once'}; after one accept(): ${probe.result}`
    context.log(`unix: ${probeText}`)
    context.check({
      name: 'backlog-full-eagain',
      pass: unixConnected >= 1 && eagain >= 1 && unixConnected + eagain === clientCount,
      expected: 'the first connects fill the queue, later ones fail with EAGAIN',
      observed: `${unixConnected} connected, ${eagain} EAGAIN`,
      evidence: [...listener, `outcomes in order: ${unixSummary.join(', ')}`],
      value: refusal,
      values: [
        {
          kind: 'errno',
          label: 'connect beyond the backlog',
          value: refusal,
          about: uds,
          contrast: 'TCP',
        },
        {
          // Said of a nonblocking connect on a UDS; a blocking one (when the probe saw it
          // wait) and TCP are the other sides.
          kind: 'bool',
          label: 'fails',
          value: eagain > 0 ? 'yes' : 'no',
          about: `${uds} | nonblocking | non-blocking`,
          contrast: blockingWaits ? 'TCP | blocking' : 'TCP',
        },
      ],
    })
    context.check({
      name: 'blocking-connect-waits',
      pass: blockingWaits,
      expected:
        'a blocking connect() to a full queue waits (no EAGAIN), and completes once accept() frees a place',
      observed: probeText,
      evidence: [`nonblocking connects to the same queue: ${unixSummary.join(', ')}`],
      values: [
        {
          kind: 'bool',
          label: 'waits | wait',
          value: blockingWaits ? 'yes' : 'no',
          about: 'blocking',
          contrast: 'nonblocking | non-blocking',
        },
      ],
    })
    // Exactly backlog + 1 fit, for two different backlogs (so "n + 1" is not "2").
    const extra = [unixConnected - 1, widerConnected - 3]
    context.check({
      name: 'backlog-plus-one',
      pass: extra[0] === 1 && extra[1] === 1,
      expected: 'listen(fd, n) queues exactly n + 1 connections: 2 for listen(1), 4 for listen(3)',
      observed: `listen(1): ${unixConnected} queued; listen(3): ${widerConnected} queued`,
      evidence: [`listen(1): ${unixSummary.join(', ')}`, `listen(3): ${widerSummary.join(', ')}`],
      values:
        extra[0] === extra[1]
          ? [
              {
                kind: 'number',
                label: 'connections queued beyond the backlog',
                value: String(extra[0]),
              },
              // The rule the two backlogs showed, so `n - 1` or `2n + 1` cannot pass for it.
              { kind: 'name', label: 'connections that wait', value: 'n + 1' },
            ]
          : [],
    })
    context.check({
      name: 'connections-queued-before-accept',
      pass: unixConnected > 0 && widerConnected > unixConnected,
      expected:
        'without any accept(), connects complete and wait in the queue, up to a number set by the backlog',
      observed: `${unixConnected} (listen(1)) and ${widerConnected} (listen(3)) clients connected before any accept()`,
      evidence: [...listener],
      values: [
        {
          kind: 'bool',
          label: 'queues | queued',
          value: unixConnected > 0 && widerConnected > unixConnected ? 'yes' : 'no',
        },
      ],
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
    // on loopback the handshake (or the dropped SYN) usually happens inside
    // that call. A busy machine may finish it later: wait for the first client
    // to connect (or fail), for at most a second, before reading the table.
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    await firstSettled(sockets.slice(-clientCount), 1000)
    const states = await tcpClientStates(port)
    const established = states.filter((state) => state === '01').length
    const synSent = states.filter((state) => state === '02').length
    context.log(`tcp: listen(1), no accept(); client states in /proc/net/tcp: ${states.join(' ')}`)
    const tcpVerdict = judgeTcpQueue(states, tcpErrors, clientCount)
    if ('skip' in tcpVerdict) {
      context.skipCheck('tcp-queues-instead', tcpVerdict.skip)
      return
    }
    context.check({
      name: 'tcp-queues-instead',
      pass: tcpVerdict.pass,
      expected: 'no TCP client gets an error; the ones that do not fit wait in SYN_SENT',
      observed: `${established} established, ${synSent} in SYN_SENT (retrying), ${tcpErrors.length} errors`,
      evidence: [
        `/proc/net/tcp client states (01 ESTABLISHED, 02 SYN_SENT): ${states.join(' ')}`,
        `errors: ${tcpErrors.join(', ') || 'none'}`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'immediate error',
          value: tcpErrors.length > 0 ? 'yes' : 'no',
          about: 'TCP',
          contrast: uds,
        },
        { kind: 'bool', label: 'waits | wait', value: synSent >= 1 ? 'yes' : 'no' },
      ],
    })
  },
}

export default lab
