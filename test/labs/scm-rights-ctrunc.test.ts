import { describe, expect, it } from 'vitest'
import lab from '../../labs/scm-rights-ctrunc.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('scm-rights-ctrunc lab', () => {
  it('a too small control buffer gives MSG_CTRUNC and the kernel closes what did not fit', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'ctrunc-flag').value).toBe('MSG_CTRUNC')
    expect(checkNamed(result, 'ctrunc-flag').observed).toContain('1 of 3 descriptors arrived')
    // One pipe's writer was delivered (still open), the other two were closed by the kernel.
    expect(checkNamed(result, 'extra-fds-closed').observed).toMatch(
      /^read ends: (EAGAIN, eof, eof|eof, EAGAIN, eof|eof, eof, EAGAIN) /,
    )
    expect(checkNamed(result, 'unread-fds-released').observed).toBe(
      "pipe read end: EAGAIN while the message waits, eof after the receiver's close()",
    )
  })
})
