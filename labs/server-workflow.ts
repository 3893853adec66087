import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { nextLine } from '../src/labs/kit/children.js'
import { procNetUnixEvidence } from '../src/labs/kit/evidence.js'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

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
    // Removed even when the run is stopped while the peer starts: it binds it before it is ready.
    context.defer(() => rm(path, { force: true }))
    const peer = await context.startPeer('server-workflow.py', [path], { stdin: true })
    context.defer(() => peer.process.kill())
    const bound = await procNetUnixEvidence(path)
    context.log(`python3 server: socket() + bind(${path}), not listening yet`)

    const early = await connect(path)
    if (early.ok) early.value.destroy()
    context.log(`connect before listen() → ${outcomeText(early)}`)
    context.check({
      name: 'bind-without-listen-refused',
      pass: !early.ok && early.errno === 'ECONNREFUSED',
      expected: 'ECONNREFUSED: bound is not listening',
      observed: outcomeText(early),
      // /proc/net/unix column 4 holds the flags: 00000000 while only bound, 00010000 once listening.
      evidence: bound.map((line) => `after bind ${line}`),
      value: outcomeText(early),
    })

    peer.process.stdin?.write('listen\n')
    await nextLine(peer.lines, (line) => line === 'LISTENING')
    const listening = await procNetUnixEvidence(path)
    const late = await connect(path)
    context.log(`connect after listen() → ${outcomeText(late)}`)
    const reportLine = await nextLine(peer.lines, (line) => line.startsWith('{'))
    const report = JSON.parse(reportLine) as AcceptReport
    if (late.ok) late.value.destroy()
    context.check({
      name: 'listen-then-connect',
      values: [
        {
          kind: 'order',
          value: !early.ok && late.ok ? 'listen < accept' : 'accept < listen',
        },
      ],
      pass: !early.ok && late.ok,
      expected: 'refused before listen(), connected after listen() (and accepted)',
      observed: `before: ${outcomeText(early)}; after: ${outcomeText(late)}`,
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
          value: late.ok && report.clientAddressLength === 0 ? 'yes' : 'no',
        },
      ],
      pass: late.ok && report.clientAddressLength === 0,
      expected: "accept() reports the client's address as unnamed (empty): it never bound",
      observed: `client address ${JSON.stringify(report.clientAddress)} (${report.clientAddressLength} bytes); server side ${JSON.stringify(report.serverSideName)}`,
      evidence: [`accept() report: ${reportLine}`],
    })
  },
}

export default lab
