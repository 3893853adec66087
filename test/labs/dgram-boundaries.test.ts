// The dgram-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab dgram-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    const result = await expectLabPassesWith('dgram-boundaries', {
      checks: [
        'boundaries-kept',
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
    const between = checkNamed(result, 'first-three-order').evidence.find((line) =>
      line.startsWith('B datagrams between A0 and A2: '),
    )
    expect(Number(between?.split(': ')[1])).toBeGreaterThan(0)
    expect(
      Number(/interleaved (\d+) times/.exec(checkNamed(result, 'in-order').observed)?.[1]),
    ).toBeGreaterThanOrEqual(2)
  })
})
