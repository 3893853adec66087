/**
 * Lab: SCM_CREDENTIALS. A receiver with SO_PASSCRED gets the sender's pid,
 * uid and gid with each message, filled in by the kernel; one without it gets
 * none. A sender may state credentials itself, but an unprivileged one
 * claiming another pid gets EPERM; root may claim any pid. Node has no API
 * for it: python3 peers do the credential work, and Node (node-unix-socket)
 * is the plain sender.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { capabilityReason, missingCapabilities } from '../src/labs/capabilities.js'
import { nextJson } from '../src/labs/kit/children.js'
import { sendDatagrams } from '../src/labs/kit/unix-socket.js'
import { dropToNobody, isRoot } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

interface Credentials {
  pid: number
  uid: number
  gid: number
}

interface Received extends Partial<Credentials> {
  data: string
  credentials?: null | undefined
}

interface Claim {
  sent: boolean
  errno?: string | undefined
  received?: Received | undefined
}

interface SpoofReport {
  self: Credentials
  default: Received
  own: Claim
  pid1: Claim
  ghost?: (Claim & { pid: number }) | undefined
}

function triple(value: Partial<Credentials>): string {
  return `pid ${value.pid}, uid ${value.uid}, gid ${value.gid}`
}

function claimText(claim: Claim): string {
  if (!claim.sent) return `sendmsg failed with ${claim.errno}`
  return `sent; the receiver got ${claim.received ? triple(claim.received) : 'nothing'}`
}

const lab: LabDefinition = {
  id: 'scm-credentials',
  title: 'SCM_CREDENTIALS: the kernel vouches for the sender, and refuses lies',
  summary:
    "A python3 receiver sets SO_PASSCRED; Node sends it a plain datagram and the kernel attaches Node's pid, uid and gid (a second receiver, without SO_PASSCRED, gets none). A python3 sender that states its credentials in an SCM_CREDENTIALS message may claim its own pid, but claiming pid 1 fails with EPERM when it is unprivileged (uid nobody when the lab runs as root) and is accepted for root.",
  requires: ['linux', 'python3', 'node-unix-socket'],
  checks: ['default-credentials', 'spoof-pid-eperm', 'root-may-spoof'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'creds.sock')
    const plainPath = join(context.dir, 'plain.sock')
    context.defer(() => rm(path, { force: true }))
    context.defer(() => rm(plainPath, { force: true }))
    const receiver = await context.startPeer('scm-credentials.py', ['receiver', path, plainPath])
    await sendDatagrams(path, [Buffer.from(`plain datagram from node ${process.pid}`)])
    await sendDatagrams(plainPath, [Buffer.from(`plain datagram from node ${process.pid}`)])
    const got = (await nextJson(receiver.lines)) as Received
    const withoutOption = (await nextJson(receiver.lines)) as Received
    const self: Credentials = { pid: process.pid, uid: process.getuid!(), gid: process.getgid!() }
    const filledIn = got.pid === self.pid && got.uid === self.uid && got.gid === self.gid
    const noneWithout = withoutOption.credentials === null
    context.log(
      `python3 receiver with SO_PASSCRED got ${JSON.stringify(got.data)} with ${triple(got)}`,
    )
    context.log(
      `python3 receiver without SO_PASSCRED got ${JSON.stringify(withoutOption.data)} with ${noneWithout ? 'no SCM_CREDENTIALS' : triple(withoutOption)}`,
    )
    context.check({
      name: 'default-credentials',
      values: [
        { kind: 'name', value: 'SO_PASSCRED', input: true },
        { kind: 'name', value: 'SCM_CREDENTIALS', input: true },
        // Node attached no control message: the pid, uid and gid the receiver got are the kernel's.
        { kind: 'bool', label: 'filled in by the kernel', value: filledIn ? 'yes' : 'no' },
      ],
      pass: filledIn && noneWithout,
      expected: `the kernel attaches the node sender's own credentials (${triple(self)}) for a receiver with SO_PASSCRED, and none for one without it`,
      observed: `with SO_PASSCRED: ${got.credentials === null ? 'no SCM_CREDENTIALS received' : triple(got)}; without: ${noneWithout ? 'no SCM_CREDENTIALS received' : triple(withoutOption)}`,
      evidence: [
        `python3 recvmsg with SO_PASSCRED: ${JSON.stringify(got)}`,
        `python3 recvmsg without SO_PASSCRED: ${JSON.stringify(withoutOption)}`,
        `node process.pid=${self.pid} getuid()=${self.uid} getgid()=${self.gid}; it sent no control message`,
      ],
    })

    const root = isRoot()
    const drop = root ? await dropToNobody() : undefined
    const nobody = drop && 'user' in drop ? drop.user : undefined
    if (!root || nobody) {
      const options = nobody ? { uid: nobody.uid, gid: nobody.gid } : undefined
      const report = (await context.runPeer(
        'scm-credentials.py',
        ['spoof'],
        options,
      )) as SpoofReport
      context.log(
        `unprivileged sender (${triple(report.self)}): own credentials ${claimText(report.own)}`,
      )
      context.log(`unprivileged sender claiming pid 1: ${claimText(report.pid1)}`)
      context.check({
        name: 'spoof-pid-eperm',
        pass:
          report.self.uid !== 0 &&
          report.own.sent &&
          !report.pid1.sent &&
          report.pid1.errno === 'EPERM',
        expected:
          'an unprivileged sender may state its own pid but claiming pid 1 fails with EPERM',
        observed: `uid ${report.self.uid}: own pid ${claimText(report.own)}; pid 1 ${claimText(report.pid1)}`,
        evidence: [`python3 sender: ${JSON.stringify(report)}`],
        value: report.pid1.sent ? 'sent' : report.pid1.errno,
      })
    } else {
      context.skipCheck(
        'spoof-pid-eperm',
        drop && 'reason' in drop ? drop.reason : 'no unprivileged user to drop to',
      )
    }

    // Claiming another pid takes CAP_SYS_ADMIN, not uid 0: Docker runs root without it by default.
    const noAdmin = root ? await missingCapabilities(['CAP_SYS_ADMIN']) : []
    if (noAdmin.length > 0) {
      context.skipCheck(
        'root-may-spoof',
        capabilityReason(noAdmin, 'claiming another pid in SCM_CREDENTIALS'),
      )
    } else if (root) {
      const report = (await context.runPeer('scm-credentials.py', ['spoof'])) as SpoofReport
      context.log(`root sender claiming pid 1: ${claimText(report.pid1)}`)
      context.check({
        name: 'root-may-spoof',
        pass:
          report.self.uid === 0 &&
          report.pid1.sent &&
          report.pid1.received?.pid === 1 &&
          report.ghost?.sent === false &&
          report.ghost.errno === 'ESRCH',
        expected:
          'root may claim another existing pid (the receiver sees pid 1), but not a pid no process has (ESRCH)',
        observed: `uid ${report.self.uid}: pid 1 ${claimText(report.pid1)}; unused pid ${report.ghost?.pid} ${report.ghost ? claimText(report.ghost) : 'not tried'}`,
        evidence: [`python3 sender: ${JSON.stringify(report)}`],
        values: [
          {
            kind: 'bool',
            label: 'may claim',
            value: report.pid1.sent && report.pid1.received?.pid === 1 ? 'yes' : 'no',
          },
          ...(report.ghost?.errno
            ? [{ kind: 'errno' as const, label: 'pid of no process', value: report.ghost.errno }]
            : []),
        ],
      })
    } else {
      context.skipCheck(
        'root-may-spoof',
        'not running as root, and there is no way to become root here',
      )
    }
  },
}

export default lab
