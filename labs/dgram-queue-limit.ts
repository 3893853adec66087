import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'

interface QueueReport {
  queued: number
  refusal: string | null
}

const lab: LabDefinition = {
  id: 'dgram-queue-limit',
  title: 'Unconnected datagrams to a reader that never reads: EAGAIN after max_dgram_qlen',
  summary:
    'A python3 peer binds a SOCK_DGRAM receiver that never calls recv() and sendto()s one-byte datagrams at it from an unconnected socket with MSG_DONTWAIT. The receive queue is capped by count, not bytes: after about net.unix.max_dgram_qlen + 1 datagrams the sender gets EAGAIN.',
  requires: ['linux', 'python3'],
  checks: ['queue-full-eagain', 'max-dgram-qlen'],
  serve: null,
  async run(context) {
    const sysctlPath = '/proc/sys/net/unix/max_dgram_qlen'
    const maxQueueLength = (await readFile(sysctlPath, 'utf8')).trim()
    const limit = Number(maxQueueLength)
    const path = join(context.dir, 'receiver.sock')
    const report = (await context.runPeer('dgram-queue-limit.py', [path])) as QueueReport
    context.log(`${sysctlPath} = ${maxQueueLength}`)
    context.log(`1-byte datagrams queued before refusal: ${report.queued}, then ${report.refusal}`)

    context.check({
      name: 'queue-full-eagain',
      pass: report.refusal === 'EAGAIN' && report.queued > 0,
      expected: 'the sender gets EAGAIN once the receive queue is full',
      observed: `${report.queued} datagrams queued, then ${report.refusal ?? 'no refusal'}`,
      evidence: [`queued ${report.queued} one-byte datagrams`, `refusal errno: ${report.refusal}`],
      value: report.refusal ?? 'none',
    })
    // The kernel checks "queue longer than max_dgram_qlen" before adding, so one more fits.
    context.check({
      name: 'max-dgram-qlen',
      pass: Number.isInteger(limit) && report.queued >= limit && report.queued <= limit + 1,
      expected: `the queue holds about max_dgram_qlen (${maxQueueLength}) + 1 datagrams`,
      observed: `max_dgram_qlen ${maxQueueLength}; ${report.queued} queued`,
      evidence: [`${sysctlPath}: ${maxQueueLength}`, `queued before EAGAIN: ${report.queued}`],
      value: maxQueueLength,
    })
  },
}

export default lab
