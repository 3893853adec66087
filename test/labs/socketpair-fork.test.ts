// The socketpair-fork lab: a forked parent and child talk both ways over unnamed socketpair ends.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab socketpair-fork', () => {
  it('exchanges messages both ways and finds Node child stdio to be sockets', async () => {
    const result = await expectLabPassesWith('socketpair-fork', {
      checks: [
        'parent-child-exchange',
        'both-directions',
        'unnamed-addresses',
        'node-child-stdio-is-socket',
      ],
    })
    expect(checkNamed(result, 'node-child-stdio-is-socket').observed).toMatch(
      /^fd 0 -> socket:\[\d+\], fd 1 -> socket:\[\d+\]$/,
    )
  })
})
