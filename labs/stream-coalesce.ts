/**
 * stream-coalesce: SOCK_STREAM is a byte stream. Three separate writes that
 * are all queued before the reader reads come out as fewer reads; the bytes
 * are all there. This is the negative control for every boundary claim.
 */
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { readLate } from '../src/labs/kit/boundaries.js'
import { unwrap } from '../src/labs/kit/outcome.js'
import { closeServer, listen, readChunks } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

interface WriterResult {
  sends?: number[]
  error?: string
}

/** Three messages sent one send() each, read late, and split by the reader's framing. */
interface Framed {
  reads: number[]
  messages: string[]
  /** Bytes left after the last whole message. */
  rest: number
}

interface FramingReport {
  prefix: Framed
  delimiter: Framed
  /** The same three messages bare, each send() with MSG_EOR. */
  eor: { sends: number[]; errors: string[]; reads: string[] }
  /** One length-prefixed message of `size` bytes, sent while the reader loops. */
  big: { size: number; sndbuf: number; reads: number[]; whole: boolean }
}

/** What stream-framing.py sends. */
const framedMessages = ['one', 'two two', 'three three three']

const lab: LabDefinition = {
  id: 'stream-coalesce',
  title: 'Stream writes coalesce: a byte stream keeps no message boundaries',
  summary:
    'Three separate writes on a SOCK_STREAM Unix socket, all queued before the reader reads, arrive as fewer reads (here one): the stream keeps the bytes and their order but not the boundaries. Shown both ways: Node writes, an independent python3 reader reads late; python3 writes, a paused Node reader reads late. Then a python3 peer carries messages over a stream socketpair the way a program must: a length prefix or a newline delimiter lets its read loop split the merged bytes back into the three messages, MSG_EOR on each send() keeps nothing apart, and a 1,000,000-byte message whose second half is written after the first read comes in parts, though the reader asks for twice its size, and the loop collects it whole.',
  requires: ['linux', 'python3'],
  checks: ['writes-coalesce', 'bytes-preserved', 'framing-recovers-messages', 'message-in-parts'],
  serve: null,
  async run(context) {
    const messages = ['aaa', 'bbbb', `c-${context.token}`].map((text) => Buffer.from(text))
    const expected = Buffer.concat(messages)

    // Node writes (three awaited write() calls), python3 reads only once all are queued.
    const pythonReads = await readLate(context, 'stream', 'node-to-python', messages)
    context.log(
      `python3 read ${pythonReads.length} time(s): ${JSON.stringify(pythonReads.map(String))}`,
    )

    // python3 writes (three send() calls), a paused Node server reads once the writer is done.
    const path = join(context.dir, 'paused.sock')
    const server = unwrap(await listen(path, { allowHalfOpen: true, pauseOnConnect: true }))
    const accepted = once(server, 'connection') as Promise<[Socket]>
    // Destroyed with the server: a run stopped before it took the connection would otherwise
    // wait on it, half-open (allowHalfOpen), in server.close().
    const connections: Socket[] = []
    server.on('connection', (socket: Socket) => connections.push(socket))
    context.defer(() => closeServer(server, connections))
    const writer = (await context.runPeer('stream-coalesce-writer.py', [
      'stream',
      path,
      ...messages.map((message) => message.toString('hex')),
    ])) as WriterResult
    const [socket] = await accepted
    socket.resume()
    const nodeReads = await readChunks(socket, expected.length, context.signal)
    context.log(
      `python3 sent ${JSON.stringify(writer.sends ?? writer.error)}; Node read ${nodeReads.length} time(s): ${JSON.stringify(nodeReads.map(String))}`,
    )

    const sides = [
      { name: 'Node → python3', reads: pythonReads, writes: messages.length },
      {
        name: 'python3 → Node',
        reads: nodeReads,
        writes: writer.error ? 0 : (writer.sends?.length ?? 0),
      },
    ]
    context.check({
      name: 'writes-coalesce',
      values: [
        {
          kind: 'bool',
          label: 'merged | single read | may hold | boundaries between writes are lost | abcdefg',
          about: 'stream | streams | SOCK_STREAM',
          contrast: 'datagram | datagrams | SOCK_DGRAM | SOCK_SEQPACKET',
          value: sides.every(
            (side) => side.writes === 3 && side.reads.length > 0 && side.reads.length < side.writes,
          )
            ? 'yes'
            : 'no',
        },
      ],
      pass: sides.every(
        (side) => side.writes === 3 && side.reads.length > 0 && side.reads.length < side.writes,
      ),
      expected: '3 writes, queued before reading, come out in fewer than 3 reads',
      observed: sides
        .map((side) => `${side.name}: ${side.writes} writes → ${side.reads.length} read(s)`)
        .join('; '),
      evidence: sides.map(
        (side) => `${side.name} reads: ${JSON.stringify(side.reads.map(String))}`,
      ),
    })
    const joined = sides.map((side) => Buffer.concat(side.reads))
    context.check({
      name: 'bytes-preserved',
      values: [
        {
          kind: 'bool',
          label: 'ordered | order',
          value: joined.every((bytes) => bytes.equals(expected)) ? 'yes' : 'no',
        },
      ],
      pass: joined.every((bytes) => bytes.equals(expected)),
      expected: `all ${expected.length} bytes arrive, in order: ${JSON.stringify(expected.toString())}`,
      observed: sides
        .map(
          (side, index) =>
            `${side.name}: ${joined[index]?.length} bytes ${joined[index]?.equals(expected) ? 'identical' : 'different'}`,
        )
        .join('; '),
      evidence: joined.map(
        (bytes, index) => `${sides[index]?.name}: ${JSON.stringify(bytes.toString())}`,
      ),
    })

    // How a program carries messages over the stream: its own framing and a read loop.
    const framing = (await context.runPeer('stream-framing.py', [])) as FramingReport
    const recovered = (framed: Framed) =>
      framed.reads.length < framedMessages.length &&
      framed.rest === 0 &&
      JSON.stringify(framed.messages) === JSON.stringify(framedMessages)
    const prefix = recovered(framing.prefix)
    const delimiter = recovered(framing.delimiter)
    // The kernel keeps no boundary of its own: bare sends with MSG_EOR come out merged too.
    const eorMerged =
      framing.eor.errors.length > 0 ||
      (framing.eor.reads.length < framedMessages.length &&
        framing.eor.reads.join('') === framedMessages.join(''))
    const big = framing.big
    const inParts = big.whole && big.reads.length > 1 && (big.reads[0] ?? 0) < big.size
    const framingText = (framed: Framed) =>
      `${framedMessages.length} sends → ${framed.reads.length} read(s) of ${framed.reads.join(', ')} B → ${JSON.stringify(framed.messages)}`
    context.log(`length prefix: ${framingText(framing.prefix)}`)
    context.log(`newline delimiter: ${framingText(framing.delimiter)}`)
    context.log(
      `bare with MSG_EOR: ${framing.eor.errors.length > 0 ? framing.eor.errors.join(', ') : `${framing.eor.reads.length} read(s): ${JSON.stringify(framing.eor.reads)}`}`,
    )
    context.log(`${big.size} B message: ${big.reads.length} reads (${big.reads.join(', ')} B)`)
    context.check({
      name: 'framing-recovers-messages',
      values: [
        { kind: 'bool', label: 'length prefix', value: prefix ? 'yes' : 'no' },
        { kind: 'bool', label: 'delimiter', value: delimiter ? 'yes' : 'no' },
        {
          kind: 'bool',
          label: 'frame them yourself | must frame its messages',
          value: eorMerged ? 'yes' : 'no',
        },
      ],
      pass: prefix && delimiter && eorMerged,
      expected:
        "3 messages sent one send() each and read late come out merged, and the reader's loop splits them back by their length prefixes, and by their newline delimiters; bare sends with MSG_EOR stay merged",
      observed: `prefix: ${framingText(framing.prefix)}; delimiter: ${framingText(framing.delimiter)}; MSG_EOR: ${framing.eor.errors.length > 0 ? framing.eor.errors.join(', ') : JSON.stringify(framing.eor.reads)}`,
      evidence: [
        `length-prefixed reads (bytes): ${framing.prefix.reads.join(', ')}; left over: ${framing.prefix.rest} B`,
        `newline-delimited reads (bytes): ${framing.delimiter.reads.join(', ')}; left over: ${framing.delimiter.rest} B`,
        `send(MSG_EOR) results: ${framing.eor.errors.length > 0 ? framing.eor.errors.join(', ') : `${framing.eor.sends.join(', ')} B sent`}; reads: ${JSON.stringify(framing.eor.reads)}`,
      ],
    })
    // A fact of its own: a card that says a read may hold part of a message rests on it, one
    // that names the framing alone (10:71) does not.
    context.check({
      name: 'message-in-parts',
      values: [{ kind: 'bool', label: 'part of a message', value: inParts ? 'yes' : 'no' }],
      pass: inParts,
      expected: `a ${big.size}-byte message written in two halves, the second after the reader's first read, comes in several reads though the reader asks for twice its size, and the loop collects it whole`,
      observed: `${big.size} B in ${big.reads.length} reads${big.whole ? ', whole' : ', not whole'}`,
      evidence: [
        `SO_SNDBUF ${big.sndbuf}; reads of the ${big.size} B message (bytes): ${big.reads.join(', ')}`,
      ],
    })
  },
}

export default lab
