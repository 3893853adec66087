// The msg-trunc lab: a short read of a datagram or seqpacket message sets MSG_TRUNC and loses the rest.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab msg-trunc', () => {
  it('sees MSG_TRUNC on DGRAM and SEQPACKET, the rest discarded, and the stream control keeping it', async () => {
    const result = await expectLabPassesWith('msg-trunc', {
      checks: [
        'dgram-truncated',
        'seqpacket-truncated',
        'short-read-start',
        'rest-discarded',
        'next-message-intact',
      ],
      values: { 'dgram-truncated': 'MSG_TRUNC', 'seqpacket-truncated': 'MSG_TRUNC' },
    })
    expect(checkNamed(result, 'dgram-truncated').evidence?.[0]).toContain('msg_flags=0x20')
    expect(checkNamed(result, 'short-read-start').values).toEqual([
      { kind: 'bool', label: 'the start of the datagram | the start of the message', value: 'yes' },
    ])
    expect(checkNamed(result, 'stream-control-keeps-rest').observed).toContain(
      'next read got "456789',
    )
  })
})
