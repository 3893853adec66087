// Obsidian hides `%%…%%` outside editing: a card must not show (or ship) it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { obsidianComments, stripObsidianComments } from '../../src/markdown/obsidian-comments.js'

describe('Obsidian comments in a field', () => {
  it.each([
    ['an inline comment', 'ECONNREFUSED %%see connect(2)%%', 'ECONNREFUSED '],
    ['two comments on a line', 'a %%b%% c %%d%% e', 'a  c  e'],
    ['a comment across lines', 'a\n%%\nanswer key\n\nmore\n%%\nb', 'a\n\nb'],
    ['a comment holding a fence', 'a %%x\n```\ny\n```\nz%% b', 'a  b'],
    ['a comment closing mid-line', 'a %%x\ny%% b %%c%% d', 'a  b  d'],
    ['a comment holding backticks', 'a %% `x %% b', 'a  b'],
    [
      'a comment after a quoted fence its quote left open',
      '> ```\n> x\n\nkey %%y%%',
      '> ```\n> x\n\nkey ',
    ],
    [
      'a comment after a list fence its item left',
      '- a\n    ```\n    x\nb %%y%%',
      '- a\n    ```\n    x\nb ',
    ],
    [
      'a comment in a quote after its fence',
      '> ```\n> x\n> ```\n> key %%y%%',
      '> ```\n> x\n> ```\n> key ',
    ],
  ])('leaves out %s', (_name, text, kept) => {
    expect(stripObsidianComments(text)).toBe(kept)
  })

  it.each([
    ['in a code span', 'run `printf %%d%%` now'],
    ['in a fence', '```\nprintf("%%d%%")\n```'],
    ['in a tilde fence, until it closes', '~~~\n%%\n~~~'],
    [
      'in a fence in a callout',
      '> [!example] Loop\n> ```bat\n> for %%i in (*) do echo %%i\n> ```\n> done',
    ],
    ['in a fence in a nested quote', '> > ```\n> > echo 100%%\n> >\n> > echo %%x\n> > ```'],
    [
      'in a fence under a list item',
      '1. Write:\n    ```bat\n    for %%i in (*) do echo %%i\n    ```\n2. Run',
    ],
    [
      'in a fence opened on a list item line',
      '- ```bat\n  for %%i in (*) do echo %%i\n  ```\n- Run',
    ],
    [
      'in a tab-indented fence under a list item',
      '- Write:\n\t```bat\n\tfor %%i in (*) do echo %%i\n\t```',
    ],
    ['unclosed (Obsidian would hide the rest of the note)', '100%% sure'],
    ['with none at all', 'plain text'],
  ])('keeps %%…%% as text %s', (_name, text) => {
    expect(stripObsidianComments(text)).toBe(text)
  })

  it('reads a fence after a comment, and a comment after a fence', () => {
    expect(stripObsidianComments('%%a%%\n```\n%%b%%\n```\n%%c%% d')).toBe('\n```\n%%b%%\n```\n d')
  })

  it('gives comments that start and end with %% markers, in order, never overlapping', () => {
    const part = fc.constantFrom('%%', '%', '`', '```', '~~~', '\n', 'a', ' ', '    ', '> ', '\t')
    fc.assert(
      fc.property(fc.array(part, { maxLength: 20 }), (parts) => {
        const text = parts.join('')
        let last = 0
        for (const [start, end] of obsidianComments(text)) {
          expect(start).toBeGreaterThanOrEqual(last)
          expect(text.slice(start, start + 2)).toBe('%%')
          expect(text.slice(end - 2, end)).toBe('%%')
          expect(end - start).toBeGreaterThanOrEqual(4)
          last = end
        }
      }),
      { numRuns: 2000 },
    )
  })
})
