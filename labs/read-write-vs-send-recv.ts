import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'

interface CallsReport {
  writeThenRecv: string
  sendThenRead: string
  sendWithoutAddress: string | null
  sendtoReceived: string
  recvfromAddress: string
  /** What the sender got back when the receiver replied to the recvfrom() address. */
  reply: string
  replyFrom: string
  /** A datagram from a second, separately bound sender to the same receiver. */
  secondReceived: string
  secondFrom: string
  /** A datagram from a client that never bound: its address (null: unnamed). */
  unboundReceived: string
  unboundFrom: string | null
  /** listen() and accept() on the bound datagram socket: null, or the errno name. */
  listen: string | null
  accept: string | null
  /** Each flag beside the same call without it, on a blocking stream socketpair. */
  flags: {
    nonblockingBefore: boolean
    nonblockingAfter: boolean
    /** recv(MSG_DONTWAIT) with nothing queued, and how long it took. */
    dontwait: string | null
    /** The fastest of `dontwaitTries` calls (load only adds time). */
    dontwaitSeconds: number
    dontwaitTries: number
    /** A plain recv() with nothing queued (SO_RCVTIMEO 0.3 s), and how long it waited. */
    plain: string | null
    plainSeconds: number
    peeked: string
    afterPeek: string
    /** recv(MSG_DONTWAIT) after the plain recv() that followed the peek. */
    afterPlain: string | null
    /** How a child with SIGPIPE at its default ended after writing to a broken stream. */
    nosignal: string
    write: string
  }
}

const lab: LabDefinition = {
  id: 'read-write-vs-send-recv',
  title:
    'read/write and send/recv are the same with flags 0; the flags and addresses are what they add',
  summary:
    'A python3 peer uses a connected stream socketpair: bytes written with write() are read with recv(), bytes sent with send() are read with read() — with flags 0 the calls are interchangeable. What send()/recv() add are per-call flags, each tried beside the same call without it: recv(MSG_DONTWAIT) returns EAGAIN at once on a blocking socket where a plain recv() waits, recv(MSG_PEEK) leaves the bytes queued, and send(MSG_NOSIGNAL) on a broken stream returns EPIPE where write() kills the process with SIGPIPE. On datagram sockets the address matters: send() on an unconnected socket fails, sendto() names the destination and recvfrom() reports who sent it. The datagram receiver is a server without listen() or accept() (both fail with EOPNOTSUPP), and a client that never bound cannot be replied to.',
  requires: ['linux', 'python3'],
  checks: [
    'write-then-recv',
    'send-then-read',
    'sendto-needs-address',
    'recvfrom-address-replies',
    'one-socket-many-peers',
    'per-call-flags',
    'dgram-server-calls',
  ],
  serve: null,
  async run(context) {
    const receiverPath = join(context.dir, 'receiver.sock')
    const senderPath = join(context.dir, 'sender.sock')
    const otherPath = join(context.dir, 'other.sock')
    const report = (await context.runPeer('read-write-vs-send-recv.py', [
      receiverPath,
      senderPath,
      otherPath,
    ])) as CallsReport
    context.log(`write() → recv(): ${JSON.stringify(report.writeThenRecv)}`)
    context.log(`send() → read(): ${JSON.stringify(report.sendThenRead)}`)
    context.log(`datagram send() without an address → ${report.sendWithoutAddress ?? 'sent'}`)
    context.log(
      `sendto(receiver) → recvfrom: ${JSON.stringify(report.sendtoReceived)} from ${JSON.stringify(report.recvfromAddress)}`,
    )

    // With flags 0 the calls are interchangeable: each pair reads back exactly what was written.
    const exchanges = [
      {
        name: 'write-then-recv',
        sent: 'written with write()',
        got: report.writeThenRecv,
        expected: 'recv() returns exactly the bytes write() sent',
      },
      {
        name: 'send-then-read',
        sent: 'sent with send()',
        got: report.sendThenRead,
        expected: 'read() returns exactly the bytes send() sent',
      },
    ]
    for (const { name, sent, got, expected } of exchanges) {
      context.check({
        name,
        values: [
          { kind: 'bool', label: 'like | identical', value: got === sent ? 'yes' : 'no' },
          { kind: 'number', label: 'flags', value: '0', input: true },
        ],
        pass: got === sent,
        expected,
        observed: JSON.stringify(got),
        evidence: [`bytes: ${Buffer.byteLength(got)}`],
      })
    }
    context.check({
      name: 'sendto-needs-address',
      values: [
        {
          kind: 'bool',
          // What sendto()/recvfrom() do with addresses, not the topic word `address` alone.
          label:
            "sender's address | sender address | names the destination | address given with | names the sender",
          value:
            report.sendWithoutAddress !== null &&
            report.sendtoReceived === 'addressed' &&
            report.recvfromAddress === senderPath
              ? 'yes'
              : 'no',
        },
      ],
      pass:
        report.sendWithoutAddress !== null &&
        report.sendtoReceived === 'addressed' &&
        report.recvfromAddress === senderPath,
      expected:
        'send() on an unconnected datagram socket fails; sendto() delivers and recvfrom() names the sender',
      observed: `send() → ${report.sendWithoutAddress ?? 'sent'}; recvfrom() got ${JSON.stringify(report.sendtoReceived)} from ${JSON.stringify(report.recvfromAddress)}`,
      evidence: [
        `send() errno: ${report.sendWithoutAddress}`,
        `sender bound at ${senderPath}`,
        `recvfrom address: ${report.recvfromAddress}`,
      ],
    })
    const replied = report.reply === 'reply' && report.replyFrom === receiverPath
    context.check({
      name: 'recvfrom-address-replies',
      values: [
        {
          kind: 'bool',
          label: 'can reply',
          value: replied ? 'yes' : 'no',
          // The receiver replies to the address recvfrom() gave it; the sender gets the reply.
          about: 'receiver | receivers',
          contrast: 'sender | senders',
        },
      ],
      pass: replied,
      expected:
        'the receiver sendto()s the address recvfrom() reported, and the original sender receives it',
      observed: `sender got ${JSON.stringify(report.reply)} from ${JSON.stringify(report.replyFrom)}`,
      evidence: [`recvfrom address: ${report.recvfromAddress}`, `reply from: ${report.replyFrom}`],
    })
    const many =
      report.recvfromAddress === senderPath &&
      report.secondReceived === 'from another peer' &&
      report.secondFrom === otherPath
    context.check({
      name: 'one-socket-many-peers',
      values: [{ kind: 'bool', label: 'can talk to many peers', value: many ? 'yes' : 'no' }],
      pass: many,
      expected:
        'one unconnected datagram socket exchanges datagrams with two peers, each named by its own address',
      observed: `from ${JSON.stringify(report.recvfromAddress)} and from ${JSON.stringify(report.secondFrom)}`,
      evidence: [
        `first: ${JSON.stringify(report.sendtoReceived)} from ${report.recvfromAddress}`,
        `second: ${JSON.stringify(report.secondReceived)} from ${report.secondFrom}`,
      ],
    })

    // What send()/recv() can do that write()/read() cannot: each flag beside the same call without it.
    const flags = report.flags
    const stillBlocking = !flags.nonblockingBefore && !flags.nonblockingAfter
    const dontwait =
      stillBlocking &&
      flags.dontwait === 'EAGAIN' &&
      // Returned before the 0.3 s receive timeout could fire, where the plain recv() waited it
      // out: the fastest of several calls, so a busy machine's one slow call does not count.
      flags.dontwaitSeconds < 0.25 &&
      flags.plain === 'EAGAIN' &&
      flags.plainSeconds >= 0.25
    const peek =
      flags.peeked === 'peek at me' &&
      flags.afterPeek === 'peek at me' &&
      flags.afterPlain === 'EAGAIN'
    const nosignal = flags.nosignal === 'exit EPIPE' && flags.write === 'killed by SIGPIPE'
    context.log(
      `recv(MSG_DONTWAIT) → ${flags.dontwait ?? 'data'} in ${flags.dontwaitSeconds.toFixed(3)} s (fastest of ${flags.dontwaitTries}); recv() → ${flags.plain ?? 'data'} after ${flags.plainSeconds.toFixed(3)} s`,
    )
    context.log(
      `recv(MSG_PEEK) → ${JSON.stringify(flags.peeked)}, then recv() → ${JSON.stringify(flags.afterPeek)}, then ${flags.afterPlain ?? 'data'}`,
    )
    context.log(`broken stream: send(MSG_NOSIGNAL) → ${flags.nosignal}; write() → ${flags.write}`)
    context.check({
      name: 'per-call-flags',
      values: [
        { kind: 'name', value: 'MSG_DONTWAIT', input: true },
        { kind: 'name', value: 'MSG_PEEK', input: true },
        { kind: 'name', value: 'MSG_NOSIGNAL', input: true },
        // Each claim is its flag's: said of another flag (MSG_PEEK nonblocking), it is not confirmed.
        {
          kind: 'bool',
          label: 'nonblocking for this call | nonblocking for one call',
          value: dontwait ? 'yes' : 'no',
          about: 'MSG_DONTWAIT',
          contrast: 'MSG_PEEK | MSG_NOSIGNAL | MSG_TRUNC',
        },
        {
          kind: 'bool',
          label: 'without consuming | without removing',
          value: peek ? 'yes' : 'no',
          about: 'MSG_PEEK',
          contrast: 'MSG_DONTWAIT | MSG_NOSIGNAL | MSG_TRUNC',
        },
        // The send(MSG_NOSIGNAL) that returned EPIPE, in a child that a write() SIGPIPE kills.
        {
          kind: 'errno',
          label: 'send(MSG_NOSIGNAL) on a broken stream',
          about: 'MSG_NOSIGNAL',
          contrast: 'MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC',
          value: flags.nosignal.startsWith('exit E')
            ? flags.nosignal.slice('exit '.length)
            : 'none',
        },
        {
          kind: 'bool',
          label: 'without SIGPIPE',
          value: nosignal ? 'yes' : 'no',
          about: 'MSG_NOSIGNAL',
          contrast: 'MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC',
        },
      ],
      pass: dontwait && peek && nosignal,
      expected:
        'on a blocking stream socket recv(MSG_DONTWAIT) returns EAGAIN at once where recv() waits, recv(MSG_PEEK) leaves the bytes queued, and send(MSG_NOSIGNAL) on a broken stream returns EPIPE where write() is killed by SIGPIPE',
      observed: `MSG_DONTWAIT: ${flags.dontwait ?? 'data'} in ${flags.dontwaitSeconds.toFixed(3)} s, the fastest of ${flags.dontwaitTries} (plain: ${flags.plain ?? 'data'} after ${flags.plainSeconds.toFixed(3)} s); MSG_PEEK: ${JSON.stringify(flags.peeked)} still read after; MSG_NOSIGNAL: ${flags.nosignal} (write(): ${flags.write})`,
      evidence: [
        `O_NONBLOCK before/after recv(MSG_DONTWAIT): ${flags.nonblockingBefore}/${flags.nonblockingAfter}`,
        `after the peek, recv() → ${JSON.stringify(flags.afterPeek)}, then recv(MSG_DONTWAIT) → ${flags.afterPlain ?? 'data'}`,
        `child with SIGPIPE at SIG_DFL: send(MSG_NOSIGNAL) → ${flags.nosignal}; write() → ${flags.write}`,
      ],
    })

    // A datagram server: no listen(), no accept(); recvfrom() then sendto() that address.
    const noListen = report.listen === 'EOPNOTSUPP' && report.accept === 'EOPNOTSUPP'
    const unboundUnnamed = report.unboundReceived === 'from nowhere' && report.unboundFrom === null
    context.log(
      `datagram receiver: listen() → ${report.listen ?? 'ok'}, accept() → ${report.accept ?? 'ok'}; unbound client's datagram from ${JSON.stringify(report.unboundFrom)}`,
    )
    context.check({
      name: 'dgram-server-calls',
      values: [
        // Not a stream server's calls: "the same ones" says the opposite of `different ones`.
        {
          kind: 'bool',
          label: 'none of those | different calls | different ones',
          value: noListen ? 'yes' : 'no',
        },
        {
          kind: 'bool',
          label: 'back to that address | reply to that address',
          value: replied ? 'yes' : 'no',
        },
        {
          kind: 'bool',
          label:
            'must bind their own address | must bind its own address | must bind | need to bind | bind their own address',
          value: replied && unboundUnnamed ? 'yes' : 'no',
        },
      ],
      pass: noListen && replied && unboundUnnamed,
      expected:
        "on a bound datagram socket listen() and accept() fail with EOPNOTSUPP; recvfrom() gives a bound client's address and sendto() it reaches that client, while an unbound client's datagram comes with no address to reply to",
      observed: `listen() → ${report.listen ?? 'ok'}, accept() → ${report.accept ?? 'ok'}; reply from recvfrom()'s address: ${JSON.stringify(report.reply)}; unbound client's address: ${JSON.stringify(report.unboundFrom)}`,
      evidence: [
        `listen(): ${report.listen ?? 'succeeded'}`,
        `accept(): ${report.accept ?? 'succeeded'}`,
        `recvfrom() of the bound sender: ${report.recvfromAddress}; its reply from ${report.replyFrom}`,
        `recvfrom() of the unbound client: ${JSON.stringify(report.unboundReceived)} from ${JSON.stringify(report.unboundFrom)}`,
      ],
    })
  },
}

export default lab
