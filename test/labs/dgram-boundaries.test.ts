// The dgram-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/dgram-boundaries.js'
import { runLab } from '../../src/labs/runner.js'
import { courseCardJudge } from './support/course-card.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab dgram-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    const result = await expectLabPassesWith('dgram-boundaries', {
      checks: [
        'boundaries-kept',
        'socketpair-recv-prints',
        'in-order',
        'reliable-no-loss',
        'stream-control-coalesces',
        'first-three-order',
        'node-core-stream-only',
      ],
      values: { 'first-three-order': '0 < 1 < 2' },
    })
    expect(checkNamed(result, 'in-order').values).toContainEqual(
      expect.objectContaining({ kind: 'bool', value: 'yes' }),
    )
    expect(checkNamed(result, 'reliable-no-loss').observed).toMatch(/^200 of 200 sent arrived/)
  })

  it('passes its concurrent-sender checks only when the senders overlapped around A0..A2', async () => {
    const result = await expectLabPassesWith('dgram-boundaries', {
      checks: ['in-order', 'first-three-order'],
    })
    // The premise of the cards ("at the same time"): the other sender's datagrams came between A0 and A2.
    const between = (checkNamed(result, 'first-three-order').evidence ?? []).find((line) =>
      line.startsWith('B datagrams between A0 and A2: '),
    )
    expect(Number(between?.split(': ')[1])).toBeGreaterThan(0)
    expect(
      Number(/interleaved (\d+) times/.exec(checkNamed(result, 'in-order').observed)?.[1]),
    ).toBeGreaterThanOrEqual(2)
  })
})

describe("the course's socketpair program (10:101), run as written", () => {
  it("prints b'abc', which its card's answer is compared with", async () => {
    const result = await expectLabPassesWith('dgram-boundaries', {
      checks: ['socketpair-recv-prints'],
    })
    const check = checkNamed(result, 'socketpair-recv-prints')
    expect(check.values).toEqual([{ kind: 'name', label: 'printed', value: "b'abc'" }])
    expect(check.observed).toBe("printed b'abc'; the next recv(100) got b'defg'")
    expect(check.evidence?.join('\n')).toContain('"printed":"b\'abcdefg\'"')

    const stream = await expectLabPassesWith('stream-coalesce', { checks: ['writes-coalesce'] })
    const judged = await courseCardJudge(
      'notes/10 Message boundaries and ordering.md',
      1763700010007,
      new Map([
        [result.lab, result],
        [stream.lab, stream],
      ]),
    )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    // What it prints is compared: the stream's output in the datagram's place is wrong.
    const merged = judged(
      "b'abcdefg' — each datagram is received whole and alone, even though the buffer could hold both. On SOCK_STREAM the read may return b'abcdefg', because a stream has no boundaries.",
    )
    expect(merged.status, merged.reason ?? '').toBe('refuted')
  })
})

describe('lab dgram-boundaries on a machine too busy to run its receiver', () => {
  it('skips reliable-no-loss, never fails it, when a sender timed out waiting for room', async () => {
    // Sender B stands for one whose blocking send waited out its 5 s timeout: it says it
    // is ready at the gate and reports what the python3 peer reports then.
    const result = await runLab({
      ...lab,
      run: (context) =>
        lab.run({
          ...context,
          runPeer: async (script, args, options) => {
            if (script !== 'dgram-boundaries-sender.py' || args[2] !== 'B')
              return context.runPeer(script, args, options)
            await writeFile(`${args[3]}.B`, '')
            return { sent: 0, error: 'TimeoutError' }
          },
        }),
    })
    if (result.status === 'skip' && result.checks.every((check) => check.status === 'skip')) return // no node-unix-socket here
    const check = checkNamed(result, 'reliable-no-loss')
    expect(check.status, JSON.stringify(check)).toBe('skip')
    expect(check.observed).toMatch(
      /^skipped: inconclusive: 1 sender\(s\) waited more than 5 s for room in the receiver's queue/,
    )
    expect(result.status).not.toBe('fail')
  })
})

// Stopped at its deadline while the senders met at the gate (`lab run dgram-boundaries
// --deadline 400` under two busy loops on 2 cores), the lab wrote the gate after the stop
// and left the ready file of the sender that got there: 'file gate left in the lab
// directory', 'file gate.A …', listed in red as left behind (the runner removed them).
describe('lab dgram-boundaries stopped while its senders meet at the gate', () => {
  it('leaves nothing in its directory', async () => {
    const controller = new AbortController()
    const result = await runLab(
      {
        ...lab,
        run: (context) =>
          lab.run({
            ...context,
            runPeer: async (script, args, options) => {
              if (script !== 'dgram-boundaries-sender.py')
                return context.runPeer(script, args, options)
              // A is ready at once; B's python3 is still starting when the run is stopped.
              if (args[2] === 'A') {
                await writeFile(`${args[3]}.A`, '')
                setTimeout(() => controller.abort(new Error('stopped at the gate')), 50)
              }
              return new Promise((_, reject) => {
                context.signal.addEventListener('abort', () => reject(context.signal.reason))
              })
            },
          }),
      },
      { signal: controller.signal },
    )
    if (result.status === 'skip') return // no node-unix-socket here
    expect(result.status).toBe('error')
    expect(result.reason).toBe('interrupted: stopped at the gate')
    expect(result.leftovers).toBeUndefined()
  })
})
