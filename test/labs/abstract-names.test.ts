// The abstract-names lab: no file, @name in /proc/net/unix, exact length matters, released on close.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab abstract-names', () => {
  it('passes and leaves no abstract name bound', async () => {
    const result = await expectLabPassesWith('abstract-names', {
      checks: [
        'no-file-created',
        'proc-net-unix-at',
        'exact-length-peer',
        'name-released-on-close',
        'node-pads-name',
      ],
    })
    const name = checkNamed(result, 'proc-net-unix-at').observed
    expect(name).toMatch(/^@decklab-[0-9a-f]+$/)
    const table = readFileSync('/proc/net/unix', 'utf8')
    expect(table).not.toContain(name)
    expect(table).not.toContain(name.replace('@decklab-', '@decklab-node-'))
    // Node 20 pads abstract names to 108 bytes; a newer Node binds the exact length.
    expect(['padded', 'exact']).toContain(checkNamed(result, 'node-pads-name').value)
  })
})
