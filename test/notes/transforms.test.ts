import { createRequire } from 'node:module'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { curlyToCloze } from '../../src/notes/cloze.js'
import { inlineMathSpans } from '../../src/notes/inline-math.js'
import { extractObsidianTags } from '../../src/notes/obsidian-tags.js'
import { createOffsetMap } from '../../src/notes/offset-map.js'
import { parseSettings } from '../../src/notes/settings.js'
import { readSimpleYaml } from '../../src/notes/simple-yaml.js'
import { normalizeTags, splitTags } from '../../src/notes/tags.js'
import { closesFence, openingFence } from '../../src/text/fences.js'
import { bestCpuMs } from '../support/cpu-cost.js'

const require = createRequire(import.meta.url)
const matter = require('gray-matter') as typeof import('gray-matter')

describe('curlyToCloze', () => {
  const convert = (text: string, highlightsToCloze = false) =>
    curlyToCloze(text, { highlightsToCloze })

  it('numbers unnumbered clozes in order, ignoring explicit numbers (the wiki example)', () => {
    expect(convert('{cloze} {multiple} {2:some} {c1|other}')).toBe(
      '{{c1::cloze}} {{c2::multiple}} {{c2::some}} {{c1::other}}',
    )
  })

  it('leaves Anki clozes, math and code alone', () => {
    expect(convert('{{c3::Anki}} $\\frac{1}{2}$ $$\\{x\\}$$ `{a}` \\(f{x}\\)')).toBe(
      '{{c3::Anki}} $\\frac{1}{2}$ $$\\{x\\}$$ `{a}` \\(f{x}\\)',
    )
    expect(convert('```js\nconst a = {b: 1}\n```\n{x}')).toBe(
      '```js\nconst a = {b: 1}\n```\n{{c1::x}}',
    )
  })

  it('turns highlights into clozes without the triple-colon bug', () => {
    expect(convert('a ==c1::test== and ==meow==', true)).toBe('a {{c1::test}} and {{c1::meow}}')
    expect(convert('a ==kept==', false)).toBe('a ==kept==')
  })

  it('does not cross a blank line', () => {
    expect(convert('{a\n\nb}')).toBe('{a\n\nb}')
    expect(convert('{a\nb}')).toBe('{{c1::a\nb}}')
  })

  it('restores protected text containing replacement patterns verbatim', () => {
    expect(convert("`$&` and `$'` {x}")).toBe("`$&` and `$'` {{c1::x}}")
  })

  it('opens code only with a whole run of backticks, in time proportional to an unclosed run', () => {
    // Each backtick of an unclosed run was a start scanned to the end: 40,000 took seconds.
    const cpu = (text: string): number => bestCpuMs(() => convert(text))
    const field = (count: number) => `{x} ${'`'.repeat(count)}`
    // 8× the input: linear about 8× the time, quadratic 64×.
    expect(cpu(field(40_000)) / Math.max(cpu(field(5_000)), 1)).toBeLessThan(30)
    expect(convert(field(10))).toBe(`{{c1::x}} ${'`'.repeat(10)}`)
    // CommonMark: ``{a}` opens no span (its closer would be two backticks).
    expect(convert('``{a}` {b}')).toBe('``{{c1::a}}` {{c2::b}}')
    expect(convert('``{a}`` {b}')).toBe('``{a}`` {{c1::b}}')
  })
})

describe('tags', () => {
  it('normalises Obsidian tags for Anki', () => {
    expect(normalizeTags(['#a/b', 'a/b', 'x  y', '', '#', 'Z', 'a::b', 'X', 'z'])).toEqual([
      'Z',
      'a::b',
      'x',
      'y',
    ])
  })

  it('writes tags composed, so one typed on a Mac (NFD) and elsewhere (NFC) is one tag', () => {
    expect(normalizeTags(['cafe\u0301', 'caf\u00e9', 'CAFE\u0301/x', 'plain'])).toEqual([
      'CAF\u00c9::x',
      'caf\u00e9',
      'plain',
    ])
  })

  it('sorts tags in code-unit order, as the default sort does', () => {
    // Astral characters (surrogate pairs), case pairs and prefixes: where code-unit order and other orders part.
    const piece = fc.constantFrom(
      'a',
      'A',
      'b',
      'Z',
      'z',
      '0',
      ':',
      '-',
      '_',
      'é',
      '中',
      '😀',
      '\uffff',
    )
    const word = fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''))
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (words) => {
        const tags = normalizeTags(words)
        expect(tags).toEqual([...tags].sort())
        expect(new Set(tags.map((tag) => tag.toLowerCase())).size).toBe(tags.length)
      }),
      { numRuns: 2000 },
    )
  })

  it('splits tag lists on every JavaScript white space, as `\\s+` does', () => {
    expect(splitTags(' a\tb\r\nc\u000bd\u000ce  ')).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(splitTags('é\u00a0f\u3000g\ufeffh\u2028i\u200bj')).toEqual([
      'é',
      'f',
      'g',
      'h',
      'i\u200bj',
    ])
    expect(splitTags('')).toEqual([])
  })

  it('extracts Obsidian #tags outside code, keeping nested and non-ASCII tags whole', () => {
    expect(extractObsidianTags('q #one #a/b-c #日本 `#no` #42 x#y (#in)')).toEqual({
      text: 'q    `#no` #42 x#y ()',
      tags: ['one', 'a/b-c', '日本', 'in'],
    })
  })

  it('leaves a link to a heading its target (Obsidian reads no tag there)', () => {
    expect(extractObsidianTags('see [the intro](#intro) (#real)')).toEqual({
      text: 'see [the intro](#intro) ()',
      tags: ['real'],
    })
  })
})

describe('fences', () => {
  it('follows the CommonMark fence rules', () => {
    expect(openingFence('```js')).toEqual({ character: '`', length: 3 })
    expect(openingFence('   ~~~~')).toEqual({ character: '~', length: 4 })
    expect(openingFence('    ```')).toBeUndefined()
    expect(openingFence('``')).toBeUndefined()
    expect(openingFence('``` a`b')).toBeUndefined()
    expect(closesFence('````', { character: '`', length: 3 })).toBe(true)
    expect(closesFence('``', { character: '`', length: 3 })).toBe(false)
    expect(closesFence('``` js', { character: '`', length: 3 })).toBe(false)
    expect(closesFence('~~~', { character: '`', length: 3 })).toBe(false)
  })
})

describe('createOffsetMap', () => {
  it('maps offsets between CRLF and LF text both ways', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 6 }).map((s) => s.replace(/[\r\n]/g, '')),
          { maxLength: 8 },
        ),
        (lines) => {
          const lf = lines.join('\n')
          const original = lines.join('\r\n')
          const map = createOffsetMap(original)
          expect(map.normalized).toBe(lf)
          for (let offset = 0; offset <= lf.length; offset++) {
            const back = map.toOriginal(offset)
            expect(map.toNormalized(back)).toBe(offset)
            // The character at a mapped offset is the same one (a `\n` maps to its `\r`).
            if (offset < lf.length)
              expect(original[back]).toBe(lf[offset] === '\n' ? '\r' : lf[offset])
          }
        },
      ),
    )
  })
})

describe('readSimpleYaml', () => {
  it('reads plain front matter', () => {
    expect(
      readSimpleYaml([
        'deck: My Deck',
        'tags: [a, b/c]',
        'labs:',
        '  - x#y',
        '- z',
        '# note',
        'empty:',
      ]),
    ).toEqual({
      deck: 'My Deck',
      tags: ['a', 'b/c'],
      labs: ['x#y', 'z'],
    })
  })

  it('declines what it cannot be sure of', () => {
    for (const line of [
      'deck: "quoted"',
      'n: 12',
      'b: true',
      'a: b: c',
      'x: y # c',
      'nested:\n  key: v',
      'k: v\nk: w',
    ]) {
      expect(readSimpleYaml(line.split('\n'))).toBeUndefined()
    }
  })

  it('agrees with the YAML parser whenever it accepts', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_#/. :'"-]{0,8}$/)
    const line = fc.oneof(
      fc
        .tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ -]{0,6}$/), word)
        .map(([key, value]) => `${key}: ${value}`),
      fc
        .tuple(
          fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ -]{0,6}$/),
          fc.array(word, { maxLength: 3 }),
        )
        .map(([key, items]) => `${key}: [${items.join(', ')}]`),
      word.map((value) => `  - ${value}`),
      fc.stringMatching(/^[A-Za-z_]{1,6}$/).map((key) => `${key}:`),
      fc.constant('# comment'),
      fc.constant(''),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const simple = readSimpleYaml(lines)
        if (simple === undefined) return
        const full = matter(`---\n${lines.join('\n')}\n---\n`, { language: 'yaml' }).data
        expect(simple).toEqual(
          JSON.parse(JSON.stringify(full, (_, value) => (value === null ? undefined : value))),
        )
      }),
      { numRuns: 500 },
    )
  })
})

describe('parseSettings', () => {
  it('reads the plugin settings and keeps defaults for damaged keys', () => {
    const { settings, diagnostics } = parseSettings(
      JSON.stringify({
        settings: {
          Syntax: { 'Begin Note': 'BEGIN', 'End Note': '' },
          CUSTOM_REGEXPS: { Basic: '(', Cloze: '', 'Basic (and reversed card)': '^(.+)::(.+)' },
          FOLDER_DECKS: { a: 'A', b: 3 },
          Defaults: { Deck: 'D', CurlyCloze: 'yes', 'Scan Directory': '/scan/' },
        },
      }),
      'data.json',
    )
    expect(settings.syntax.beginNote).toBe('BEGIN')
    expect(settings.syntax.endNote).toBe('END')
    expect(settings.customRegexps).toEqual([
      { noteType: 'Basic (and reversed card)', pattern: '^(.+)::(.+)' },
    ])
    expect(settings.folderDecks).toEqual({ a: 'A' })
    expect([
      settings.deck,
      settings.curlyCloze,
      settings.scanDirectory,
      settings.obsidianToAnki,
    ]).toEqual(['D', false, 'scan', true])
    expect(diagnostics.map((d) => d.code)).toEqual(['malformed-settings'])
  })

  // It is an error: build and sync stop on it, so "using the defaults" alone told half of it.
  it('says a settings file that is not JSON is read with the defaults, and stops build and sync', () => {
    const { settings, diagnostics } = parseSettings('{bad', 'data.json')
    expect(settings.syntax.beginNote).toBe('START')
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'malformed-settings',
        message: expect.stringMatching(
          /expected a JSON object; the notes are read with the plugin's defaults, and build and sync stop until it is fixed$/,
        ),
      }),
    ])
  })

  // A vault's data.json may be a link to a file of the user's anywhere: a message quoting it
  // would print that file's start (a short token file whole) into a terminal or a CI log.
  it('quotes none of a settings text that is not JSON', () => {
    for (const text of ['SECRET_TOKEN=abc', 'ghp_0123456789abcdefghijklmnopqrstuvwxyz\n']) {
      const [problem] = parseSettings(text, 'data.json').diagnostics
      expect(problem?.code).toBe('malformed-settings')
      expect(problem?.message).toContain('Unexpected character: the text is not valid JSON')
      expect(problem?.message).not.toMatch(/SECRET|ghp_/)
    }
  })

  it('names a byte-order mark before the JSON (a Windows editor writes one, and it is invisible)', () => {
    const { diagnostics } = parseSettings('\uFEFF{"settings": {}}', 'data.json')
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]?.code).toBe('malformed-settings')
    expect(diagnostics[0]?.message).toContain(
      'it starts with a UTF-8 byte-order mark (BOM), which JSON does not allow; save it as UTF-8 without BOM',
    )
    expect(diagnostics[0]?.message).not.toContain('\uFEFF')
  })
})

describe('inlineMathSpans', () => {
  it("finds exactly what the plugin's inline math regex finds", () => {
    const pluginPattern = /(?<!\$)\$((?=[\S])(?=[^$])[\s\S]*?\S)\$/g
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('$', '$', ' ', 'a', '\n', 'b'), { maxLength: 30 }),
        (characters) => {
          const text = characters.join('')
          const expected = [...text.matchAll(pluginPattern)].map((match) => [
            match.index,
            match.index + match[0].length,
          ])
          expect(inlineMathSpans(text)).toEqual(expected)
        },
      ),
      { numRuns: 2000 },
    )
  })

  // The regex takes minutes on this input; the test timeout is the safety net.
  it('handles text full of unpaired dollars', () => {
    expect(inlineMathSpans('costs $5 and {x} '.repeat(50_000))).toEqual([])
  }, 20_000)
})
