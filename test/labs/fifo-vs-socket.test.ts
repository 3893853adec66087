import { describe, expect, it } from 'vitest'
import lab from '../../labs/fifo-vs-socket.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('fifo-vs-socket lab', () => {
  it('a FIFO is one shared one-way stream; a socket has a channel per client', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'fifo-has-path').observed).toMatch(/^fifo p.* socket s/)
    expect(checkNamed(result, 'fifo-one-way').value).toBe('EBADF')
  })
})
