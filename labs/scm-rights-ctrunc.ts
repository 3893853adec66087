/**
 * scm-rights-ctrunc: descriptors passed with SCM_RIGHTS that never reach a
 * process. A python3 peer passes the write ends of pipes over AF_UNIX stream
 * socketpairs and closes its own copies, so each pipe's read end tells whether
 * anything still holds its write end: end-of-file once nothing does. A control
 * buffer with room for one descriptor gets one of three, MSG_CTRUNC, and the
 * kernel closes the other two; a message never read is released, with its
 * descriptor, when the receiving socket is closed.
 */
import type { LabDefinition } from '../src/labs/types.js'

interface TooSmall {
  sent: number
  controlBuffer: number
  ctrunc: boolean
  flags: number
  received: number
  /** How many descriptors the receiving process gained (/proc/self/fd). */
  gained: number
  /** Per pipe: `eof` (no write end open anywhere) or `EAGAIN` (one still open). */
  readEnds: string[]
  readEndsAfterClosingReceived: string[]
}

interface CtruncReport {
  tooSmall: TooSmall
  neverRead: { inFlight: string; afterReceiverClosed: string }
}

const lab: LabDefinition = {
  id: 'scm-rights-ctrunc',
  title: 'SCM_RIGHTS: descriptors that do not fit are closed (MSG_CTRUNC), unread ones released',
  summary:
    "A python3 peer passes the write ends of pipes with SCM_RIGHTS over AF_UNIX stream socketpairs and closes its own copies, so a pipe's read end sees end-of-file once nothing holds its write end. Three descriptors read with a control buffer of CMSG_LEN(sizeof(int)) (room for one): recvmsg() sets MSG_CTRUNC, one descriptor arrives, the process gains one, and the read ends of the other two pipes see end-of-file at once: the kernel closed them. One descriptor sent and never read keeps its pipe open until the receiving socket is closed, then the pipe sees end-of-file.",
  requires: ['linux', 'python3'],
  checks: ['ctrunc-flag', 'extra-fds-closed', 'unread-fds-released'],
  serve: null,
  async run(context) {
    const report = (await context.runPeer('scm-rights-ctrunc.py', [])) as CtruncReport
    const small = report.tooSmall
    const never = report.neverRead
    context.log(
      `sendmsg: ${small.sent} write ends in one SCM_RIGHTS message; recvmsg with a ${small.controlBuffer}-byte control buffer → msg_flags ${small.flags}${small.ctrunc ? ' (MSG_CTRUNC)' : ''}, ${small.received} descriptor(s), process gained ${small.gained}`,
    )
    context.log(`read ends of the three pipes: ${small.readEnds.join(', ')}`)
    context.log(
      `after closing the received descriptor(s): ${small.readEndsAfterClosingReceived.join(', ')}`,
    )
    context.log(
      `never read: read end ${never.inFlight} while in flight, ${never.afterReceiverClosed} once the receiving socket is closed`,
    )

    context.check({
      name: 'ctrunc-flag',
      pass: small.ctrunc && small.received === 1 && small.gained === 1,
      expected:
        'three descriptors read with room for one: recvmsg() sets MSG_CTRUNC in msg_flags and one descriptor arrives',
      observed: `msg_flags ${small.flags}${small.ctrunc ? ' (MSG_CTRUNC)' : ' (no MSG_CTRUNC)'}; ${small.received} of ${small.sent} descriptors arrived; the process gained ${small.gained}`,
      evidence: [
        `control buffer ${small.controlBuffer} bytes (CMSG_LEN(sizeof(int)))`,
        `msg_flags = ${small.flags}`,
        `/proc/self/fd entries gained by recvmsg: ${small.gained}`,
      ],
      value: small.ctrunc ? 'MSG_CTRUNC' : 'none',
      values: [
        { kind: 'name', value: small.ctrunc ? 'MSG_CTRUNC' : 'none', label: 'msg_flags' },
        { kind: 'number', label: 'descriptors that arrived', value: String(small.received) },
      ],
    })

    // Nothing else holds the write ends: the peer closed its copies once sent.
    const delivered = small.readEnds.filter((state) => state === 'EAGAIN').length
    const closedByKernel = small.readEnds.filter((state) => state === 'eof').length
    const closed =
      small.received === 1 &&
      delivered === 1 &&
      closedByKernel === small.sent - 1 &&
      small.readEndsAfterClosingReceived.every((state) => state === 'eof')
    context.check({
      name: 'extra-fds-closed',
      pass: small.ctrunc && closed,
      expected:
        'the descriptors that did not fit are closed by the kernel: their pipes see end-of-file at once, while the delivered one keeps its pipe open until it is closed',
      observed: `read ends: ${small.readEnds.join(', ')} (EAGAIN: a write end still open; eof: none); after closing the delivered descriptor: ${small.readEndsAfterClosingReceived.join(', ')}`,
      evidence: [
        `read() on the three pipes' read ends: ${small.readEnds.join(', ')}`,
        `the sender closed its own copies after sendmsg; the receiver gained ${small.gained} descriptor(s)`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'closes | closed | discards | discarded',
          value: closed ? 'yes' : 'no',
          about: 'kernel | extra | the others | did not fit',
        },
      ],
    })

    const released = never.inFlight === 'EAGAIN' && never.afterReceiverClosed === 'eof'
    context.check({
      name: 'unread-fds-released',
      pass: released,
      expected:
        'a descriptor in a message nobody reads stays open while the message waits, and is closed when the receiving socket is closed',
      observed: `pipe read end: ${never.inFlight} while the message waits, ${never.afterReceiverClosed} after the receiver's close()`,
      evidence: [
        `read() while in flight: ${never.inFlight}`,
        `read() after close(receiver): ${never.afterReceiverClosed}`,
      ],
      values: [
        {
          kind: 'bool',
          label: 'stays open',
          value: never.inFlight === 'EAGAIN' ? 'yes' : 'no',
          about: 'in flight | waits | unread',
        },
        {
          kind: 'bool',
          label: 'closed | released',
          value: never.afterReceiverClosed === 'eof' ? 'yes' : 'no',
        },
      ],
    })
  },
}

export default lab
