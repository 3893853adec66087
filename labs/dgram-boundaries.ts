/**
 * dgram-boundaries: SOCK_DGRAM keeps each send as one message, delivers them
 * in order and (on Linux, for Unix sockets) never drops one; the same sends
 * on SOCK_STREAM coalesce (the negative control).
 */
import { join } from 'node:path'
import { sendDatagrams, startDelayedReader, writeStreamMessages } from '../src/labs/boundaries.js'
import type { LabDefinition } from '../src/labs/types.js'
import { loadUnixSocket } from '../src/labs/unix-socket.js'

interface SenderResult {
  sent?: number
  sends?: number[]
  error?: string
}

const count = 100

const lab: LabDefinition = {
  id: 'dgram-boundaries',
  title: 'Datagram sockets keep message boundaries, in order, without loss',
  summary:
    'Three datagrams of different sizes, all queued before anyone reads, are read back as three messages: from Node (node-unix-socket) to an independent python3 reader, and from python3 to a Node receiver. 100 numbered datagrams from python3 arrive in order with none missing (Unix datagrams are reliable: a full queue makes the sender wait, it does not drop). Control: the same three sends on SOCK_STREAM come out as fewer reads.',
  requires: ['linux', 'python3', 'node-unix-socket'],
  checks: ['boundaries-kept', 'in-order', 'reliable-no-loss', 'stream-control-coalesces'],
  serve: 'datagram',
  async run(context) {
    const { DgramSocket } = await loadUnixSocket()
    const messages = ['a', 'bb', `ccc-${context.token}`].map((text) => Buffer.from(text))

    // Node sends three datagrams; python3 reads only once all are queued.
    const reader = await startDelayedReader(context, 'dgram', 'dgram-reader')
    await sendDatagrams(reader.path, messages)
    const pythonReads = await reader.finish()
    context.log(
      `python3 read ${pythonReads.length} message(s): ${JSON.stringify(pythonReads.map(String))}`,
    )

    // python3 sends three datagrams and then 100 numbered ones to a Node receiver.
    const path = join(context.dir, 'receiver.sock')
    const receiver = new DgramSocket()
    const received: Array<{ data: Buffer; from: string }> = []
    let onMessage: (() => void) | undefined
    receiver.on('data', (data: Buffer, from: string) => {
      received.push({ data, from })
      onMessage?.()
    })
    receiver.on('error', (error: Error) => context.log(`receiver error: ${error.message}`))
    receiver.bind(path)
    context.defer(async () => {
      receiver.close()
      // node-unix-socket does not unlink its socket file on close.
      const { rm } = await import('node:fs/promises')
      await rm(path, { force: true })
    })
    const waitFor = (predicate: () => boolean) =>
      new Promise<void>((resolve) => {
        if (predicate()) return resolve()
        onMessage = () => {
          if (predicate()) {
            onMessage = undefined
            resolve()
          }
        }
      })

    const writer = (await context.runPeer('stream-coalesce-writer.py', [
      'dgram',
      path,
      ...messages.map((message) => message.toString('hex')),
    ])) as SenderResult
    await waitFor(() => received.length >= (writer.sends?.length ?? 0))
    const nodeReads = received.splice(0).map((entry) => entry.data)
    context.log(
      `Node received ${nodeReads.length} message(s): ${JSON.stringify(nodeReads.map(String))}`,
    )

    const sides = [
      { name: 'Node → python3', reads: pythonReads },
      { name: 'python3 → Node', reads: nodeReads, error: writer.error },
    ]
    const sameMessages = (reads: Buffer[]) =>
      reads.length === messages.length &&
      reads.every((read, index) => read.equals(messages[index]!))
    context.check({
      name: 'boundaries-kept',
      pass: sides.every((side) => !side.error && sameMessages(side.reads)),
      expected: `3 sends (${messages.map((m) => m.length).join(', ')} bytes), queued before reading, are read as 3 messages of the same sizes`,
      observed: sides
        .map(
          (side) =>
            `${side.name}: ${side.error ?? `${side.reads.length} read(s) of ${side.reads.map((r) => r.length).join(', ')} bytes`}`,
        )
        .join('; '),
      evidence: sides.map(
        (side) => `${side.name} reads: ${JSON.stringify(side.reads.map(String))}`,
      ),
    })

    const sender = (await context.runPeer('dgram-boundaries-sender.py', [
      path,
      String(count),
    ])) as SenderResult
    // END is sent last: once it is here, everything that will arrive has arrived.
    if (!sender.error)
      await waitFor(() => received.some((entry) => entry.data.toString() === 'END'))
    const numbers = received
      .map((entry) => entry.data.toString())
      .filter((text) => text !== 'END')
      .map(Number)
    const inOrder = numbers.every((number, index) => index === 0 || number > numbers[index - 1]!)
    const missing = Array.from({ length: count }, (_, index) => index).filter(
      (n) => !numbers.includes(n),
    )
    const outOfPlace = numbers.findIndex((number, index) => number !== index)
    context.log(
      `python3 sent ${sender.sent} numbered datagrams${sender.error ? ` (${sender.error})` : ''}; Node received ${numbers.length}`,
    )
    context.check({
      name: 'in-order',
      pass: numbers.length > 0 && inOrder,
      expected: `${count} numbered datagrams are received in the order sent`,
      observed: inOrder ? 'in order' : `out of order at position ${outOfPlace}`,
      evidence: [
        `received: ${numbers.slice(0, 12).join(',')}${numbers.length > 12 ? `,…,${numbers.slice(-3).join(',')}` : ''}`,
      ],
      value: inOrder && numbers.length > 0 ? 'in order' : 'out of order',
    })
    context.check({
      name: 'reliable-no-loss',
      pass: sender.sent === count && numbers.length === count && missing.length === 0,
      expected: `all ${count} datagrams arrive, none lost or duplicated`,
      observed: `${numbers.length} of ${sender.sent ?? 0} sent arrived; ${missing.length} missing`,
      evidence: [
        `sender: ${JSON.stringify(sender)}`,
        ...(missing.length > 0 ? [`missing: ${missing.slice(0, 20).join(',')}`] : []),
      ],
      value: String(numbers.length),
    })

    // Control: the same three sends on a stream socket, read late, merge.
    const streamReader = await startDelayedReader(context, 'stream', 'stream-reader')
    await writeStreamMessages(streamReader.path, messages)
    const streamReads = await streamReader.finish()
    const streamBytes = Buffer.concat(streamReads)
    context.check({
      name: 'stream-control-coalesces',
      pass:
        streamReads.length > 0 &&
        streamReads.length < messages.length &&
        streamBytes.equals(Buffer.concat(messages)),
      expected: `the same ${messages.length} sends on SOCK_STREAM come out as fewer reads (boundaries lost)`,
      observed: `${streamReads.length} read(s): ${JSON.stringify(streamReads.map(String))}`,
      evidence: [`stream reads: ${JSON.stringify(streamReads.map(String))}`],
    })
  },
}

export default lab
