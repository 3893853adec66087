import { describe, expect, it } from 'vitest'
import {
  checkAnswer,
  diffCharacters,
  formatDiff,
  normalizeAnswer,
} from '../../src/quiz/answer-check.js'
import { cardFace } from '../../src/quiz/card-face.js'
import { clozeAnswers, plainText, renderTerminal } from '../../src/terminal/markdown.js'

const plain = (markdown: string) => renderTerminal(markdown, { color: false })

describe('Markdown for the terminal', () => {
  it('renders headings, lists, quotes and indented code blocks without colour', () => {
    const markdown = [
      '## Title',
      'Some **bold**, *italic* and `code_x_y` with $a_1 + b_2$.',
      '',
      '- one',
      '- [x] done',
      '1. first',
      '> quoted',
      '```c',
      'int main(void) { return 0; }',
      '```',
    ].join('\n')
    expect(plain(markdown)).toBe(
      [
        'Title',
        'Some bold, italic and code_x_y with $a_1 + b_2$.',
        '',
        '  • one',
        '  • ☑ done',
        '  1. first',
        '│ quoted',
        '    int main(void) { return 0; }',
      ].join('\n'),
    )
  })

  it('shows links and wikilinks as their text, embeds as a placeholder', () => {
    expect(
      plain('See [[07 Lifecycle|the lifecycle]], [[Other]], [man](https://x.org) ![[a.png]]'),
    ).toBe('See the lifecycle, Other, man [a.png]')
  })

  it('styles with ANSI codes when colour is on, and never mangles escape codes', () => {
    const text = renderTerminal('**b** `c` [[x|y]] [l](u)', { color: true })
    expect(text).toBe(
      '\u001b[1mb\u001b[22m \u001b[36mc\u001b[39m \u001b[4my\u001b[24m \u001b[4ml\u001b[24m',
    )
    expect(plain('**b**')).not.toContain('\u001b')
  })

  it('emphasises inside a word with `*` but not with `_`, as CommonMark does', () => {
    expect(plain('x*y*z, foo__bar__, snake_case_name, *a_b*')).toBe(
      'xyz, foo__bar__, snake_case_name, a_b',
    )
    expect(renderTerminal('x*y*z foo__bar__', { color: true })).toBe(
      'x\u001b[3my\u001b[23mz foo__bar__',
    )
  })

  it('shows a pipe table a row a line, without its delimiter row', () => {
    expect(plain('| name | errno |\n|:--|--:|\n| `EPIPE` | 32 |\n| a\\|b |\n\nafter')).toBe(
      'name │ errno\nEPIPE │ 32\na|b │ \n\nafter',
    )
    expect(plainText('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('a b 1 2')
  })

  it('strikes through ~~text~~ as the card does, keeping the marker only when asked', () => {
    expect(plain('~~gone~~ but a ~~ b ~~ c')).toBe('gone but a ~~ b ~~ c')
    expect(renderTerminal('~~gone~~', { color: false, markers: true })).toBe('~~gone~~')
    expect(renderTerminal('~~gone~~', { color: true })).toBe('\u001b[9mgone\u001b[29m')
  })

  it('hides the asked cloze as […] or its hint and shows the others as text', () => {
    const text = 'Use {{c1::unlink()}} before {{c2::bind()::a call}}.'
    expect(renderTerminal(text, { color: false, cloze: { number: 1, reveal: false } })).toBe(
      'Use […] before bind().',
    )
    expect(renderTerminal(text, { color: false, cloze: { number: 2, reveal: false } })).toBe(
      'Use unlink() before [a call].',
    )
    expect(renderTerminal(text, { color: false, cloze: { number: 2, reveal: true } })).toBe(
      'Use unlink() before [bind()].',
    )
    expect(clozeAnswers(text, 2)).toEqual(['bind()'])
    expect(plainText('`EADDRINUSE` and **x**')).toBe('EADDRINUSE and x')
  })
})

describe('typed answers', () => {
  it('normalises case, whitespace and Unicode form', () => {
    expect(normalizeAnswer('  Caf\u0065\u0301   AU  lait ')).toBe('caf\u00e9 au lait')
    expect(checkAnswer('econnrefused', 'ECONNREFUSED').correct).toBe(true)
    expect(checkAnswer('ECONREFUSED', 'ECONNREFUSED').correct).toBe(false)
  })

  // The course's own cards judged a learner's right answer wrong: `0<1<2` for
  // `0 < 1 < 2` (the card says "write them with <"), `n+1` for `n + 1`, `bind`
  // for the cloze `bind()`. Spaces beside punctuation and a name's empty `()`
  // change nothing a learner means; letters, digits and other marks still count.
  it('ignores spaces beside punctuation and the empty parentheses after a name', () => {
    const right: [typed: string, expected: string][] = [
      ['0<1<2', '0 < 1 < 2'],
      ['0 <1< 2', '0 < 1 < 2'],
      ['n+1', 'n + 1'],
      ['send(fd,buf,len,flags)', 'send(fd, buf, len, flags)'],
      ['bind', 'bind()'],
      ['socket', 'socket()'],
      ['unlink()', 'unlink'],
      ['bind ( )', 'bind()'],
      ['poll, select() and epoll', 'poll(), select() and epoll'],
      ['poll, select and epoll', 'poll(), select() and epoll'],
      ['exactly one recv', 'exactly one recv()'],
      ['pid , uid and gid', 'pid, uid and gid'],
    ]
    for (const [typed, expected] of right) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(true)
    }
    const wrong: [typed: string, expected: string][] = [
      ['0 < 2 < 1', '0 < 1 < 2'],
      ['n', 'n + 1'],
      ['n1', 'n + 1'],
      ['bind', 'bind(fd)'],
      ['bind(', 'bind()'],
      ['bindlisten', 'bind listen'],
      ['poll, selectand epoll', 'poll(), select() and epoll'],
      ['recv()', 'exactly one recv()'],
      ['MSG TRUNC', 'MSG_TRUNC'],
      ['(', '()'],
    ]
    for (const [typed, expected] of wrong) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(false)
    }
  })

  // The course's shutdown cloze holds `end-of-file`: `end of file` was judged wrong.
  it('takes a hyphen between two words for a space', () => {
    expect(checkAnswer('end of file', 'end-of-file').correct).toBe(true)
    expect(checkAnswer('end-of-file', 'end of file').correct).toBe(true)
    expect(checkAnswer('end - of - file', 'end of file').correct).toBe(true)
    expect(checkAnswer('read only', 'read-only').correct).toBe(true)
    expect(checkAnswer('endoffile', 'end-of-file').correct).toBe(false)
    expect(checkAnswer('n 1', 'n-1').correct).toBe(false)
    expect(checkAnswer('x86 64', 'x86-64').correct).toBe(false)
  })

  // errno(3): on Linux EWOULDBLOCK is EAGAIN and ENOTSUP is EOPNOTSUPP, one number each.
  it('takes an errno by either of its Linux names', () => {
    expect(checkAnswer('EWOULDBLOCK', 'EAGAIN').correct).toBe(true)
    expect(checkAnswer('eagain', 'EWOULDBLOCK').correct).toBe(true)
    expect(checkAnswer('recv fails with EWOULDBLOCK', 'recv fails with EAGAIN').correct).toBe(true)
    expect(checkAnswer('ENOTSUP', 'EOPNOTSUPP').correct).toBe(true)
    expect(checkAnswer('EWOULDBLOCKS', 'EAGAIN').correct).toBe(false)
    expect(checkAnswer('EINTR', 'EAGAIN').correct).toBe(false)
    expect(checkAnswer('ENOTSUP', 'ENOTSOCK').correct).toBe(false)
  })

  // A phone or a Mac with smart punctuation types `—` for `--`, `…` for
  // `...`, and an IME may type full-width letters: what the learner meant is
  // the same answer. Case is folded as Unicode does it (`ß` is `ss`).
  it('folds compatibility forms, smart dashes and case as Unicode does', () => {
    const right: [typed: string, expected: string][] = [
      ['\u2014json', '--json'],
      ['wait\u2026', 'wait...'],
      ['\uff42\uff49\uff4e\uff44()', 'bind()'],
      ['\ufb01le', 'file'],
      ['1\u20133', '1-3'],
      ['n \u2212 1', 'n - 1'],
      ['non\u2011blocking', 'non-blocking'],
      ['STRASSE', 'stra\u00dfe'],
      ['\u03a3\u039f\u03a6\u039f\u03a3', '\u03c3\u03bf\u03c6\u03bf\u03c2'],
      ['sun\u00a0path', 'sun path'],
    ]
    for (const [typed, expected] of right) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(true)
    }
    const wrong: [typed: string, expected: string][] = [
      ['-json', '--json'],
      ['wait..', 'wait...'],
      ['n \u2212 1', 'n + 1'],
      ['strase', 'stra\u00dfe'],
    ]
    for (const [typed, expected] of wrong) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(false)
    }
  })

  // A keyboard has no `→`, `≤` or `×`: on a UTF-8 terminal, which shows them
  // as they are, `ECONNREFUSED -> unlink` for `ECONNREFUSED → unlink` and
  // `2x10` for `2×10` were 'not quite'. The ASCII a learner types for a
  // symbol is the same answer.
  it('takes the ASCII typed for an arrow, a comparison or a times sign', () => {
    const right: [typed: string, expected: string][] = [
      ['ECONNREFUSED -> unlink', 'ECONNREFUSED \u2192 unlink'],
      ['a->b', 'a \u2192 b'],
      ['a <- b', 'a \u2190 b'],
      ['a <-> b', 'a \u2194 b'],
      ['a => b', 'a \u21d2 b'],
      ['<= 108', '\u2264 108'],
      ['>= 1', '\u2265 1'],
      ['a != b', 'a \u2260 b'],
      ['2x10', '2\u00d710'],
      ['2 x 10', '2 \u00d7 10'],
      ['2*10', '2\u00d710'],
      ['about 1.5x', 'about 1.5\u00d7'],
      ['a \u2192 b', 'a -> b'],
    ]
    for (const [typed, expected] of right) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(true)
    }
    const wrong: [typed: string, expected: string][] = [
      ['a - b', 'a \u2192 b'],
      ['a > b', 'a \u2192 b'],
      ['< 108', '\u2264 108'],
      ['2+10', '2\u00d710'],
      ['210', '2\u00d710'],
      ['b -> a', 'a \u2192 b'],
    ]
    for (const [typed, expected] of wrong) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(false)
    }
  })

  it('diffs by character', () => {
    expect(diffCharacters('econrefused', 'econnrefused')).toEqual([
      { kind: 'same', text: 'econ' },
      { kind: 'expected', text: 'n' },
      { kind: 'same', text: 'refused' },
    ])
    expect(formatDiff(diffCharacters('cat', 'cut'), false)).toBe('c{+u+}[-a-]t')
  })

  // The Go cloze of the course holds `"unix"`, `"unixgram"` and `"unixpacket"`:
  // `unix` was judged wrong. Quotes (or backticks) around the whole answer are
  // how it is written, not what it says; curly quotes are the straight ones.
  it('ignores quotes or backticks around the whole answer, and curly quotes are straight', () => {
    const right: [typed: string, expected: string][] = [
      ['unix', '"unix"'],
      ['"unixgram"', 'unixgram'],
      ["'unixpacket'", '"unixpacket"'],
      ['“unix”', '"unix"'],
      ['`bind()`', 'bind()'],
      ['`bind`', 'bind()'],
      ['it’s', "it's"],
    ]
    for (const [typed, expected] of right) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(true)
    }
    const wrong: [typed: string, expected: string][] = [
      ['unixgram', '"unix"'],
      ['"unix', '"unix"'],
      ['its', "it's"],
      ['"a" and b', 'a and b'],
    ]
    for (const [typed, expected] of wrong) {
      expect(checkAnswer(typed, expected).correct, `${typed} for ${expected}`).toBe(false)
    }
  })
})

describe('card faces', () => {
  it('shows Back → Front for the reverse card', () => {
    const note = { noteType: 'Basic (and reversed card)', fields: { Front: 'Q', Back: 'A' } }
    expect(cardFace(note, 0, false)).toEqual({ mode: 'self', front: 'Q', back: 'A' })
    expect(cardFace(note, 1, false)).toEqual({ mode: 'self', front: 'A', back: 'Q' })
  })

  it('asks typed cards and clozes for text', () => {
    const typed = cardFace(
      {
        noteType: 'Basic (type in the answer)',
        fields: { Front: 'errno?', Back: '**EADDRINUSE**' },
      },
      0,
      false,
    )
    expect(typed).toMatchObject({ mode: 'typed', front: 'errno?', expected: 'EADDRINUSE' })
    const cloze = cardFace(
      { noteType: 'Cloze', fields: { Text: 'max is {{c1::108}} bytes', 'Back Extra': 'sun_path' } },
      0,
      false,
    )
    expect(cloze).toEqual({
      mode: 'typed',
      front: 'max is […] bytes',
      back: 'max is [108] bytes\n\nsun_path',
      expected: '108',
    })
  })
})
