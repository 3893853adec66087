/**
 * socket-activation: systemd's socket activation, run for real with
 * `systemd-socket-activate` (Debian's systemd package). It binds and listens
 * on the socket itself, starts the service only when the first client
 * connects, and the service finds the listening socket already open at fd 3
 * (inherited across exec, not sent with SCM_RIGHTS), with LISTEN_FDS set.
 */
import { readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { waitForReady } from '../src/labs/kit/children.js'
import { peerScriptPath } from '../src/labs/kit/peers.js'
import { connect } from '../src/labs/kit/sockets.js'
import { findExecutable, python3Path, toolMissing } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ServiceReport {
  pid: number
  LISTEN_FDS: string | null
  LISTEN_PID: string | null
  fd3IsSocket: boolean
  fd3Inode: number
  family: number
  type: number
  listening: boolean
}

/** The program a process runs now (`/proc/<pid>/comm`: changes on exec). */
async function command(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim()
  } catch {
    return 'gone'
  }
}

const lab: LabDefinition = {
  id: 'socket-activation',
  title: 'systemd socket activation: the listener is created first, the service inherits fd 3',
  summary:
    'systemd-socket-activate binds and listens on a Unix socket and waits. Only when a client connects does it exec a python3 service in the same process; the service creates no socket: it finds the listening AF_UNIX stream socket already open at fd 3, LISTEN_FDS=1 and LISTEN_PID equal to its own pid, and answers the waiting client on it.',
  requires: ['linux', 'python3', 'systemd-socket-activate'],
  checks: ['starts-on-first-connect', 'listen-fds'],
  serve: null,
  async run(context) {
    const activate = await findExecutable('systemd-socket-activate')
    if (!activate) return context.skip(toolMissing('systemd-socket-activate'))
    const path = join(context.dir, 'activated.sock')
    context.defer(() => rm(path, { force: true }))
    // Behind the lifeline like every child, so a decklab killed with SIGKILL
    // while it waits does not leave it listening.
    const child = context.spawn(
      activate,
      ['-l', path, python3Path, peerScriptPath('socket-activation.py')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    )
    context.defer(() => child.kill())
    const pid = child.pid ?? -1
    // Ready when it says it listens (it prints this after listen()).
    await waitForReady(child, {
      stream: 'stderr',
      isReady: (line) => line.includes('Listening on'),
    })
    const before = await command(pid)
    const socketFile = (await stat(path)).isSocket()
    context.log(
      `before any client: pid ${pid} runs ${JSON.stringify(before)}; ${path} is a socket: ${socketFile}`,
    )

    const client = await connect(path)
    if (!client.ok) throw new Error(`connect to the activated socket failed: ${client.errno}`)
    const chunks: Buffer[] = []
    for await (const chunk of client.value) chunks.push(chunk as Buffer)
    const report = JSON.parse(Buffer.concat(chunks).toString()) as ServiceReport
    context.log(`service reported ${JSON.stringify(report)}`)

    const notStartedYet = before.startsWith('systemd-socket')
    const samePid = report.pid === pid && report.LISTEN_PID === String(pid)
    const inherited = samePid && report.fd3IsSocket && report.listening
    context.check({
      name: 'starts-on-first-connect',
      pass: socketFile && notStartedYet && inherited,
      expected:
        'the socket listens before the service runs; the first connect starts the service, which inherits the listener (same pid, fd already open)',
      observed: `before: ${JSON.stringify(before)}; after the connect pid ${report.pid} ran the service with fd 3 ${report.fd3IsSocket ? 'a listening socket' : 'not a socket'}`,
      evidence: [
        `/proc/${pid}/comm before any client: ${before}`,
        `service pid ${report.pid}, LISTEN_PID ${report.LISTEN_PID} (exec in the same process: no descriptor was sent)`,
        `fd 3: socket ${report.fd3IsSocket}, SO_ACCEPTCONN ${report.listening}, inode ${report.fd3Inode}`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'starts the service when the first client connects',
          value: notStartedYet && samePid ? 'yes' : 'no',
        },
        { kind: 'bool', label: 'inherited', value: inherited ? 'yes' : 'no' },
      ],
    })
    const firstFd = report.fd3IsSocket && report.listening && report.family === 1 ? '3' : 'none'
    context.check({
      name: 'listen-fds',
      pass: firstFd === '3' && report.LISTEN_FDS === '1' && report.type === 1,
      expected: 'the service finds its listening AF_UNIX stream socket at fd 3, and LISTEN_FDS=1',
      observed: `fd 3: ${firstFd === '3' ? 'listening AF_UNIX socket' : 'not a listener'} (SO_TYPE ${report.type}); LISTEN_FDS=${report.LISTEN_FDS}`,
      evidence: [`service report: ${JSON.stringify(report)}`],
      values: [
        { kind: 'number', label: 'first passed descriptor', value: firstFd },
        { kind: 'name', value: report.LISTEN_FDS === null ? 'unset' : 'LISTEN_FDS' },
      ],
    })
  },
}

export default lab
