/**
 * fd-readiness: a socket is a file descriptor, so poll(), select() and epoll
 * wait on it, and close() releases it, like any other descriptor. A python3
 * peer asks all three about one end of an AF_UNIX socketpair before and after
 * the other end sends a byte, then closes it and fstat()s the number.
 */
import type { LabDefinition } from '../src/labs/types.js'

type Readiness = Record<'poll' | 'select' | 'epoll', boolean>

interface ReadinessReport {
  /** What /proc/self/fd says the descriptor is. */
  kind: string
  before: Readiness
  after: Readiness
  /** fstat() on the number after close(): an errno name, or "open". */
  afterClose: string
}

const calls = ['poll', 'select', 'epoll'] as const
const describe = (readiness: Readiness) =>
  calls.map((call) => `${call} ${readiness[call] ? 'readable' : 'not readable'}`).join(', ')

const lab: LabDefinition = {
  id: 'fd-readiness',
  title: 'poll(), select() and epoll wait on a socket; close() releases it',
  summary:
    'A python3 peer makes an AF_UNIX socketpair and asks poll(), select() and epoll (timeout 0) whether one end is readable: not while nothing was sent, yes once the other end has sent a byte. Then it closes that end, and fstat() on the old number fails with EBADF: the descriptor is released like any other.',
  requires: ['linux', 'python3'],
  checks: ['poll-select-epoll-wait', 'close-releases'],
  serve: null,
  async run(context) {
    const report = (await context.runPeer('fd-readiness.py', [])) as ReadinessReport
    context.log(`descriptor: ${report.kind}`)
    context.log(`before a byte is sent: ${describe(report.before)}`)
    context.log(`after one byte: ${describe(report.after)}`)
    context.log(`fstat() after close(): ${report.afterClose}`)

    const waits =
      /^socket:\[\d+\]$/.test(report.kind) &&
      calls.every((call) => !report.before[call] && report.after[call])
    context.check({
      name: 'poll-select-epoll-wait',
      pass: waits,
      expected:
        'poll(), select() and epoll each report the socket not readable while nothing was sent, and readable after one byte',
      observed: `before: ${describe(report.before)}; after: ${describe(report.after)}`,
      evidence: [`/proc/self/fd: ${report.kind}`],
      values: [{ kind: 'bool', label: 'can wait', value: waits ? 'yes' : 'no' }],
    })
    const released = report.afterClose === 'EBADF'
    context.check({
      name: 'close-releases',
      pass: released,
      expected: "fstat() on the closed socket's number fails with EBADF",
      observed: `fstat() after close(): ${report.afterClose}`,
      values: [{ kind: 'bool', label: 'releases', value: released ? 'yes' : 'no' }],
    })
  },
}

export default lab
