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
}

const lab: LabDefinition = {
  id: 'read-write-vs-send-recv',
  title: 'read/write and send/recv are the same on a connected socket',
  summary:
    'A python3 peer uses a connected stream socketpair: bytes written with write() are read with recv(), bytes sent with send() are read with read() — with flags 0 the calls are interchangeable. On datagram sockets the address matters: send() on an unconnected socket fails, sendto() names the destination and recvfrom() reports who sent it.',
  requires: ['linux', 'python3'],
  checks: [
    'write-then-recv',
    'send-then-read',
    'sendto-needs-address',
    'recvfrom-address-replies',
    'one-socket-many-peers',
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
  },
}

export default lab
