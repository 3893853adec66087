import type { LabDefinition } from '../src/labs/types.js'

interface FifoReport {
  fifo: { mode: string; sharedRead: string; writeReadEnd: string | null }
  socket: { mode: string; perConnection: string[]; replies: string[] }
}

const lab: LabDefinition = {
  id: 'fifo-vs-socket',
  title:
    'A FIFO is a named one-way pipe shared by all writers; a socket gives each client a channel',
  summary:
    'A python3 peer creates a FIFO (mkfifo) and a listening Unix socket in the same directory. Both have a path (file types p and s). Two writers on the FIFO land in one byte stream the reader cannot tell apart, and the read end cannot be written back. The socket server accepts a separate connection per client and answers each one on it.',
  requires: ['linux', 'python3'],
  checks: ['fifo-has-path', 'fifo-one-way', 'fifo-no-per-client-channel'],
  serve: null,
  async run(context) {
    const report = (await context.runPeer('fifo-vs-socket.py', [context.dir])) as FifoReport
    const { fifo, socket } = report
    context.log(`fifo mode ${fifo.mode}; socket mode ${socket.mode}`)
    context.log(`fifo reader got ${JSON.stringify(fifo.sharedRead)} from two writers`)
    context.log(`socket server got ${JSON.stringify(socket.perConnection)} on separate connections`)

    context.check({
      name: 'fifo-has-path',
      values: [
        {
          kind: 'bool',
          label: 'path',
          value: fifo.mode.startsWith('p') && socket.mode.startsWith('s') ? 'yes' : 'no',
        },
      ],
      pass: fifo.mode.startsWith('p') && socket.mode.startsWith('s'),
      expected: 'both a FIFO and a socket are names in the file system (type p and type s)',
      observed: `fifo ${fifo.mode}, socket ${socket.mode}`,
      evidence: [`stat fifo: ${fifo.mode}`, `stat socket: ${socket.mode}`],
    })
    context.check({
      name: 'fifo-one-way',
      pass: fifo.writeReadEnd === 'EBADF',
      expected: 'the reader cannot write back through the FIFO (EBADF on its read-only end)',
      observed: `write on the read end → ${fifo.writeReadEnd ?? 'written'}`,
      evidence: [`errno: ${fifo.writeReadEnd}`],
      value: fifo.writeReadEnd ?? 'written',
    })
    const expectedSocketReplies = ['reply to from-1;', 'reply to from-2;']
    context.check({
      name: 'fifo-no-per-client-channel',
      values: [
        {
          kind: 'bool',
          label: 'per-client connection',
          value:
            fifo.sharedRead === 'from-1;from-2;' &&
            socket.perConnection.length === 2 &&
            JSON.stringify(socket.replies) === JSON.stringify(expectedSocketReplies)
              ? 'no'
              : 'yes',
        },
        {
          kind: 'bool',
          label: 'cannot tell',
          value: fifo.sharedRead === 'from-1;from-2;' ? 'yes' : 'no',
        },
      ],
      pass:
        fifo.sharedRead === 'from-1;from-2;' &&
        socket.perConnection.length === 2 &&
        JSON.stringify(socket.replies) === JSON.stringify(expectedSocketReplies),
      expected:
        "two FIFO writers' bytes arrive as one stream with no sender; two socket clients get two connections and their own replies",
      observed: `fifo read ${JSON.stringify(fifo.sharedRead)} in one read(); socket connections ${JSON.stringify(socket.perConnection)}, replies ${JSON.stringify(socket.replies)}`,
      evidence: [
        `fifo bytes: ${Buffer.byteLength(fifo.sharedRead)}`,
        `socket connections accepted: ${socket.perConnection.length}`,
      ],
    })
  },
}

export default lab
