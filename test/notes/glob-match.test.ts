import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { compileGlob, compileGlobs } from '../../src/notes/glob-match.js'
import { parseSettings } from '../../src/notes/settings.js'

// [glob, path, matches]: minimatch's (multimatch's) answers.
const cases: [string, string, boolean][] = [
  ['**/*.excalidraw.md', 'a/b.excalidraw.md', true],
  ['**/*.excalidraw.md', 'b.excalidraw.md', true],
  ['**/*.excalidraw.md', '.hidden/b.excalidraw.md', false],
  ['**/*.excalidraw.md', 'b.md', false],
  ['ignore_setting/scan_dir/*ignored/**', 'ignore_setting/scan_dir/xignored/a.md', true],
  ['ignore_setting/scan_dir/*ignored/**', 'ignore_setting/scan_dir/ignored/a/b.md', true],
  ['ignore_setting/scan_dir/*ignored/**', 'ignore_setting/scan_dir/kept/a.md', false],
  ['*.md', 'a.md', true],
  ['*.md', '.a.md', false],
  ['*.md', '.md', false],
  ['*.md', 'a.b.md', true],
  ['?md', '.md', false],
  ['a/*.md', 'a/.b.md', false],
  ['a/*.md', 'a/b..md', true],
  ['*.md', 'x/a.md', false],
  ['.*.md', '.a.md', true],
  ['a/*', 'a/', false],
  ['a/*', 'a/b', true],
  ['a/*', 'a/b/c', false],
  ['{a,b}/*.md', 'b/c.md', true],
  ['{a,b/c}/*.md', 'b/c/d.md', true],
  ['x{1..3}.md', 'x2.md', true],
  ['x{1..3}.md', 'x4.md', false],
  ['x{a..c}.md', 'xb.md', true],
  ['[a-c]?.md', 'bz.md', true],
  ['[!a-c]?.md', 'bz.md', false],
  ['[!a-c]?.md', 'dz.md', true],
  ['[[:digit:]]*.md', '1a.md', true],
  ['[[:digit:]]*.md', 'a1.md', false],
  ['+(ab|c).md', 'ababc.md', true],
  ['@(ab|c).md', 'ababc.md', false],
  ['@(ab|c).md', 'c.md', true],
  ['*(a|b)x', 'x', true],
  ['*(a|b)x', 'abbax', true],
  ['?(a)x', 'ax', true],
  ['?(a)x', 'aax', false],
  ['a/**', 'a/b/c', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/.x/b', false],
  ['**', 'a/b', true],
  ['**', '.a/b', false],
  ['**/**', 'bba', true],
  ['a/**/**/b', 'a/x/b', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['notes/draft-?.md', 'notes/draft-1.md', true],
  ['notes/draft-?.md', 'notes/draft-12.md', false],
]

describe('compileGlob', () => {
  it.each(cases)('%s on %s → %s', (glob, path, expected) => {
    expect(compileGlob(glob)(path)).toBe(expected)
  })

  it('agrees with picomatch on the cases where both follow minimatch', () => {
    // picomatch reads `[!…]` differently; everything else here is shared ground.
    const shared = cases.filter(([glob]) => !glob.includes('[!'))
    for (const [glob, path] of shared) {
      expect([glob, path, compileGlob(glob)(path)]).toEqual([glob, path, picomatch(glob)(path)])
    }
  })

  it('matches a 40-character name against globs that make regex engines backtrack for minutes', () => {
    // picomatch takes 5 s on 28 characters with a glob like the first, and
    // doubles with every character; the NFA reads each character once. (No
    // glob here ends in literal text, which would rule the name out at once.)
    const name = `${'a'.repeat(40)}.md`
    for (const glob of [
      '*a*a*a*a*a*a*a*a*a*a*a*a*b*',
      '**/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*.md*',
      '+(a|aa)+(a|aa)+(a|aa)+(a|aa)b*',
      '*(*(a))*(*(a))*(*(a))*(*(a))b*',
    ]) {
      expect(compileGlob(glob)(name)).toBe(false)
    }
    expect(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b*')(`${'a'.repeat(40)}b.md`)).toBe(true)
    expect(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b')(`${'a'.repeat(40)}.md`)).toBe(false)
  })
})

describe('compileGlobs', () => {
  it('follows multimatch: globs in order, `!glob` takes a path out again', () => {
    const { matches } = compileGlobs(['drafts/**', '!drafts/keep.md', 'drafts/keep.md'])
    expect(matches('drafts/a.md')).toBe(true)
    expect(compileGlobs(['drafts/**', '!drafts/keep.md']).matches('drafts/keep.md')).toBe(false)
    expect(matches('drafts/keep.md')).toBe(true)
    expect(compileGlobs(['!drafts/**']).matches('notes/a.md')).toBe(false)
  })

  it('reports globs it cannot match, which then match nothing', () => {
    const { matches, problems } = compileGlobs([
      '!(a).md',
      '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}',
      'x.md',
    ])
    expect(problems.map((problem) => problem.glob)).toEqual([
      '!(a).md',
      '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}',
    ])
    expect(matches('b.md')).toBe(false)
    expect(matches('x.md')).toBe(true)
  })

  it('turns an unsupported glob in the settings into an `unsupported-glob` warning', () => {
    const text = JSON.stringify({ settings: { IGNORED_FILE_GLOBS: ['!(keep).md', '*.tmp.md'] } })
    const { settings, diagnostics } = parseSettings(text, 'data.json')
    expect(settings.ignoredFileGlobs).toEqual(['!(keep).md', '*.tmp.md'])
    expect(diagnostics.map((d) => [d.severity, d.code, d.message.includes('!(keep).md')])).toEqual([
      ['warning', 'unsupported-glob', true],
    ])
  })
})
