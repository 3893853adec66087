import { describe, expect, it } from 'vitest'
import lab from '../../labs/server-workflow.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('server-workflow lab', () => {
  it('a bound socket refuses until listen(); the client is unnamed', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'bind-without-listen-refused').value).toBe('ECONNREFUSED')
    expect(checkNamed(result, 'client-unnamed').observed).toMatch(/^client address "" \(0 bytes\)/)
  })
})
