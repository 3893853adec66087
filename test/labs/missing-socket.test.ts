import { describe, expect, it } from 'vitest'
import lab from '../../labs/missing-socket.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('missing-socket lab', () => {
  it('connecting to a path with no file gives ENOENT', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'connect-enoent').value).toBe('ENOENT')
  })
})
