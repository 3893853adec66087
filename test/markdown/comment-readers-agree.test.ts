// Three readers tell where an Obsidian comment is open: the renderer
// (`obsidianComments`, which strips a field's comments), the block reader's
// line by line state (`commentStateAfterLine`, which hides `Back:` lines in a
// comment) and the file scanner (`openedComment`/`closesComment`, which hides
// whole card blocks). A code span crossing a line break within a paragraph
// (`` `printf %%d `` then `` value` ``) holds its `%%` as code in all three;
// a line read alone took it for an opening marker, leaking the comment after it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { createReporter } from '../../src/diagnostics/reporter.js'
import {
  type CommentState,
  commentStateAfterLine,
  obsidianComments,
  stripObsidianComments,
} from '../../src/markdown/obsidian-comments.js'
import {
  openCodeOrComment,
  scanCommentLine,
  scanFenceLine,
} from '../../src/notes/code-and-comments.js'
import type { FileScan } from '../../src/notes/file-scan.js'
import { defaultSyntax } from '../../src/notes/settings.js'
import { splitLines } from '../../src/notes/text-lines.js'
import { IndentedCode } from '../../src/text/indented-code.js'

/**
 * The renderer: whether a comment is open at the end of each line. It keeps a
 * `%%` no later one closes as text: a `%%` after a blank line closes any left open.
 */
function rendererOpen(text: string): boolean[] {
  const lines = splitLines(text)
  const ranges = obsidianComments(`${text}\n\n%%`)
  return lines.map((line) => ranges.some(([start, end]) => start < line.end && end > line.end))
}

/** The block reader, line by line: whether a comment is open at the end of each line. */
function blockReaderOpen(text: string): boolean[] {
  const lines = text.split('\n')
  let state: CommentState = { open: false, fence: undefined, code: undefined }
  const indented = new IndentedCode((index) => lines[index]!)
  return lines.map((line, index) => {
    state = commentStateAfterLine(
      state,
      line,
      (count) => lines[index + count],
      lines.slice(0, index),
      indented,
    )
    return state.open
  })
}

/** The file scanner: whether a comment is open at the end of each line. */
function scannerOpen(text: string): boolean[] {
  const lines = splitLines(text)
  const diagnostics: Diagnostic[] = []
  const scan = {
    lines,
    syntax: defaultSyntax,
    report: createReporter('a.md', diagnostics),
    ignoreSpans: undefined,
    fence: undefined,
    comment: undefined,
    code: undefined,
    indented: new IndentedCode((index) => lines[index]!.text),
  } as unknown as FileScan
  return lines.map((_line, index) => {
    if (scan.fence && scanFenceLine(scan, index)) {
      // a line of the fence
    } else if (scan.comment) scanCommentLine(scan, index)
    else openCodeOrComment(scan, index)
    return scan.comment !== undefined
  })
}

describe('the three comment readers', () => {
  it.each([
    [
      'a code span across a line break',
      'Use `printf %%d\nvalue` here, then %%secret%% end',
      'Use `printf %%d\nvalue` here, then  end',
    ],
    [
      'a span that opens on a line with no marker',
      'a `b\n%%c%%\nd` e %%f%% g',
      'a `b\n%%c%%\nd` e  g',
    ],
    ['a span a blank line ends', 'a `b %%c\n\nd` %% e', 'a `b  e'],
    ['a span a heading ends', '# a `b %%x\nd` %% e', '# a `b  e'],
    ['a span a list item ends', '- a `b %%x\n- c` %%y%% e', '- a `b y%% e'],
    ['a span a quote ends', 'a `b %%x\n> c` %%y%%', 'a `b y%%'],
    ['a span a fence ends', 'a `b\n```\n%%x%%\n```\nc` %%y%%', 'a `b\n```\n%%x%%\n```\nc` '],
    ['a span in a quote', '> a `b %%x\n> c` %%y%%', '> a `b %%x\n> c` '],
    ['a span in a list item', '- a `b %%x\n  c` %%y%% e', '- a `b %%x\n  c`  e'],
    ['a span on a lazy line of a quote', '> a `b %%x\nc` %%y%%', '> a `b %%x\nc` '],
    ['a span after a comment closed', 'a %%x\ny%% `b %%c\nd` e', 'a  `b %%c\nd` e'],
    ['backticks in a comment', 'a %%`b\nc%% d` %%e%%', 'a  d` '],
    ['escaped backticks (no span)', 'Use \\`%%secret%%\\` here', 'Use \\`\\` here'],
    ['an escaped backslash (a span)', 'Use \\\\`%%d%%` here', 'Use \\\\`%%d%%` here'],
    ['an escaped backtick before a span', 'a \\``b %%c%% d` e', 'a \\``b %%c%% d` e'],
    ['an escaped backtick a later line does not close', 'a \\`b\nc %%x%% d` e', 'a \\`b\nc  d` e'],
    ['a span of two backticks', 'a ``b ` %%c\nd `` %%e%%', 'a ``b ` %%c\nd `` '],
    [
      'a fence its list item ends',
      '- item\n  ~~~\n  code\n%%secret%% shown\n~~~',
      '- item\n  ~~~\n  code\n shown\n~~~',
    ],
    [
      'a fence after a lazy line of its list item',
      '- item\nlazy text\n  ~~~\n  code\n%%secret%% shown\n~~~',
      '- item\nlazy text\n  ~~~\n  code\n shown\n~~~',
    ],
    [
      'a fence a blank line and a margin line took out of the list',
      '- item\n\nnot lazy\n  ~~~\n  %%code%%\n~~~',
      '- item\n\nnot lazy\n  ~~~\n  %%code%%\n~~~',
    ],
    ['a fence that opens its list item', '- ~~~\n  a\n%%b%% c', '- ~~~\n  a\n c'],
    ['indented code', 'a\n\n    x %%d\n\n    y\nb %%c%% e', 'a\n\n    x %%d\n\n    y\nb  e'],
    ['an indented lazy line', 'a\n    x %%d\nb%% e', 'a\n    x  e'],
    ['an indented paragraph of a list item', '- a\n\n    x %%d\nb%% e', '- a\n\n    x  e'],
    ['indented code in a list item', '- a\n\n      x %%d\n\nb %%c%%', '- a\n\n      x %%d\n\nb '],
  ])('agree on %s', (_name, text, kept) => {
    expect(stripObsidianComments(text)).toBe(kept)
    const renderer = rendererOpen(text)
    expect(blockReaderOpen(text)).toEqual(renderer)
    expect(scannerOpen(text)).toEqual(renderer)
  })

  it('agree on any text', () => {
    const piece = fc.constantFrom(
      'a',
      ' ',
      '\\',
      '`',
      '``',
      '%%',
      '> ',
      '- ',
      '# ',
      '```',
      '~~~',
      '    ',
      '',
    )
    const line = fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join(''))
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.join('\n')
        const renderer = rendererOpen(text)
        expect(blockReaderOpen(text)).toEqual(renderer)
        expect(scannerOpen(text)).toEqual(renderer)
      }),
      { numRuns: 3000 },
    )
  })
})
