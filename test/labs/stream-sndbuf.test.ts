import { describe, expect, it } from 'vitest'
import lab from '../../labs/stream-sndbuf.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('stream-sndbuf lab', () => {
  it("a full stream connection gives EAGAIN, bounded by the sender's SO_SNDBUF alone", async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'full-eagain').value).toBe('EAGAIN')
    expect(checkNamed(result, 'sndbuf-doubled').value).toBe('16384')
    // The receiver's SO_RCVBUF, shrunk or raised, lets in the same bytes as the default.
    const [, tiny, base, big] =
      /receiver SO_RCVBUF \d+: (\d+) B; default \d+: (\d+) B; \d+: (\d+) B;/.exec(
        checkNamed(result, 'sender-buffer-only').observed,
      ) ?? []
    expect(tiny).toBeDefined()
    expect([tiny, big]).toEqual([base, base])
    const values = (name: string) =>
      (checkNamed(result, name).values ?? []).map((value) => `${value.label}=${value.value}`)
    expect(values('sender-buffer-only')).toContain('ignored | ignores | has no effect=yes')
    expect(values('blocking-waits')).toEqual(['waits | blocks=yes', 'goes through | resumes=yes'])
    expect(values('small-writes')).toContain('fewer bytes=yes')
  })
})
