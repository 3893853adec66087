import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'
import {
  describeOutcome,
  procNetUnixLines,
  startInteractivePeer,
  tryConnect,
} from './support/c-sockets.js'

interface AcceptReport {
  clientAddress: string
  clientAddressLength: number
  serverSideName: string
}

const lab: LabDefinition = {
  id: 'server-workflow',
  title: 'A server is socket → bind → listen → accept; bind alone refuses clients',
  summary:
    'A python3 server takes its steps one at a time. After socket() and bind() the file exists but a Node client is refused (ECONNREFUSED): only listen() makes the socket accept connections. After listen() the same client connects, and accept() reports the client address as unnamed (empty), because the client never called bind().',
  requires: ['linux', 'python3'],
  checks: ['bind-without-listen-refused', 'listen-then-connect', 'client-unnamed'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'workflow.sock')
    const peer = await startInteractivePeer(context.spawn, 'server-workflow.py', [path])
    context.defer(() => peer.process.kill())
    context.defer(() => rm(path, { force: true }))
    const bound = await procNetUnixLines(path)
    context.log(`python3 server: socket() + bind(${path}), not listening yet`)

    const early = await tryConnect({ path })
    if (early.outcome === 'connected') early.socket.destroy()
    context.log(`connect before listen() → ${describeOutcome(early)}`)
    context.check({
      name: 'bind-without-listen-refused',
      pass: early.outcome === 'error' && early.code === 'ECONNREFUSED',
      expected: 'ECONNREFUSED: bound is not listening',
      observed: describeOutcome(early),
      // /proc/net/unix column 4 holds the flags: 00000000 while only bound, 00010000 once listening.
      evidence: bound.map((line) => `after bind ${line}`),
      value: early.outcome === 'error' ? early.code : 'connected',
    })

    peer.process.stdin?.write('listen\n')
    await peer.nextLine((line) => line === 'LISTENING')
    const listening = await procNetUnixLines(path)
    const late = await tryConnect({ path })
    context.log(`connect after listen() → ${describeOutcome(late)}`)
    const reportLine = await peer.nextLine((line) => line.startsWith('{'))
    const report = JSON.parse(reportLine) as AcceptReport
    if (late.outcome === 'connected') late.socket.destroy()
    context.check({
      name: 'listen-then-connect',
      values: [
        {
          kind: 'order',
          value:
            early.outcome === 'error' && late.outcome === 'connected'
              ? 'listen < accept'
              : 'accept < listen',
        },
      ],
      pass: early.outcome === 'error' && late.outcome === 'connected',
      expected: 'refused before listen(), connected after listen() (and accepted)',
      observed: `before: ${describeOutcome(early)}; after: ${describeOutcome(late)}`,
      evidence: [
        ...listening.map((line) => `after listen ${line}`),
        `accept() report: ${reportLine}`,
      ],
    })
    context.check({
      name: 'client-unnamed',
      values: [
        {
          kind: 'bool',
          label: 'unnamed',
          value: late.outcome === 'connected' && report.clientAddressLength === 0 ? 'yes' : 'no',
        },
      ],
      pass: late.outcome === 'connected' && report.clientAddressLength === 0,
      expected: "accept() reports the client's address as unnamed (empty): it never bound",
      observed: `client address ${JSON.stringify(report.clientAddress)} (${report.clientAddressLength} bytes); server side ${JSON.stringify(report.serverSideName)}`,
      evidence: [`accept() report: ${reportLine}`],
    })
  },
}

export default lab
