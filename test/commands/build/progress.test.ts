import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createProgressBar } from '../../../src/commands/build/progress.js'
import { visibleWidth } from '../../../src/terminal/wrap.js'

describe('createProgressBar', () => {
  it('redraws one line only when the percentage moves, and erases it', () => {
    const stream = new PassThrough()
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    const bar = createProgressBar(stream, 'rendering', {}, 10)
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

// A status wider than the terminal wrapped, and erasing it cleared only its last row: the first
// rows stayed on the screen above the summary (a 30-column terminal, `writing dist/…apkg…`).
describe('a progress line on a narrow terminal', () => {
  it('is cut to one row of the terminal', () => {
    const stream = Object.assign(new PassThrough(), { columns: 20 })
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    const bar = createProgressBar(stream, 'rendering', {}, 10)
    bar.status('writing dist/Unix Domain Sockets.apkg…')
    bar.update(500, 1000)
    expect(chunks).toEqual(['\r\u001b[2Kwriting dist/Unix …', '\rrendering [#####  …'])
    for (const chunk of chunks) expect(visibleWidth(chunk.replace(/^\r(\u001b\[2K)?/, ''))).toBe(19)
  })
})

// A pseudo-terminal that does not know its width (0 columns: `script` under a pipe) got lines of
// any length, while verify's and the quiz's lines took `COLUMNS`.
describe('a progress line on a terminal that does not know its width', () => {
  it('is cut to `COLUMNS`', () => {
    const stream = Object.assign(new PassThrough(), { columns: 0 })
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    const bar = createProgressBar(stream, 'rendering', { COLUMNS: '20' }, 10)
    bar.status('writing dist/Unix Domain Sockets.apkg…')
    expect(chunks).toEqual(['\r\u001b[2Kwriting dist/Unix …'])
  })

  it('is cut to 80 columns without `COLUMNS`', () => {
    const stream = Object.assign(new PassThrough(), { columns: 0 })
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    createProgressBar(stream, 'rendering', {}).status('x'.repeat(100))
    expect(chunks).toEqual([`\r\u001b[2K${'x'.repeat(78)}…`])
  })
})
