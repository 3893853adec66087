// The path-limit lab: sun_path is 108 bytes; python3 stops at 107; Node 20 truncates longer paths.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab path-limit', () => {
  it('measures 108 bytes from the kernel and records what Node created', async () => {
    const result = await expectLabPassesWith('path-limit', {
      checks: ['sun-path-size', 'python-max-107', 'node-truncates'],
      values: { 'sun-path-size': '108' },
    })
    expect(checkNamed(result, 'sun-path-size').evidence).toContain(
      'bind(2) 109-byte sun_path (addrlen 111): failed with EINVAL',
    )
  })
})
