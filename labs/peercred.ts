/**
 * Lab: SO_PEERCRED on a connected stream socket tells the server the pid, uid
 * and gid of the client process (as they were at connect time). Node has no
 * API for it, so an independent python3 server reads it; the clients are this
 * Node process and a separate python3 process (dropped to `nobody` as root).
 * A third client lies: it tries to set SO_PEERCRED itself and sends a line
 * naming another user; the kernel still reports who it is. Last, whose
 * credentials the client's own end reports: a python3 listener that calls
 * listen() and leaves accept() to a child it forks.
 */
import { chmod, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { nextJson, waitForExit } from '../src/labs/kit/children.js'
import { labDirectoryUnreachable } from '../src/labs/kit/reach.js'
import { connect } from '../src/labs/kit/sockets.js'
import { dropToNobody, isRoot } from '../src/labs/requirements.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

/** What the python3 server read with getsockopt(SO_PEERCRED) for one connection. */
interface PeerCredentials {
  pid: number
  uid: number
  gid: number
  line: string
}

/** What peercred-listener.py saw: three processes, and what each end reported. */
interface EndsReport {
  listener: number
  acceptor: number
  client: number
  clientSees: number
  acceptorSees: number
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
    "An independent python3 server reads SO_PEERCRED on each accepted stream connection. The first client is this Node process (Node cannot read SO_PEERCRED itself); the kernel's pid/uid/gid must equal process.pid, getuid() and getgid(). A second client is a separate python3 process, run as nobody when the lab runs as root; its pid and uid must match the process Node spawned. A third python3 client lies about who it is: setsockopt(SO_PEERCRED) on its socket before connect() (the kernel has no such setter) and a line claiming another uid; SO_PEERCRED still reports its own pid and uid. Last, a python3 process binds and calls listen(), then forks a child that calls accept(); a python3 client connects and reads SO_PEERCRED on its own end: it reports the process that called listen(), not the one that accepted, while the acceptor's end reports the client.",
  requires: ['linux', 'python3'],
  checks: [
    'peer-pid-uid-gid',
    'separate-process-client',
    'client-cannot-choose',
    'client-sees-listener',
  ],
  serve: null,
  async run(context) {
    await clientSeesListener(context)
    const path = join(context.dir, 'peercred.sock')
    context.defer(() => rm(path, { force: true }))
    // The separate client may run as nobody: let it reach the socket. Root that may not
    // change its uid (no CAP_SETUID/CAP_SETGID) runs it as itself, as any other user does.
    const drop = isRoot() ? await dropToNobody() : undefined
    const nobody = drop && 'user' in drop ? drop.user : undefined
    if (nobody) await chmod(context.dir, 0o711)
    // A folder above the lab's (a private TMPDIR) may still shut nobody out.
    const unreachable = nobody ? await labDirectoryUnreachable(context.dir, nobody.uid) : undefined

    const server = await context.startPeer('peercred.py', [path, unreachable ? '2' : '3'])
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
      await lyingClient(undefined)
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
    await lyingClient(options)

    /**
     * A client that lies about who it is: it tries setsockopt(SO_PEERCRED) before connecting
     * and sends a line naming another user. Run as `options` (nobody, when the lab is root).
     */
    async function lyingClient(as: { uid: number; gid: number } | undefined): Promise<void> {
      const actual: Process = {
        pid: -1,
        uid: as?.uid ?? self.uid,
        gid: as?.gid ?? self.gid,
      }
      const claimed = actual.uid === 0 ? { uid: 65534, name: 'nobody' } : { uid: 0, name: 'root' }
      const liar = await context.startPeer(
        'peercred-client.py',
        [path, String(claimed.uid), claimed.name],
        as,
      )
      actual.pid = liar.process.pid ?? -1
      // READY <pid> <uid> <gid> <setsockopt(SO_PEERCRED): errno name, or `set`>
      const forged = liar.ready.split(' ')[3] ?? ''
      const seen = (await nextJson(server.lines)) as PeerCredentials
      liar.process.kill('SIGTERM')
      await waitForExit(liar.process)
      context.log(
        `the lying client: setsockopt(SO_PEERCRED) → ${forged}; it said "${seen.line}"; SO_PEERCRED: ${triple(seen)}`,
      )
      const kernelSays = same(seen, actual)
      const noSay = kernelSays && seen.uid !== claimed.uid && forged !== 'set'
      context.check({
        name: 'client-cannot-choose',
        values: [
          { kind: 'bool', label: 'kernel fills it in', value: kernelSays ? 'yes' : 'no' },
          // What the client would need to lie: a say in the value. "has no say in it" states it negated.
          {
            kind: 'bool',
            label: 'say in it | put any uid | choose its uid | choose the uid',
            value: noSay ? 'no' : 'yes',
            // The lab shows the client's say, not the server's: said of the server it is not confirmed.
            about: 'client | clients | connecting process',
            contrast: 'server | servers',
          },
        ],
        pass: noSay,
        expected: `a client that sends "user ${claimed.name} uid ${claimed.uid}" and tries setsockopt(SO_PEERCRED) first is still reported as itself: ${triple(actual)}`,
        observed: `setsockopt(SO_PEERCRED) → ${forged}; it said "${seen.line}"; SO_PEERCRED: ${triple(seen)}`,
        evidence: [
          `python3 getsockopt(SO_PEERCRED) -> ${JSON.stringify(seen)}`,
          `spawned child pid ${actual.pid}${as ? ` as uid ${as.uid}` : ''}; the client itself says: READY ${liar.ready}`,
        ],
      })
    }
  },
}

/**
 * Which moment SO_PEERCRED records depends on the end: the client's end reports
 * the process that called listen() (unix(7): "in effect at the time of the call to
 * connect(2), listen(2), or socketpair(2)"), which a listener that forks its
 * acceptor tells apart from the process that accepted.
 */
async function clientSeesListener(context: LabContext): Promise<void> {
  const path = join(context.dir, 'peercred-listener.sock')
  context.defer(() => rm(path, { force: true }))
  const ends = (await context.runPeer('peercred-listener.py', [path])) as EndsReport
  const pass =
    ends.clientSees === ends.listener &&
    ends.listener !== ends.acceptor &&
    ends.acceptorSees === ends.client
  context.log(
    `listener pid ${ends.listener} forked acceptor pid ${ends.acceptor}; client pid ${ends.client} sees ${ends.clientSees}, the acceptor sees ${ends.acceptorSees}`,
  )
  context.check({
    name: 'client-sees-listener',
    values: [
      { kind: 'name', value: 'SO_PEERCRED', input: true },
      // The card names the call whose moment the client's end records.
      { kind: 'bool', label: 'listen', value: pass ? 'yes' : 'no' },
    ],
    pass,
    expected: `the client's SO_PEERCRED reports the listener (pid ${ends.listener}), not the acceptor it forked (pid ${ends.acceptor}); the acceptor's reports the client (pid ${ends.client})`,
    observed: `client's end: pid ${ends.clientSees}; acceptor's end: pid ${ends.acceptorSees}`,
    evidence: [`python3 peercred-listener.py -> ${JSON.stringify(ends)}`],
  })
}

export default lab
