import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { renderTerminal } from '../../src/terminal/markdown.js'
import { cutLine, keepEnd, visibleWidth, wrapLine } from '../../src/terminal/wrap.js'

const tmux = spawnSync('tmux', ['-V']).status === 0

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

// Widths counted one cell per code point: a card in Japanese or Chinese, or with emoji, was laid
// out twice as wide as the terminal draws it, so the terminal wrapped it again mid-line.
describe('fitting wide and combining characters', () => {
  it('counts East Asian wide characters and emoji as two cells, combining marks as none', () => {
    expect(visibleWidth('日本語')).toBe(6)
    expect(visibleWidth('소켓')).toBe(4)
    expect(visibleWidth('ＡＢ')).toBe(4)
    expect(visibleWidth('🚀 ok')).toBe(5)
    expect(visibleWidth('e\u0301te\u200b')).toBe(3)
    expect(visibleWidth('\u001b[1m日本\u001b[0m')).toBe(4)
  })

  it('wraps and cuts them within the width, losing no character', () => {
    const text = 'ソケットファイルはプロセス間通信の端点です。🚀 そして unlink で消えます'
    const lines = wrapLine(text, 10)
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(10)
    expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''))
    const cut = cutLine('日本語のテキストです', 7)
    expect(cut).toBe('日本語›')
    expect(visibleWidth(cut)).toBe(7)
    expect(keepEnd('Unix::ソケット::基本', 8)).toBe('…::基本')
  })

  // The widths above are Unicode's; a real terminal (tmux) draws each wrapped line on one row.
  it.skipIf(!tmux)('gives lines a terminal draws on one row each (tmux, 20 columns)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-cells-'))
    const socket = join(root, 'tmux.sock')
    const run = (...args: string[]) =>
      spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' })
    onTestFinished(() => {
      run('kill-server')
      rmSync(root, { recursive: true, force: true })
    })
    const text =
      'ソケットファイルはプロセス間通信の端点です。🚀 そして unlink で消えます、소켓 파일은 끝점입니다'
    const lines = wrapLine(text, 20)
    writeFileSync(join(root, 'lines.txt'), `${lines.join('\n')}\nEND\n`)
    run('new-session', '-d', '-x', '20', '-y', '30', `cat '${join(root, 'lines.txt')}'; sleep 30`)
    let rows: string[] = []
    for (let tries = 0; tries < 50 && !rows.includes('END'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      rows = run('capture-pane', '-p')
        .stdout.split('\n')
        .map((row) => row.trimEnd())
    }
    expect(rows.slice(0, rows.indexOf('END'))).toEqual(lines)
  })
})
