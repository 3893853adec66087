/**
 * seqpacket-boundaries: SOCK_SEQPACKET is connection-based like a stream and
 * keeps message boundaries like a datagram socket; the same sends on
 * SOCK_STREAM coalesce (the negative control).
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { checkStreamControl, compareReads, readLate } from '../src/labs/kit/boundaries.js'
import { errnoName } from '../src/labs/kit/evidence.js'
import { loadUnixSocket } from '../src/labs/kit/unix-socket.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ClientResult {
  sends?: number[]
  error?: string
}

/** What seqpacket-session.py saw: two clients accepted, served and one closed. */
interface SessionResult {
  listener?: number
  accepted?: number[]
  read?: string[]
  replies?: string[]
  /** repr() of the server's recv() after client 1 closed: `b''` is EOF. */
  afterClose?: string
  dgramListen?: string
  error?: string
}

interface UnconnectedResult {
  send?: string
  sendto?: string
}

const lab: LabDefinition = {
  id: 'seqpacket-boundaries',
  title: 'Seqpacket sockets: connection-based, and message boundaries are kept',
  summary:
    "Three messages on a SOCK_SEQPACKET connection, all queued before the reader reads, are read back as three messages: from Node (node-unix-socket) to an independent python3 reader, and from python3 to a Node server. Sending on a seqpacket socket that never connected fails with ENOTCONN, even with the server's address (python3 send and sendto, and Node). A python3 server accepts two clients as two sockets of its own, replies to each alone, and reads EOF (b'') once one closes. Control: the same sends on SOCK_STREAM come out as fewer reads.",
  requires: ['linux', 'python3', 'node-unix-socket'],
  checks: [
    'boundaries-kept',
    'connection-required',
    'accept-per-client',
    'eof-on-close',
    'stream-control-coalesces',
  ],
  serve: 'seqpacket',
  async run(context) {
    const { SeqpacketServer, SeqpacketSocket } = await loadUnixSocket()
    const messages = ['a', 'bb', `ccc-${context.token}`].map((text) => Buffer.from(text))

    // Node sends three messages on one connection; python3 reads only once all are queued.
    const pythonReads = await readLate(context, 'seqpacket', 'seq-reader', messages)
    context.log(
      `python3 read ${pythonReads.length} message(s): ${JSON.stringify(pythonReads.map(String))}`,
    )

    // python3 sends three messages to a Node server.
    const path = join(context.dir, 'server.sock')
    const server = new SeqpacketServer()
    server.on('error', (error: Error) => context.log(`server error: ${error.message}`))
    const nodeReads: Buffer[] = []
    const connections: Array<InstanceType<typeof SeqpacketSocket>> = []
    let ended: (() => void) | undefined
    const clientDone = new Promise<void>((resolve) => {
      ended = resolve
    })
    server.on('connection', (socket: InstanceType<typeof SeqpacketSocket>) => {
      connections.push(socket)
      socket.on('error', () => {})
      socket.on('data', (message: Buffer) => nodeReads.push(message))
      socket.on('end', () => ended?.())
    })
    server.listen(path)
    context.defer(async () => {
      for (const socket of connections) socket.destroy()
      server.close()
      // node-unix-socket does not unlink its socket file on close.
      await rm(path, { force: true })
    })
    const client = (await context.runPeer('stream-coalesce-writer.py', [
      'seqpacket',
      path,
      ...messages.map((message) => message.toString('hex')),
    ])) as ClientResult
    if (!client.error) await clientDone
    context.log(
      `Node server read ${nodeReads.length} message(s): ${JSON.stringify(nodeReads.map(String))}`,
    )

    const boundaries = compareReads(messages, [
      { name: 'Node → python3', reads: pythonReads },
      { name: 'python3 → Node', reads: nodeReads, error: client.error },
    ])
    context.check({
      name: 'boundaries-kept',
      values: [
        {
          kind: 'bool',
          // Kept, not the word `boundary`, which a card saying they merge uses too. `exactly one`:
          // each of the 3 sends came back as one read of its own size, as dgram-boundaries says it.
          label:
            'arrives with its boundary | boundary intact | boundaries kept | keeps its boundaries | keeps the boundaries | keeps message boundaries | exactly one',
          value: boundaries.kept ? 'yes' : 'no',
        },
      ],
      pass: boundaries.kept,
      expected: `3 messages (${messages.map((m) => m.length).join(', ')} bytes) on one connection are read as 3 messages of the same sizes`,
      observed: boundaries.observed,
      evidence: boundaries.evidence,
    })

    // connection-required: send without connect(), even naming a listening server.
    const unconnected = (await context.runPeer('seqpacket-boundaries-unconnected.py', [
      path,
    ])) as UnconnectedResult
    const unconnectedNode = new SeqpacketSocket()
    const nodeError = await new Promise<string>((resolve) => {
      unconnectedNode.once('error', (error: Error) => resolve(errnoName(error) ?? error.message))
      try {
        unconnectedNode.write(Buffer.from('hello'), 0, 5, () => resolve('sent'))
      } catch (error) {
        resolve(errnoName(error) ?? String(error))
      }
    })
    unconnectedNode.destroy()
    const observed = [unconnected.send, unconnected.sendto, nodeError]
    const allSame = observed.every(
      (name) => name !== undefined && name !== 'sent' && name === observed[0],
    )
    context.check({
      name: 'connection-required',
      pass: allSame,
      expected:
        'sending on a SOCK_SEQPACKET socket that never connected fails (ENOTCONN), even with an address',
      observed: `python3 send → ${unconnected.send}; python3 sendto(server path) → ${unconnected.sendto}; Node write → ${nodeError}`,
      evidence: [
        `python3: ${JSON.stringify(unconnected)}`,
        `node-unix-socket write before connect: ${nodeError}`,
      ],
      value: unconnected.sendto ?? 'none',
    })

    // Connection-based as a stream is: accept() gives each client a socket of its own,
    // and a client's close() is EOF on it (a datagram socket cannot even listen()).
    // The peer removes its socket itself; a run stopped meanwhile leaves it to this.
    context.defer(() => rm(join(context.dir, 'session.sock'), { force: true }))
    const session = (await context.runPeer('seqpacket-session.py', [context.dir])) as SessionResult
    context.log(`python3 seqpacket session: ${JSON.stringify(session)}`)
    const [first, second] = session.accepted ?? []
    const perClient =
      session.error === undefined &&
      first !== undefined &&
      second !== undefined &&
      first !== second &&
      ![first, second].includes(session.listener ?? -1) &&
      JSON.stringify(session.read) === JSON.stringify(['from-1', 'from-2']) &&
      JSON.stringify(session.replies) === JSON.stringify(['reply-to-from-1', 'reply-to-from-2'])
    context.check({
      name: 'accept-per-client',
      values: [{ kind: 'bool', label: 'accept() per client', value: perClient ? 'yes' : 'no' }],
      pass: perClient,
      expected:
        "two clients' connects are accepted as two sockets of their own, each carrying that client's message and its reply",
      observed: session.error
        ? `python3 session failed: ${session.error}`
        : `listener fd ${session.listener}; accepted fds ${first} and ${second}; read ${JSON.stringify(session.read)}; clients got ${JSON.stringify(session.replies)}`,
      evidence: [
        `python3: ${JSON.stringify(session)}`,
        `a SOCK_DGRAM socket's listen(): ${session.dgramListen}`,
      ],
    })
    const eof = session.error === undefined && session.afterClose === "b''"
    context.check({
      name: 'eof-on-close',
      values: [{ kind: 'bool', label: 'EOF when the peer closes', value: eof ? 'yes' : 'no' }],
      pass: eof,
      expected: "after a client closes, the server's recv() on its socket returns no bytes (EOF)",
      observed: session.error
        ? `python3 session failed: ${session.error}`
        : `recv(100) after client 1 closed returned ${session.afterClose}`,
      evidence: [`python3: ${JSON.stringify(session)}`],
    })

    // Control: the same three sends on a stream socket, read late, merge.
    await checkStreamControl(context, messages)
  },
}

export default lab
