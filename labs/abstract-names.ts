/**
 * Lab: abstract socket names (sun_path starting with a NUL byte) live in a
 * kernel namespace, not the file system. Their length is part of the name,
 * so an independent python3 peer with the exact length is the reference;
 * Node 20 binds with the full 108-byte sun_path (the name padded with NULs),
 * which the lab records as observed.
 */
import { readdir } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { isAbsolute } from 'node:path'
import { waitForExit } from '../src/labs/kit/children.js'
import { procNetUnixRows, type UnixSocketRow } from '../src/labs/kit/evidence.js'
import { cardNodeMajor, judgedOnThisNode, nodeMajor } from '../src/labs/kit/node-version.js'
import type { Outcome } from '../src/labs/kit/outcome.js'
import { closeServer, connect, listen } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ConnectAttempt {
  connected: boolean
  echo?: string | undefined
  errno?: string | undefined
  addressBytes: number
}

interface ClientReport {
  exact: ConnectAttempt
  padded: ConnectAttempt
}

interface BindReport {
  bound: boolean
  errno?: string | undefined
  sockname?: string | undefined
}

/** `/proc/net/unix` rows whose address column starts with `@name` (padding shows as trailing `@`). */
async function abstractRows(name: string): Promise<UnixSocketRow[]> {
  return (await procNetUnixRows()).filter(
    (row) => row.address === `@${name}` || row.address.startsWith(`@${name}@`),
  )
}

function attemptText(attempt: ConnectAttempt): string {
  const outcome = attempt.connected
    ? `connected, echo ${JSON.stringify(attempt.echo)}`
    : `refused with ${attempt.errno}`
  return `${attempt.addressBytes}-byte sun_path: ${outcome}`
}

function outcomeText(outcome: Outcome<unknown>): string {
  return outcome.ok ? 'connected' : `failed with ${outcome.errno}`
}

const lab: LabDefinition = {
  id: 'abstract-names',
  title: 'Abstract socket names: no file, @name in /proc/net/unix, length is significant',
  summary:
    'An independent python3 server listens on an abstract name (leading NUL, exact length): no file appears, /proc/net/unix lists it as @name, a python3 client using the exact length connects while the same name padded with NULs to 108 bytes is refused, and once the server closes the name can be bound again at once. A Node 20 server on "\\0name" is recorded as it is: the kernel table shows the name padded to 108 bytes, so only the padded address reaches it.',
  requires: ['linux', 'python3'],
  checks: [
    'no-file-created',
    'proc-net-unix-at',
    'exact-length-peer',
    'name-released-on-close',
    'node-pads-name',
  ],
  serve: null,
  async run(context) {
    const name = `decklab-${context.token}`
    const server = await context.startPeer('abstract-names.py', ['server', name])
    context.log(`python3 server listening on ${server.ready}`)

    const entries = await readdir(context.dir)
    const rows = await abstractRows(name)
    const exactRow = rows.find((row) => row.address === `@${name}`)
    context.check({
      name: 'no-file-created',
      pass: entries.length === 0 && exactRow !== undefined,
      expected: 'a listening abstract socket creates no file (the lab directory stays empty)',
      observed: `lab directory entries: ${entries.length === 0 ? 'none' : entries.join(', ')}; /proc/net/unix address ${exactRow?.address ?? 'not found'} is not a path`,
      evidence: [
        `readdir(lab directory, the peer's cwd) -> [${entries.join(', ')}]`,
        ...rows.map((row) => `/proc/net/unix: ${row.line}`),
      ],
      values: [{ kind: 'bool', label: 'no file', value: entries.length === 0 ? 'yes' : 'no' }],
    })
    context.check({
      name: 'proc-net-unix-at',
      pass: exactRow !== undefined && !isAbsolute(exactRow.address),
      expected: `/proc/net/unix lists the name as @${name}`,
      observed: rows.length > 0 ? rows.map((row) => row.address).join(', ') : 'no line',
      evidence: rows.map((row) => `/proc/net/unix: ${row.line}`),
      values: [
        {
          kind: 'bool',
          // The `@` the listing shows, not `leading NUL`, which a card showing another sign names too.
          label: 'an @ | @ in place of | shown with @',
          value: exactRow !== undefined && !isAbsolute(exactRow.address) ? 'yes' : 'no',
        },
      ],
    })

    const client = (await context.runPeer('abstract-names.py', ['client', name])) as ClientReport
    const nodeClient = await connect(`\0${name}`)
    if (nodeClient.ok) nodeClient.value.destroy()
    context.log(`python3 client, exact length: ${attemptText(client.exact)}`)
    context.log(`python3 client, padded: ${attemptText(client.padded)}`)
    context.log(`node client on "\\0${name}": ${outcomeText(nodeClient)}`)
    context.check({
      name: 'exact-length-peer',
      pass: client.exact.connected && client.exact.echo === 'ping' && !client.padded.connected,
      expected:
        'the exact-length name connects; the same name padded with NULs is a different name (refused)',
      observed: `exact: ${attemptText(client.exact)}; padded: ${attemptText(client.padded)}`,
      evidence: [
        `python3 client: ${JSON.stringify(client)}`,
        `node 20 net client to "\\0${name}" (pads to 108 bytes): ${outcomeText(nodeClient)}`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'exact length | reach',
          value: client.exact.connected && !client.padded.connected ? 'yes' : 'no',
          about: 'Python | exact-length',
          contrast: 'Node',
        },
      ],
    })

    const whileOpen = (await context.runPeer('abstract-names.py', ['bind', name])) as BindReport
    server.process.kill('SIGTERM')
    await waitForExit(server.process)
    const rowsAfter = await abstractRows(name)
    const afterClose = (await context.runPeer('abstract-names.py', ['bind', name])) as BindReport
    const bindText = (report: BindReport) =>
      report.bound ? `bind ok (${report.sockname})` : `bind failed with ${report.errno}`
    context.log(
      `bind while the server runs: ${bindText(whileOpen)}; after it closed: ${bindText(afterClose)}`,
    )
    context.check({
      name: 'name-released-on-close',
      pass:
        !whileOpen.bound &&
        whileOpen.errno === 'EADDRINUSE' &&
        rowsAfter.length === 0 &&
        afterClose.bound,
      expected:
        'while open the name is taken (EADDRINUSE); once the last socket closes it is gone and can be bound again with no unlink()',
      observed: `while open: ${bindText(whileOpen)}; after close: ${rowsAfter.length} /proc/net/unix line(s), ${bindText(afterClose)}`,
      values: [
        {
          kind: 'bool',
          label: 'disappears',
          value: rowsAfter.length === 0 && afterClose.bound ? 'yes' : 'no',
        },
      ],
      evidence: [
        `bind while open: ${JSON.stringify(whileOpen)}`,
        `/proc/net/unix after close: ${rowsAfter.map((row) => row.line).join(' | ') || 'no line'}`,
        `bind after close: ${JSON.stringify(afterClose)}`,
      ],
    })

    const nodeName = `decklab-node-${context.token}`
    const accepted: Socket[] = []
    const listening = await listen(`\0${nodeName}`, {
      onConnection: (socket) => {
        accepted.push(socket)
        socket.on('error', () => {})
        socket.pipe(socket)
      },
    })
    if (!listening.ok)
      throw new Error(`expected node to listen on an abstract name, got ${listening.errno}`)
    context.defer(async () => {
      for (const socket of accepted) socket.destroy()
      await closeServer(listening.value)
    })
    const nodeRows = await abstractRows(nodeName)
    const address = nodeRows[0]?.address ?? ''
    const padded =
      address.length > nodeName.length + 1 && /^@+$/.test(address.slice(nodeName.length + 1))
    const reach = (await context.runPeer('abstract-names.py', ['client', nodeName])) as ClientReport
    const addressBytes = address.length
    context.log(`node listens as ${JSON.stringify(address)} (${addressBytes} bytes)`)
    context.log(`python3 exact: ${attemptText(reach.exact)}; padded: ${attemptText(reach.padded)}`)
    // Either Node pads (only the padded address reaches it) or it binds the exact
    // length (only the exact one does); the observation must be consistent.
    const consistent = padded
      ? !reach.exact.connected && reach.padded.connected
      : address === `@${nodeName}` && reach.exact.connected && !reach.padded.connected
    const observed = `node ${process.version} bound ${padded ? `the name padded with NULs to ${addressBytes} bytes` : `the exact ${addressBytes}-byte name`}; python3 exact: ${attemptText(reach.exact)}; padded: ${attemptText(reach.padded)}`
    // The cards record Node 20 (libuv 1.46); libuv 1.48 binds the exact length.
    if (!judgedOnThisNode(context, 'node-pads-name', observed)) return
    context.check({
      name: 'node-pads-name',
      pass: address !== '' && consistent && padded,
      expected: `Node ${cardNodeMajor} binds "\\0name" padded with NULs to the 108 bytes of sun_path; only the padded address reaches it`,
      observed,
      evidence: [
        ...nodeRows.map((row) => `/proc/net/unix: ${row.line}`),
        `python3 client: ${JSON.stringify(reach)}`,
      ],
      value: padded ? 'padded' : 'exact',
      values: [
        {
          kind: 'bool',
          label: 'padded',
          value: padded ? 'yes' : 'no',
          about: 'Node',
          contrast: 'Python',
        },
        ...(padded
          ? [
              {
                kind: 'number' as const,
                label: 'bytes of sun_path',
                value: String(addressBytes),
                about: 'pads | padded | full | sun_path',
              },
            ]
          : []),
        ...(reach.exact.errno
          ? [{ kind: 'errno' as const, label: 'exact-length peer', value: reach.exact.errno }]
          : []),
        { kind: 'number', label: 'node major version', value: String(nodeMajor), about: 'Node' },
      ],
    })
  },
}

export default lab
