// The socket-file-persists lab: the file outlives close(), EADDRINUSE until unlink, Node's close unlinks.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab socket-file-persists', () => {
  it('shows the leftover file, EADDRINUSE, unlink fixing it, close unlinking and a crash not', async () => {
    const result = await expectLabPassesWith('socket-file-persists', {
      checks: [
        'file-outlives-close',
        'rebind-eaddrinuse',
        'unlink-then-bind',
        'node-close-unlinks',
        'crash-leaves-file',
      ],
      values: { 'rebind-eaddrinuse': 'EADDRINUSE' },
    })
    expect(checkNamed(result, 'crash-leaves-file').evidence?.join('\n')).toMatch(
      /SIGKILL[\s\S]*srwx/,
    )
  })
})
