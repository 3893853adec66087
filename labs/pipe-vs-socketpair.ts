import type { LabDefinition } from '../src/labs/types.js'

interface Attempt {
  ok: string | number | null
  error: string | null
}

interface EndsReport {
  pipe: { kind: string; forward: Attempt; backWrite: Attempt; backRead: Attempt }
  socketpair: { kind: string; forward: Attempt; back: Attempt }
}

/** How the cards name each side: a pipe's values are said of the pipe, a socketpair's of the socketpair. */
const pipeSubject = 'pipe'
const socketpairSubject = 'socketpair | socket pair'

const lab: LabDefinition = {
  id: 'pipe-vs-socketpair',
  title: 'A pipe is one-way; a socketpair is two-way',
  summary:
    'A python3 peer makes a pipe() and a socketpair(). Data flows from the pipe\'s write end to its read end, but writing to the read end fails with EBADF (it is open read-only). Both ends of the socketpair (a pair of connected Unix sockets, "socket:[inode]" in /proc/self/fd) can send and receive.',
  requires: ['linux', 'python3'],
  checks: ['pipe-one-way', 'socketpair-two-way'],
  serve: null,
  async run(context) {
    const report = (await context.runPeer('pipe-vs-socketpair.py', [])) as EndsReport
    const { pipe, socketpair } = report
    context.log(`pipe (${pipe.kind}): forward ${JSON.stringify(pipe.forward)}`)
    context.log(`pipe: write to read end ${JSON.stringify(pipe.backWrite)}`)
    context.log(`socketpair (${socketpair.kind}): ${JSON.stringify(socketpair)}`)

    context.check({
      name: 'pipe-one-way',
      pass: pipe.forward.ok === 'ping' && pipe.backWrite.error === 'EBADF',
      expected: 'the pipe carries bytes forward; writing its read end fails with EBADF',
      observed: `forward ${JSON.stringify(pipe.forward.ok)}; write to read end → ${pipe.backWrite.error ?? 'written'}`,
      evidence: [
        `/proc/self/fd → ${pipe.kind}`,
        `read from write end → ${pipe.backRead.error ?? 'read'}`,
      ],
      // The typed answer a type-in card equals, and the same errno said of the pipe.
      value: pipe.backWrite.error ?? 'written',
      values: [
        {
          kind: 'errno',
          label: 'write to the read end',
          value: pipe.backWrite.error ?? 'none',
          about: pipeSubject,
          contrast: socketpairSubject,
        },
        // Which end gives it: the errno alone is as true of "writing the write end".
        {
          kind: 'bool',
          label: 'writing the read end | write to the read end | writes to the read end',
          value: pipe.backWrite.error !== undefined ? 'yes' : 'no',
        },
      ],
    })
    context.check({
      name: 'socketpair-two-way',
      values: [
        {
          kind: 'bool',
          label: 'two-way | exchange',
          value: socketpair.forward.ok === 'ping' && socketpair.back.ok === 'pong' ? 'yes' : 'no',
          about: socketpairSubject,
          contrast: pipeSubject,
        },
      ],
      pass: socketpair.forward.ok === 'ping' && socketpair.back.ok === 'pong',
      expected: 'each end of a socketpair both sends and receives',
      observed: `left→right ${JSON.stringify(socketpair.forward.ok ?? socketpair.forward.error)}; right→left ${JSON.stringify(socketpair.back.ok ?? socketpair.back.error)}`,
      evidence: [`/proc/self/fd → ${socketpair.kind}`],
    })
  },
}

export default lab
