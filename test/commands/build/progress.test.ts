import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgressBar } from '../../../src/commands/build/progress.js'

describe('createProgressBar', () => {
  it('redraws one line only when the percentage moves, and erases it', () => {
    const stream = new PassThrough()
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    const bar = createProgressBar(stream, 'rendering', 10)
    for (let done = 1; done <= 1000; done += 1) bar.update(done, 1000)
    bar.finish()
    // 0% … 100%: 101 drawings, then the erase.
    expect(chunks).toHaveLength(102)
    expect(chunks[0]).toBe('\rrendering [          ]   0% 1/1000')
    expect(chunks[50]).toBe('\rrendering [#####     ]  50% 500/1000')
    expect(chunks[100]).toBe('\rrendering [##########] 100% 1000/1000')
    expect(chunks[101]).toBe('\r\u001b[2K')
  })
})
