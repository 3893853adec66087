import { describe, expect, it } from 'vitest'
import lab from '../../labs/stale-socket.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('stale-socket lab', () => {
  it('a SIGKILLed server leaves its file, and connecting to it is refused', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'connect-refused').value).toBe('ECONNREFUSED')
    expect(checkNamed(result, 'file-still-there').evidence).toContain('server exit signal: SIGKILL')
  })
})
