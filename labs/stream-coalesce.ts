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

const lab: LabDefinition = {
  id: 'stream-coalesce',
  title: 'Stream writes coalesce: a byte stream keeps no message boundaries',
  summary:
    'Three separate writes on a SOCK_STREAM Unix socket, all queued before the reader reads, arrive as fewer reads (here one): the stream keeps the bytes and their order but not the boundaries. Shown both ways: Node writes, an independent python3 reader reads late; python3 writes, a paused Node reader reads late.',
  requires: ['linux', 'python3'],
  checks: ['writes-coalesce', 'bytes-preserved'],
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
    context.defer(() => closeServer(server))
    const writer = (await context.runPeer('stream-coalesce-writer.py', [
      'stream',
      path,
      ...messages.map((message) => message.toString('hex')),
    ])) as WriterResult
    const [socket] = await accepted
    context.defer(() => socket.destroy())
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
  },
}

export default lab
