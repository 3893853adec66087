import { describe, expect, it } from 'vitest'
import { renderTerminal } from '../../src/terminal/markdown.js'
import { cutLine, visibleWidth, wrapLine } from '../../src/terminal/wrap.js'

describe('fitting text to the terminal', () => {
  it('wraps at spaces, keeps a bullet’s hanging indent and never counts escape codes', () => {
    const line = '  • \u001b[1mbold\u001b[22m words that go on and on past the edge'
    const lines = wrapLine(line, 20)
    expect(lines.map((text) => visibleWidth(text))).toEqual(
      lines.map((text) => Math.min(20, visibleWidth(text))),
    )
    for (const continuation of lines.slice(1)) expect(continuation).toMatch(/^ {4}\S/)
    expect(lines.map((text) => text.trim()).join(' ')).toBe(line.trim())
  })

  it('splits only a word wider than the line', () => {
    expect(wrapLine('a abcdefghijklmnop', 8)).toEqual(['a', 'abcdefgh', 'ijklmnop'])
  })

  it('cuts code with a marker, keeping its escape codes whole', () => {
    const code = '\u001b[2mconst x = 1; // a long comment\u001b[22m'
    const cut = cutLine(code, 12)
    expect(visibleWidth(cut)).toBe(12)
    expect(cut.startsWith('\u001b[2mconst x = 1')).toBe(true)
    expect(cut.endsWith('›')).toBe(true)
    expect(cutLine('short', 12)).toBe('short')
  })

  it('renders a card for a width: prose wrapped and indented, code cut', () => {
    const text = renderTerminal(
      'one two three four five six seven\n\n```\nlong_code_line_that_will_not_fit();\n```',
      { color: false, indent: 2, width: 20 },
    )
    expect(text.split('\n')).toEqual([
      '  one two three four',
      '  five six seven',
      '',
      '      long_code_lin›',
    ])
  })
})
