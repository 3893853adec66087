/**
 * c-socket-api: a C peer, compiled with `cc` at run time, asks the headers and
 * the kernel what the C cards claim: AF_LOCAL is AF_UNIX, sun_path's size in
 * <sys/un.h>, which protocol values socket() accepts, and what Linux makes of
 * socket(AF_UNIX, SOCK_RAW, 0).
 */
import { compileC, runJson } from '../src/labs/kit/toolchain.js'
import type { LabDefinition } from '../src/labs/types.js'

interface SocketApiReport {
  AF_UNIX: number
  AF_LOCAL: number
  PF_UNIX: number
  sunPathSize: number
  protocol: Record<string, string>
  raw: {
    socket: string
    soType: string
    socketpair: string
    reads: [number, number]
    rawToDgram: string
    delivered: number
    streamToRaw: string
  }
}

const lab: LabDefinition = {
  id: 'c-socket-api',
  title: 'The C socket API: AF_LOCAL, sun_path, the protocol argument and SOCK_RAW',
  summary:
    'A C program compiled with cc at run time prints what <sys/socket.h> and <sys/un.h> define (AF_UNIX, AF_LOCAL, sizeof sun_path) and what the kernel answers: socket(AF_UNIX, SOCK_STREAM, p) for p = 0, PF_UNIX and 2, and socket(AF_UNIX, SOCK_RAW, 0), whose SO_TYPE, message boundaries and peers show it is a datagram socket.',
  requires: ['linux', 'cc'],
  checks: [
    'af-local-is-af-unix',
    'sun-path-size',
    'protocol-argument',
    'raw-accepted-as-dgram',
    'raw-keeps-boundaries',
    'raw-peers-like-dgram',
  ],
  serve: null,
  async run(context) {
    const program = await compileC(context, 'socket-api.c')
    const report = (await runJson(context, program, [context.dir])) as SocketApiReport
    context.log(`socket-api: ${JSON.stringify(report)}`)

    context.check({
      name: 'af-local-is-af-unix',
      pass: report.AF_LOCAL === report.AF_UNIX,
      expected: 'AF_LOCAL and AF_UNIX are the same constant',
      observed: `AF_UNIX = ${report.AF_UNIX}, AF_LOCAL = ${report.AF_LOCAL}`,
      evidence: [`<sys/socket.h>: AF_UNIX ${report.AF_UNIX}, AF_LOCAL ${report.AF_LOCAL}`],
      values: [
        {
          kind: 'bool',
          label: 'same constant',
          value: report.AF_LOCAL === report.AF_UNIX ? 'yes' : 'no',
        },
        { kind: 'name', value: 'AF_LOCAL', input: true },
        { kind: 'name', value: 'AF_UNIX', input: true },
      ],
    })
    context.check({
      name: 'sun-path-size',
      pass: report.sunPathSize === 108,
      expected: 'struct sockaddr_un from <sys/un.h> has a 108-byte sun_path',
      observed: `sizeof sun_path = ${report.sunPathSize}`,
      evidence: ['compiled against <sys/un.h>', `sizeof(addr.sun_path) = ${report.sunPathSize}`],
      value: String(report.sunPathSize),
      values: [
        { kind: 'number', label: 'bytes in sun_path', value: String(report.sunPathSize) },
        { kind: 'name', value: 'sys/un.h', input: true },
        { kind: 'name', value: 'sun_path', input: true },
      ],
    })
    const protocol = report.protocol
    const pfUnix = String(report.PF_UNIX)
    context.check({
      name: 'protocol-argument',
      pass:
        protocol['0'] === 'ok' && protocol[pfUnix] === 'ok' && protocol['2'] === 'EPROTONOSUPPORT',
      expected: `protocol 0 and PF_UNIX (${pfUnix}) are accepted; 2 gives EPROTONOSUPPORT`,
      observed: Object.entries(protocol)
        .map(([value, outcome]) => `protocol ${value}: ${outcome}`)
        .join('; '),
      evidence: Object.entries(protocol).map(
        ([value, outcome]) => `socket(AF_UNIX, SOCK_STREAM, ${value}) → ${outcome}`,
      ),
      values: [
        { kind: 'number', label: 'default protocol', value: '0', input: true },
        { kind: 'name', value: 'PF_UNIX', input: true },
        { kind: 'errno', label: 'other protocols', value: protocol['2'] ?? 'none' },
      ],
    })
    const raw = report.raw
    context.check({
      name: 'raw-accepted-as-dgram',
      pass: raw.socket === 'ok' && raw.soType === 'SOCK_DGRAM',
      expected: 'Linux accepts socket(AF_UNIX, SOCK_RAW, 0) and makes it a SOCK_DGRAM socket',
      observed: `socket(): ${raw.socket}; getsockopt(SO_TYPE) = ${raw.soType}`,
      evidence: [`socket(AF_UNIX, SOCK_RAW, 0) → ${raw.socket}`, `SO_TYPE → ${raw.soType}`],
      values: [
        { kind: 'bool', label: 'accepted | accepts', value: raw.socket === 'ok' ? 'yes' : 'no' },
        { kind: 'name', label: 'type it becomes', value: raw.soType },
      ],
    })
    context.check({
      name: 'raw-keeps-boundaries',
      pass: raw.socketpair === 'ok' && raw.reads[0] === 2 && raw.reads[1] === 3,
      expected: 'on a SOCK_RAW socketpair "ab" then "cde" are read as 2 bytes, then 3 bytes',
      observed: `socketpair: ${raw.socketpair}; reads of ${raw.reads[0]} and ${raw.reads[1]} bytes`,
      evidence: [`recv(64) → ${raw.reads[0]}`, `recv(64) → ${raw.reads[1]}`],
      values: [{ kind: 'name', value: 'SOCK_DGRAM', input: true }],
    })
    context.check({
      name: 'raw-peers-like-dgram',
      pass: raw.rawToDgram === 'ok' && raw.delivered === 5 && raw.streamToRaw === 'EPROTOTYPE',
      expected:
        'a SOCK_RAW socket sends to a SOCK_DGRAM receiver; a SOCK_STREAM connect to a SOCK_RAW socket gets EPROTOTYPE',
      observed: `raw → dgram receiver: ${raw.rawToDgram} (${raw.delivered} bytes delivered); stream → raw: ${raw.streamToRaw}`,
      evidence: [
        `sendto(SOCK_RAW → SOCK_DGRAM receiver) → ${raw.rawToDgram}`,
        `connect(SOCK_STREAM → bound SOCK_RAW) → ${raw.streamToRaw}`,
      ],
      values: [
        { kind: 'errno', label: 'stream connect to raw', value: raw.streamToRaw },
        { kind: 'name', value: 'SOCK_DGRAM', input: true },
      ],
    })
  },
}

export default lab
