/**
 * go-sockets: a Go peer, built with `go build` at run time, shows which socket
 * type each of Go's network names creates (asked with getsockopt SO_TYPE) and
 * how Go spells an abstract name ("@name": exact length, checked in
 * /proc/net/unix and by an exact-length python3 client).
 */
import { procNetUnixLines, unixSocketRow } from '../src/labs/kit/evidence.js'
import { buildGo, runJson } from '../src/labs/kit/toolchain.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ClientReport {
  exact: { connected: boolean; echo?: string | undefined; errno?: string | undefined }
  padded: { connected: boolean; errno?: string | undefined }
}

const expectedTypes: Record<string, string> = {
  unix: 'SOCK_STREAM',
  unixgram: 'SOCK_DGRAM',
  unixpacket: 'SOCK_SEQPACKET',
}

const lab: LabDefinition = {
  id: 'go-sockets',
  title: 'Go: network names pick the socket type, "@name" is an exact-length abstract name',
  summary:
    'A Go program built at run time listens with net.Listen("unix"), net.ListenPacket("unixgram") and net.Listen("unixpacket") and asks the kernel each socket\'s SO_TYPE. Then it listens on "@name": /proc/net/unix shows @name with no padding, and an independent python3 client using the exact-length name connects and gets its echo.',
  requires: ['linux', 'python3', 'go'],
  checks: ['network-names', 'abstract-at-prefix'],
  serve: null,
  async run(context) {
    const program = await buildGo(context, 'go-sockets.go')
    const types = (await runJson(context, program, ['types', context.dir])) as Record<
      string,
      string
    >
    context.log(`go net: ${JSON.stringify(types)}`)
    const matches = Object.entries(expectedTypes).every(
      ([network, type]) => types[network] === type,
    )
    context.check({
      name: 'network-names',
      pass: matches,
      expected: Object.entries(expectedTypes)
        .map(([network, type]) => `"${network}" → ${type}`)
        .join(', '),
      observed: Object.entries(types)
        .map(([network, type]) => `"${network}" → ${type}`)
        .join(', '),
      evidence: Object.entries(types).map(
        ([network, type]) => `go ${network}: getsockopt(SO_TYPE) = ${type}`,
      ),
      values: Object.entries(types).flatMap(([network, type]) => [
        { kind: 'name' as const, label: `go network for ${type}`, value: network, about: type },
        {
          kind: 'name' as const,
          label: `socket type of "${network}"`,
          value: type,
          about: `"${network}"`,
        },
      ]),
    })

    const name = `decklab-go-${context.token}`
    const server = context.spawn(program, ['abstract', name], { stdio: ['ignore', 'pipe', 'pipe'] })
    context.defer(() => server.kill())
    const ready = await new Promise<string>((resolve, reject) => {
      let text = ''
      server.stdout?.setEncoding('utf8')
      server.stdout?.on('data', (chunk: string) => {
        text += chunk
        const match = /^READY (.*)$/m.exec(text)
        if (match) resolve(match[1] ?? '')
      })
      server.once('exit', (code) => reject(new Error(`go peer exited (${code}) before READY`)))
    })
    context.log(`go listens on ${ready}`)
    const rows = await procNetUnixLines(`@${name}`)
    const addresses = rows.map((line) => unixSocketRow(line).address)
    const client = (await context.runPeer('abstract-names.py', ['client', name])) as ClientReport
    const exact =
      addresses.includes(`@${name}`) && addresses.every((address) => address === `@${name}`)
    context.check({
      name: 'abstract-at-prefix',
      pass:
        ready === `@${name}` &&
        exact &&
        client.exact.connected &&
        client.exact.echo === 'ping' &&
        !client.padded.connected,
      expected: `net.Listen("unix", "@${name}") binds the exact-length abstract name; an exact-length python3 client connects`,
      observed: `/proc/net/unix: ${addresses.join(', ') || 'no line'}; python3 exact: ${client.exact.connected ? `connected, echo ${client.exact.echo}` : client.exact.errno}; padded to 108: ${client.padded.connected ? 'connected' : client.padded.errno}`,
      evidence: [
        ...rows.map((line) => `/proc/net/unix: ${line}`),
        `python3: ${JSON.stringify(client)}`,
      ],
      values: [
        { kind: 'name', label: 'abstract prefix in Go', value: '@', input: true },
        { kind: 'bool', label: 'exact length | exact name length', value: exact ? 'yes' : 'no' },
      ],
    })
  },
}

export default lab
