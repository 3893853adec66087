// `decklab preview -o DIR` writes into DIR and nowhere else, and removes only
// what it wrote there: its manifest's names are checked when read, and the
// KaTeX files are listed one by one, so a file the user puts beside them stays.
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const manifestName = '.decklab-preview.json'
const mathNote = 'START\nBasic\nFront: what is $x^2$\nBack: a square\nEND\n'
const plainNote = 'START\nBasic\nFront: what is x\nBack: a letter\nEND\n'

/** `decklab preview a.md -o out` in `cwd`. */
function preview(cwd: string) {
  return runDecklab(['preview', 'a.md', '-o', 'out'], { cwd })
}

function manifest(cwd: string): string[] {
  return JSON.parse(readFileSync(join(cwd, 'out', manifestName), 'utf8')).files
}

describe('decklab preview, a damaged manifest', () => {
  it('drops names that are empty, absolute or lead out of the folder, and every later run works', async () => {
    const cwd = await tempProject({ 'v/a.md': plainNote, 'v/keep.txt': 'keep' })
    const vault = join(cwd, 'v')
    expect(preview(vault).code).toBe(0)
    const outside = join(vault, 'keep.txt')
    const damaged = ['', '.', '..', outside, '../keep.txt', 'x/../../keep.txt', 'a//b']
    const files = [...manifest(vault), ...damaged]
    writeFileSync(join(vault, 'out', manifestName), JSON.stringify({ files }))
    for (let run = 0; run < 2; run++) {
      const result = preview(vault)
      expect(result.stderr).toContain('wrote out/index.html')
      expect(result.code).toBe(0)
      for (const name of damaged) expect(manifest(vault)).not.toContain(name)
    }
    expect(readFileSync(outside, 'utf8')).toBe('keep')
  })
})

describe('decklab preview, the KaTeX folder', () => {
  it('lists each KaTeX file, and when math goes removes only those, keeping a file the user added', async () => {
    const vault = await tempProject({ 'a.md': mathNote })
    expect(preview(vault).code).toBe(0)
    expect(manifest(vault)).toContain('katex/katex.min.js')
    expect(manifest(vault)).not.toContain('katex')
    const fonts = manifest(vault).filter((name) => name.startsWith('katex/fonts/'))
    expect(fonts.length).toBeGreaterThan(0)
    writeFileSync(join(vault, 'out', 'katex', 'mine.txt'), 'precious')

    writeFileSync(join(vault, 'a.md'), plainNote)
    const result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(join(vault, 'out', 'katex'))).toEqual(['mine.txt'])
    expect(readFileSync(join(vault, 'out', 'katex', 'mine.txt'), 'utf8')).toBe('precious')
    expect(manifest(vault).filter((name) => name.startsWith('katex'))).toEqual([])
  })

  it('removes the KaTeX folder once its own files are gone and nothing else is in it', async () => {
    const vault = await tempProject({ 'a.md': mathNote })
    expect(preview(vault).code).toBe(0)
    writeFileSync(join(vault, 'a.md'), plainNote)
    expect(preview(vault).code).toBe(0)
    expect(existsSync(join(vault, 'out', 'katex'))).toBe(false)
  })

  it('from a manifest listing only `katex`, removes only the files equal to the KaTeX it would write', async () => {
    const vault = await tempProject({ 'a.md': mathNote })
    expect(preview(vault).code).toBe(0)
    // As an earlier version left it: the folder by its name alone.
    const files = [...manifest(vault).filter((name) => !name.startsWith('katex/')), 'katex']
    writeFileSync(join(vault, 'out', manifestName), JSON.stringify({ files }))
    const katex = join(vault, 'out', 'katex')
    writeFileSync(join(katex, 'mine.txt'), 'precious')
    writeFileSync(join(katex, 'katex.min.js'), 'my own katex')

    writeFileSync(join(vault, 'a.md'), plainNote)
    const result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readdirSync(katex).sort()).toEqual(['katex.min.js', 'mine.txt'])
    expect(readFileSync(join(katex, 'katex.min.js'), 'utf8')).toBe('my own katex')
    expect(manifest(vault)).not.toContain('katex')
  })

  it('from a manifest listing only `katex`, a run still using math rewrites it and lists each file', async () => {
    const vault = await tempProject({ 'a.md': mathNote })
    expect(preview(vault).code).toBe(0)
    const listed = manifest(vault)
    const files = [...listed.filter((name) => !name.startsWith('katex/')), 'katex']
    writeFileSync(join(vault, 'out', manifestName), JSON.stringify({ files }))
    writeFileSync(join(vault, 'out', 'katex', 'mine.txt'), 'precious')
    const result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(manifest(vault)).toEqual(listed)
    expect(readFileSync(join(vault, 'out', 'katex', 'mine.txt'), 'utf8')).toBe('precious')
  })

  it('never removes files through a link standing where the KaTeX folder was', async () => {
    const vault = await tempProject({
      'a.md': mathNote,
      'user/katex.min.js': 'user script',
      'user/fonts/KaTeX_Main-Regular.woff2': 'user font',
    })
    expect(preview(vault).code).toBe(0)
    rmSync(join(vault, 'out', 'katex'), { recursive: true })
    symlinkSync(join('..', 'user'), join(vault, 'out', 'katex'))
    writeFileSync(join(vault, 'a.md'), plainNote)
    const result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(join(vault, 'user', 'katex.min.js'), 'utf8')).toBe('user script')
    expect(readdirSync(join(vault, 'user', 'fonts'))).toEqual(['KaTeX_Main-Regular.woff2'])
  })
})
