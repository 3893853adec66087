// The scm-rights lab: fds pass with new numbers, unlinked files stay readable, at most 253 per message.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab scm-rights', () => {
  it('passes open files, including an unlinked one, and finds SCM_MAX_FD', async () => {
    const result = await expectLabPassesWith('scm-rights', {
      checks: ['fd-passed', 'new-fd-number', 'unlinked-file-readable', 'max-fds'],
      values: { 'max-fds': '253' },
    })
    expect(checkNamed(result, 'unlinked-file-readable').evidence?.join('\n')).toContain(
      'gone.txt (deleted)',
    )
  })
})
