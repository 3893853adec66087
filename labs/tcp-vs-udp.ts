import dgram from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { outcomeText, unwrap } from '../src/labs/kit/outcome.js'
import { closeServer, connect, listen } from '../src/labs/kit/sockets.js'
import { requirementProblem } from '../src/labs/requirements.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'
import type { ObservedValue } from '../src/model/lab-result.js'

const messages = ['one', 'two', 'three']

/** A TCP port on 127.0.0.1 that was just free: listen on port 0, note the port, close. */
async function freshClosedPort(): Promise<number> {
  const server = unwrap(await listen({ host: '127.0.0.1', port: 0 }))
  const { port } = server.address() as AddressInfo
  await closeServer(server)
  return port
}

interface TypeTry {
  accepted: boolean
  errno?: string
  soType?: string | null
  soProtocol?: number
}

type TypesReport = Record<'TCP' | 'UDP', { protocol: number; tries: Record<string, TypeTry> }>

/**
 * Which socket type the kernel pairs each protocol with: a python3 peer asks
 * socket(AF_INET, type, IPPROTO_TCP or IPPROTO_UDP) for every type. The type
 * it accepts is the kernel's answer, not one the lab chose. Without python3
 * (not a requirement of this lab) the checks give the type the lab used, as
 * an input, and say why.
 */
async function kernelTypes(context: LabContext): Promise<TypesReport | string> {
  const problem = await requirementProblem('python3')
  if (problem) return problem
  return (await context.runPeer('ip-socket-types.py', [])) as TypesReport
}

function typeValue(
  report: TypesReport | string,
  protocol: 'TCP' | 'UDP',
  used: string,
): ObservedValue {
  if (typeof report === 'string') return { kind: 'name', value: used, input: true }
  const accepted = Object.entries(report[protocol].tries)
    .filter(([type, attempt]) => attempt.accepted && attempt.soType === type)
    .map(([type]) => type)
  return { kind: 'name', value: accepted.join(' and ') || 'none', about: protocol }
}

function typeEvidence(report: TypesReport | string, protocol: 'TCP' | 'UDP'): string {
  if (typeof report === 'string') return `the type the lab used, not the kernel's: ${report}`
  const tries = Object.entries(report[protocol].tries).map(([type, attempt]) =>
    attempt.accepted
      ? `${type}: accepted (SO_TYPE ${attempt.soType}, SO_PROTOCOL ${attempt.soProtocol})`
      : `${type}: ${attempt.errno}`,
  )
  return `socket(AF_INET, type, ${report[protocol].protocol}) for each type: ${tries.join('; ')}`
}

const lab: LabDefinition = {
  id: 'tcp-vs-udp',
  title:
    'TCP needs a listening peer and is a byte stream; UDP sends without a connection and keeps datagrams',
  summary:
    'Internet sockets on 127.0.0.1, for contrast with Unix sockets. A python3 peer asks the kernel for an AF_INET socket of each type with IPPROTO_TCP and with IPPROTO_UDP: it pairs TCP with SOCK_STREAM only and UDP with SOCK_DGRAM only. A TCP connect to a port nobody listens on is refused (ECONNREFUSED); three corked TCP writes arrive as fewer reads. A UDP socket sends to a receiver with no connection at all, and each send arrives as its own datagram.',
  requires: ['linux'],
  checks: [
    'tcp-connect-refused',
    'udp-sendto-no-connection',
    'udp-boundaries-kept',
    'tcp-coalesces',
  ],
  serve: null,
  async run(context) {
    const types = await kernelTypes(context)
    if (typeof types === 'string') context.log(`socket types: not asked of the kernel (${types})`)
    const closedPort = await freshClosedPort()
    const refused = await connect({ host: '127.0.0.1', port: closedPort })
    if (refused.ok) refused.value.destroy()
    context.log(
      `TCP connect to 127.0.0.1:${closedPort} (nobody listening) → ${outcomeText(refused)}`,
    )
    context.check({
      name: 'tcp-connect-refused',
      pass: !refused.ok && refused.errno === 'ECONNREFUSED',
      expected: 'ECONNREFUSED: TCP needs a listening peer',
      observed: outcomeText(refused),
      evidence: [
        `port ${closedPort} was listened on and closed just before`,
        !refused.ok ? `error: ${refused.error.message}` : 'connected',
      ],
      value: outcomeText(refused),
      values: [{ kind: 'errno', value: outcomeText(refused), about: 'TCP | port' }],
    })

    // UDP: a bound receiver; the sender never connects, it just addresses each datagram.
    const receiver = dgram.createSocket('udp4')
    const sender = dgram.createSocket('udp4')
    context.defer(() => receiver.close())
    context.defer(() => sender.close())
    receiver.bind(0, '127.0.0.1')
    await once(receiver, 'listening')
    const receiverPort = (receiver.address() as AddressInfo).port
    const received: Array<{ text: string; from: string }> = []
    const allReceived = new Promise<void>((resolve) => {
      receiver.on('message', (message, remote) => {
        received.push({ text: message.toString(), from: `${remote.address}:${remote.port}` })
        if (received.length === messages.length) resolve()
      })
    })
    const sendErrors: string[] = []
    for (const message of messages) {
      await new Promise<void>((resolve) =>
        sender.send(message, receiverPort, '127.0.0.1', (error) => {
          if (error) sendErrors.push(String((error as NodeJS.ErrnoException).code))
          resolve()
        }),
      )
    }
    await allReceived
    const senderPort = (sender.address() as AddressInfo).port
    context.log(
      `UDP: 3 sendto()s → ${received.map((entry) => JSON.stringify(entry.text)).join(', ')}`,
    )
    context.check({
      name: 'udp-sendto-no-connection',
      values: [
        {
          kind: 'bool',
          label: 'without any handshake | without any connection',
          value:
            sendErrors.length === 0 &&
            received.length === messages.length &&
            received.every((entry) => entry.from === `127.0.0.1:${senderPort}`)
              ? 'yes'
              : 'no',
        },
      ],
      pass:
        sendErrors.length === 0 &&
        received.length === messages.length &&
        received.every((entry) => entry.from === `127.0.0.1:${senderPort}`),
      expected: 'datagrams arrive with no connect()/accept(); each carries the sender address',
      observed: `${received.length} datagrams received from ${[...new Set(received.map((entry) => entry.from))].join(', ')}; send errors: ${sendErrors.length}`,
      evidence: [`receiver 127.0.0.1:${receiverPort}, sender 127.0.0.1:${senderPort}`],
    })
    context.check({
      name: 'udp-boundaries-kept',
      values: [typeValue(types, 'UDP', 'SOCK_DGRAM')],
      pass: JSON.stringify(received.map((entry) => entry.text)) === JSON.stringify(messages),
      expected: `three datagrams ${JSON.stringify(messages)}`,
      observed: JSON.stringify(received.map((entry) => entry.text)),
      evidence: [
        `datagram sizes: ${received.map((entry) => Buffer.byteLength(entry.text)).join(', ')}`,
        typeEvidence(types, 'UDP'),
      ],
    })

    // TCP control: the same three writes on a byte stream.
    const reads: string[] = []
    let serverSideDone!: () => void
    const serverSideClosed = new Promise<void>((resolve) => {
      serverSideDone = resolve
    })
    const server = unwrap(
      await listen(
        { host: '127.0.0.1', port: 0 },
        {
          onConnection: (connection) => {
            connection.on('data', (chunk) => reads.push(chunk.toString()))
            connection.on('end', () => {
              connection.end()
              serverSideDone()
            })
          },
        },
      ),
    )
    context.defer(() => closeServer(server))
    const client = await connect({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
    })
    if (!client.ok) throw new Error(`TCP control could not connect: ${client.errno}`)
    context.defer(() => client.value.destroy())
    // Corked: the three writes reach the kernel in one writev(); the stream keeps no record of them.
    client.value.cork()
    for (const message of messages) client.value.write(message)
    client.value.uncork()
    client.value.end()
    await serverSideClosed
    const joined = reads.join('')
    context.log(`TCP: 3 writes → ${reads.length} read(s): ${JSON.stringify(reads)}`)
    context.check({
      name: 'tcp-coalesces',
      values: [typeValue(types, 'TCP', 'SOCK_STREAM')],
      pass: joined === messages.join('') && reads.length < messages.length,
      expected: 'the same three writes arrive as fewer reads, bytes intact (no boundaries)',
      observed: `${reads.length} read(s): ${JSON.stringify(reads)}`,
      evidence: [
        `bytes written ${messages.join('').length}, bytes read ${joined.length}`,
        typeEvidence(types, 'TCP'),
      ],
    })
  },
}

export default lab
