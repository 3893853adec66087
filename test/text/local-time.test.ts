import { describe, expect, it } from 'vitest'
import { formatLocalTime } from '../../src/text/local-time.js'

// The test run sets TZ=UTC, so local time is UTC here.
describe('formatLocalTime', () => {
  it('shows a moment to the day or to the minute, zero-padded', () => {
    const moment = new Date('2026-01-03T09:05:59Z')
    expect(formatLocalTime(moment, 'day')).toBe('2026-01-03')
    expect(formatLocalTime(moment, 'minute')).toBe('2026-01-03 09:05')
  })
})
