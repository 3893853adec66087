import { describe, expect, it } from 'vitest'
import { createColors, shouldColor, stripColors } from '../../src/terminal/colors.js'

describe('createColors', () => {
  it('wraps text in SGR codes that close only their own attribute', () => {
    const colors = createColors(true)
    expect(colors.red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(colors.dim('x')).toBe('\u001b[2mx\u001b[22m')
    expect(colors.red(colors.strikethrough('x'))).toBe('\u001b[31m\u001b[9mx\u001b[29m\u001b[39m')
    expect(colors.green(colors.underline('x'))).toBe('\u001b[32m\u001b[4mx\u001b[24m\u001b[39m')
  })

  it('is the identity when colour is off', () => {
    const colors = createColors(false)
    for (const style of [
      'red',
      'green',
      'yellow',
      'cyan',
      'dim',
      'bold',
      'underline',
      'strikethrough',
    ] as const) {
      expect(colors[style]('x')).toBe('x')
    }
  })
})

describe('shouldColor', () => {
  it('colours a terminal unless NO_COLOR is set; FORCE_COLOR colours a pipe', () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true)
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true)
    expect(shouldColor({}, {})).toBe(false)
    expect(shouldColor({}, { FORCE_COLOR: '1' })).toBe(true)
    expect(shouldColor({}, { FORCE_COLOR: '0' })).toBe(false)
    expect(shouldColor({}, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false)
  })

  // A terminal with TERM=dumb (Emacs's M-x shell) showed every SGR code as text around the card.
  it('does not colour a terminal that says it has no colours (TERM=dumb), unless forced', () => {
    expect(shouldColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false)
    expect(shouldColor({ isTTY: true }, { TERM: 'xterm-256color' })).toBe(true)
    expect(shouldColor({ isTTY: true }, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true)
  })
})

describe('stripColors', () => {
  it('removes every SGR code the colours write, and only those', () => {
    const colors = createColors(true)
    expect(stripColors(colors.red(colors.strikethrough('x')) + colors.bold(' y'))).toBe('x y')
    expect(stripColors('\u001b[31;9mx\u001b[0m [1m')).toBe('x [1m')
  })
})
