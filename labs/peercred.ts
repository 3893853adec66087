/**
 * Lab: SO_PEERCRED on a connected stream socket tells the server the pid, uid
 * and gid of the client process (as they were at connect time). Node has no
 * API for it, so an independent python3 server reads it; the clients are this
 * Node process and a separate python3 process (dropped to `nobody` as root).
 */
import { chmod, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { nextJson, waitForExit } from '../src/labs/kit/children.js'
import { labDirectoryUnreachable } from '../src/labs/kit/reach.js'
import { connect } from '../src/labs/kit/sockets.js'
import { isRoot, unprivilegedUser } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

/** What the python3 server read with getsockopt(SO_PEERCRED) for one connection. */
interface PeerCredentials {
  pid: number
  uid: number
  gid: number
  line: string
}

interface Process {
  pid: number
  uid: number
  gid: number
}

function triple(process: Process): string {
  return `pid ${process.pid}, uid ${process.uid}, gid ${process.gid}`
}

function same(reported: PeerCredentials, actual: Process): boolean {
  return reported.pid === actual.pid && reported.uid === actual.uid && reported.gid === actual.gid
}

const lab: LabDefinition = {
  id: 'peercred',
  title: 'SO_PEERCRED reports the client pid, uid and gid',
  summary:
    "An independent python3 server reads SO_PEERCRED on each accepted stream connection. The first client is this Node process (Node cannot read SO_PEERCRED itself); the kernel's pid/uid/gid must equal process.pid, getuid() and getgid(). A second client is a separate python3 process, run as nobody when the lab runs as root; its pid and uid must match the process Node spawned.",
  requires: ['linux', 'python3'],
  checks: ['peer-pid-uid-gid', 'separate-process-client'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'peercred.sock')
    context.defer(() => rm(path, { force: true }))
    // The separate client may run as nobody: let it reach the socket.
    const nobody = isRoot() ? await unprivilegedUser() : undefined
    if (nobody) await chmod(context.dir, 0o711)
    // A folder above the lab's (a private TMPDIR) may still shut nobody out.
    const unreachable = nobody ? await labDirectoryUnreachable(context.dir, nobody.uid) : undefined

    const server = await context.startPeer('peercred.py', [path, unreachable ? '1' : '2'])
    context.log(`python3 server ready on ${server.ready}`)

    const connected = await connect(path)
    if (!connected.ok)
      throw new Error(`expected to connect to the python3 server, got ${connected.errno}`)
    const client = connected.value
    context.defer(() => client.destroy())
    client.write(`node client pid ${process.pid}\n`)
    const self: Process = { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() }
    const first = (await nextJson(server.lines)) as PeerCredentials
    context.log(`SO_PEERCRED of the node client: ${triple(first)} (line "${first.line}")`)
    context.check({
      name: 'peer-pid-uid-gid',
      values: [{ kind: 'name', value: 'SO_PEERCRED', input: true }],
      pass: same(first, self),
      expected: `the node client process: ${triple(self)}`,
      observed: `SO_PEERCRED: ${triple(first)}`,
      evidence: [
        `python3 getsockopt(SO_PEERCRED) -> ${JSON.stringify(first)}`,
        `node process.pid=${self.pid} getuid()=${self.uid} getgid()=${self.gid}`,
      ],
    })
    client.end()
    if (unreachable) {
      // Its connect() would fail with EACCES, which says nothing about SO_PEERCRED.
      context.skipCheck('separate-process-client', unreachable)
      return
    }

    // A socket created by root has mode 0755: give `nobody` write permission to connect.
    if (nobody) await chmod(path, 0o777)
    const options = nobody ? { uid: nobody.uid, gid: nobody.gid } : undefined
    const other = await context.startPeer('peercred-client.py', [path], options)
    const spawned: Process = {
      pid: other.process.pid ?? -1,
      uid: nobody?.uid ?? self.uid,
      gid: nobody?.gid ?? self.gid,
    }
    const second = (await nextJson(server.lines)) as PeerCredentials
    other.process.kill('SIGTERM')
    await waitForExit(other.process)
    context.log(`SO_PEERCRED of the separate client: ${triple(second)} (line "${second.line}")`)
    context.check({
      name: 'separate-process-client',
      values: [
        { kind: 'bool', label: 'kernel fills it in', value: same(second, spawned) ? 'yes' : 'no' },
      ],
      pass: same(second, spawned),
      expected: `the process node spawned${nobody ? ` as ${nobody.name}` : ''}: ${triple(spawned)}`,
      observed: `SO_PEERCRED: ${triple(second)}`,
      evidence: [
        `python3 getsockopt(SO_PEERCRED) -> ${JSON.stringify(second)}`,
        `spawned child pid ${spawned.pid}; the client itself says: READY ${other.ready}`,
      ],
    })
  },
}

export default lab
