// The autobind lab: the kernel names an unnamed socket \0 + five hex digits.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab autobind', () => {
  it('publishes 5 hex digits and releases the names afterwards', async () => {
    const result = await expectLabPassesWith('autobind', {
      checks: ['autobind-five-hex', 'autobind-abstract'],
      values: { 'autobind-five-hex': '5' },
    })
    const names = checkNamed(result, 'autobind-five-hex').observed.match(/@[0-9a-f]{5}\b/g) ?? []
    expect(names).toHaveLength(3)
    const addresses = readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[7])
    for (const name of names) expect(addresses).not.toContain(name)
  })
})
