import { describe, expect, it } from 'vitest'
import lab from '../../labs/pipe-vs-socketpair.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('pipe-vs-socketpair lab', () => {
  it('a pipe read end cannot be written; both socketpair ends can', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'pipe-one-way').value).toBe('EBADF')
    expect(checkNamed(result, 'socketpair-two-way').evidence?.[0]).toMatch(/socket:\[\d+\]/)
    // Each value says which side it is of, so a card that swaps pipe and socketpair is not confirmed.
    expect(checkNamed(result, 'pipe-one-way').values).toEqual([
      {
        kind: 'errno',
        label: 'write to the read end',
        value: 'EBADF',
        about: 'pipe',
        contrast: 'socketpair | socket pair',
      },
      // Which end: the errno alone is as true of a card that says "writing the write end".
      {
        kind: 'bool',
        label: 'writing the read end | write to the read end | writes to the read end',
        value: 'yes',
      },
    ])
    expect(checkNamed(result, 'socketpair-two-way').values?.[0]).toMatchObject({
      value: 'yes',
      about: 'socketpair | socket pair',
      contrast: 'pipe',
    })
  })
})
