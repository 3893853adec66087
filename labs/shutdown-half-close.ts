import { join } from 'node:path'
import { unwrap } from '../src/labs/kit/outcome.js'
import { closeServer, listen } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

/** What one `how` of shutdown() did on a fresh socketpair (shutdown-hows.py). */
interface HowReport {
  request: string
  serverReads: string
  replySend: string
  clientReads: string
}

interface ClientReport {
  reply: string
  lateSend: string | null
  /** How a child with SIGPIPE at its default action ended after its own late send. */
  defaultSend: string
}

const lab: LabDefinition = {
  id: 'shutdown-half-close',
  title: 'shutdown(SHUT_WR): the peer reads EOF and can still reply',
  summary:
    'A python3 client sends a request and calls shutdown(SHUT_WR). The Node server (allowHalfOpen) sees end-of-file, and only then sends its reply — the other direction is still open, and the client reads it. A send from the client after its own shutdown fails with EPIPE, and kills a sender that has not ignored SIGPIPE. Of the three hows (SHUT_RD, SHUT_WR, SHUT_RDWR), tried each on a fresh socketpair, only SHUT_WR lets the peer read EOF and still reply.',
  requires: ['linux', 'python3'],
  checks: [
    'peer-reads-eof',
    'reply-after-shutdown',
    'send-after-shutdown-epipe',
    'send-after-shutdown-sigpipe',
    'shutdown-vs-close',
    'half-close-how',
  ],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'half-close.sock')
    let request = ''
    let sawEof = false
    const server = unwrap(
      await listen(path, {
        allowHalfOpen: true,
        onConnection: (connection) => {
          connection.on('data', (chunk) => {
            request += chunk.toString()
          })
          connection.on('end', () => {
            sawEof = true
            // The reply is written after EOF: this is what a half-close allows.
            connection.write(`reply:${request}\n`)
          })
          connection.on('error', () => {})
          context.defer(() => connection.destroy())
        },
      }),
    )
    context.defer(() => closeServer(server))
    context.log(`Node server (allowHalfOpen) listening on ${path}`)

    const report = (await context.runPeer('shutdown-half-close.py', [path])) as ClientReport
    context.log(`server read ${JSON.stringify(request)} then EOF: ${sawEof}`)
    context.log(
      `client got ${JSON.stringify(report.reply)}; send after shutdown → ${report.lateSend}`,
    )

    context.check({
      name: 'peer-reads-eof',
      values: [
        {
          kind: 'bool',
          label: 'end-of-file',
          value: sawEof && request === 'request' ? 'yes' : 'no',
        },
      ],
      pass: sawEof && request === 'request',
      expected: "the server reads the request, then EOF ('end')",
      observed: `read ${JSON.stringify(request)}, EOF ${sawEof ? 'seen' : 'not seen'}`,
      evidence: [`bytes before EOF: ${Buffer.byteLength(request)}`],
    })
    context.check({
      name: 'reply-after-shutdown',
      values: [
        {
          kind: 'bool',
          label: 'can still send',
          value: sawEof && report.reply === 'reply:request\n' ? 'yes' : 'no',
        },
      ],
      pass: sawEof && report.reply === 'reply:request\n',
      expected: 'the client still reads the reply the server sent after EOF',
      observed: `client read ${JSON.stringify(report.reply)}`,
      evidence: [`reply bytes: ${Buffer.byteLength(report.reply)}`],
    })
    context.check({
      name: 'send-after-shutdown-epipe',
      pass: report.lateSend === 'EPIPE',
      expected: 'EPIPE: the client shut down its own sending side',
      observed: report.lateSend ?? 'the send succeeded',
      evidence: [`send() after shutdown(SHUT_WR) → ${report.lateSend}`],
      value: report.lateSend ?? 'sent',
    })
    // python3 ignores SIGPIPE; a C program does not, and its own shutdown is no shelter.
    context.check({
      name: 'send-after-shutdown-sigpipe',
      pass: report.defaultSend === 'SIGPIPE',
      expected:
        'a sender with the default SIGPIPE action is killed by SIGPIPE on a send after its own shutdown(SHUT_WR), as on a write to a closed peer',
      observed: report.defaultSend.startsWith('SIG')
        ? `killed by ${report.defaultSend}`
        : `not killed: ${report.defaultSend}`,
      evidence: [
        `python3 child, SIGPIPE at SIG_DFL, send() after shutdown(SHUT_WR) → ${report.defaultSend}`,
      ],
      value: report.defaultSend,
      values: [
        { kind: 'name', value: report.defaultSend },
        {
          kind: 'bool',
          label: 'kills | killed | terminates',
          value: report.defaultSend === 'SIGPIPE' ? 'yes' : 'no',
        },
      ],
    })

    // Two descriptors for one end: close() of one is not the end; shutdown() is.
    const both = (await context.runPeer('fd-lifetimes.py', ['shutdown-close'])) as Record<
      string,
      string
    >
    const differs = both.afterCloseOfOneCopy === 'no EOF' && both.afterShutdown === 'EOF'
    context.check({
      name: 'shutdown-vs-close',
      pass: differs,
      expected:
        'with a dup()ed descriptor still open, close() gives the peer no EOF; shutdown(SHUT_WR) on the other descriptor does',
      observed: `after close() of one descriptor: ${both.afterCloseOfOneCopy}; after shutdown() of the other: ${both.afterShutdown}`,
      evidence: [`python3 socketpair + dup: ${JSON.stringify(both)}`],
      values: [
        {
          kind: 'bool',
          label: 'only drops one descriptor',
          value: differs ? 'yes' : 'no',
          about: 'close()',
          contrast: 'shutdown()',
        },
        {
          kind: 'bool',
          label: 'for every descriptor',
          value: differs ? 'yes' : 'no',
          about: 'shutdown()',
          contrast: 'close()',
        },
      ],
    })

    // Which how is the half-close: the kernel's answer, not the how the client above used.
    const hows = (await context.runPeer('shutdown-hows.py', [])) as Record<string, HowReport>
    const halfCloses = Object.entries(hows)
      .filter(([, how]) => how.serverReads === 'EOF' && how.clientReads === 'reply')
      .map(([name]) => name)
    for (const [name, how] of Object.entries(hows)) {
      context.log(
        `shutdown(${name}): server then reads ${how.serverReads}, its reply is ${how.replySend}, the client reads ${how.clientReads}`,
      )
    }
    context.check({
      name: 'half-close-how',
      pass: halfCloses.length === 1 && halfCloses[0] === 'SHUT_WR',
      expected:
        'of SHUT_RD, SHUT_WR and SHUT_RDWR, only after SHUT_WR does the peer read EOF and the client still read its reply',
      observed: `half-closes (EOF at the peer, reply read): ${halfCloses.join(', ') || 'none'}`,
      evidence: Object.entries(hows).map(
        ([name, how]) =>
          `${name}: server recv after the request -> ${how.serverReads}; server send -> ${how.replySend}; client recv -> ${how.clientReads}`,
      ),
      values: [{ kind: 'name', value: halfCloses.join(' and ') || 'none' }],
    })
  },
}

export default lab
