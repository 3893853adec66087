// Obsidian block identifiers (`text ^id`) are hidden in Obsidian's reading view:
// a card showed `SIGINT ^sig-answer`. One that may be text (`^C`) is warned of.
import { describe, expect, it } from 'vitest'
import { fieldMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { plainText } from '../../src/terminal/markdown.js'
import { makeNote } from '../render/temp-vault.js'
import { bestCpuMs } from '../support/cpu-cost.js'

function rendered(front: string) {
  const result = renderNote(makeNote({ Front: front, Back: 'b' }))
  return {
    html: Object.values(result.fields)[0],
    warned: result.diagnostics.filter((d) => d.code === 'block-id-hidden').map((d) => d.message),
  }
}

describe('Obsidian block identifiers', () => {
  it('are left out at the end of a paragraph or list item, and as a paragraph after a table', () => {
    expect(rendered('SIGINT ^sig-answer')).toEqual({ html: 'SIGINT', warned: [] })
    expect(rendered('- one ^a1b2c3\n- two').html).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>')
    expect(rendered('| a |\n|---|\n| 1 |\n\n^table-1').html).not.toContain('table-1')
    expect(plainText('SIGINT ^sig-answer')).toBe('SIGINT')
  })

  it('stay text inside a line, in code, in a table cell, escaped, or without a space before', () => {
    for (const text of ['a ^b c', 'run `kill ^x`', '2^10', 'Press \\^C']) {
      expect(rendered(text).html, text).toContain('^')
    }
    expect(rendered('| a ^b |\n|---|\n| 1 |').html).toContain('a ^b')
  })

  it('warn when the one left out may be text: two characters or fewer, or a number', () => {
    expect(rendered('Ctrl-C sends ^C').warned).toHaveLength(1)
    expect(rendered('Ctrl-C sends ^C').warned[0]).toContain('`^C`')
    expect(rendered('two to the ten is 2 ^10').warned).toHaveLength(1)
    expect(rendered('answer ^a1b2c3').warned).toEqual([])
  })

  it('send every field that may warn of one to rendering in `check`', () => {
    expect(fieldMayNeedHtmlCheck('Ctrl-C sends ^C')).toBe(true)
    expect(fieldMayNeedHtmlCheck('- one ^C\n- two')).toBe(true)
    expect(fieldMayNeedHtmlCheck('2^10 and x^2')).toBe(false)
  })

  it('cost time proportional to a long run of blanks, with or without an identifier after it', () => {
    // Each blank of the run was a start from which `[ \t]+` ran to the run's end:
    // 100,000 spaces took a minute. 8× the input: linear about 8× the time, quadratic 64×.
    for (const end of ['x', 'x ^abc']) {
      const field = (count: number) => `a${' '.repeat(count)}${end}`
      const small = bestCpuMs(() => rendered(field(5_000)))
      const large = bestCpuMs(() => rendered(field(40_000)))
      expect(large / Math.max(small, 1), end).toBeLessThan(30)
      expect(fieldMayNeedHtmlCheck(field(40_000))).toBe(end !== 'x')
    }
    expect(rendered(`a${' '.repeat(40_000)}x ^abc`).html).toBe(`a${' '.repeat(40_000)}x`)
    expect(rendered('SIGINT \t  ^sig-answer  ').html).toBe('SIGINT')
  })
})
