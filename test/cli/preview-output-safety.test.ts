// `decklab preview -o DIR` writes into DIR and nowhere else, and removes only
// what it wrote there: its manifest's names are checked when read, and the
// KaTeX files are listed one by one, so a file the user puts beside them stays;
// a link in the output is replaced, never written through.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
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

describe('decklab preview, links in the output folder', () => {
  it('replaces a link standing where it wrote a file, never writing through it', async () => {
    const vault = await tempProject({
      'a.md': `${mathNote.replace('$x^2$', '$x^2$ ![[pic.png]]')}`,
      'pic.png': 'not really a picture',
    })
    expect(preview(vault).code).toBe(0)
    const names = manifest(vault).filter((name) => name !== manifestName)
    expect(names.some((name) => name.endsWith('.png'))).toBe(true)
    const before = readFileSync(join(vault, 'a.md'), 'utf8')
    for (const name of names) {
      rmSync(join(vault, 'out', name))
      symlinkSync(join(vault, 'a.md'), join(vault, 'out', name))
    }
    const result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(join(vault, 'a.md'), 'utf8')).toBe(before)
    for (const name of names) expect(lstatSync(join(vault, 'out', name)).isFile()).toBe(true)
  })

  it('replaces a link standing where its KaTeX folder was, writing nothing through it', async () => {
    const vault = await tempProject({
      'a.md': mathNote,
      'user/katex.min.js': 'user script',
      'user/fonts/KaTeX_Main-Regular.woff2': 'user font',
    })
    expect(preview(vault).code).toBe(0)
    const katex = join(vault, 'out', 'katex')
    rmSync(join(katex, 'fonts'), { recursive: true })
    symlinkSync(join('..', '..', 'user', 'fonts'), join(katex, 'fonts'))
    let result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(join(vault, 'user', 'fonts', 'KaTeX_Main-Regular.woff2'), 'utf8')).toBe(
      'user font',
    )
    expect(readdirSync(join(vault, 'user', 'fonts'))).toEqual(['KaTeX_Main-Regular.woff2'])
    expect(lstatSync(join(katex, 'fonts')).isDirectory()).toBe(true)

    rmSync(katex, { recursive: true })
    symlinkSync(join('..', 'user'), katex)
    result = preview(vault)
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(join(vault, 'user', 'katex.min.js'), 'utf8')).toBe('user script')
    expect(readdirSync(join(vault, 'user')).sort()).toEqual(['fonts', 'katex.min.js'])
    expect(lstatSync(katex).isDirectory()).toBe(true)
    expect(readFileSync(join(katex, 'katex.min.js'), 'utf8')).not.toBe('user script')
  })

  it('refuses, with exit 2 naming it, a link or file it never wrote where the KaTeX folder goes', async () => {
    const vault = await tempProject({ 'a.md': plainNote, 'user/katex.min.js': 'user script' })
    expect(preview(vault).code).toBe(0)
    const katex = join(vault, 'out', 'katex')
    symlinkSync(join('..', 'user'), katex)
    writeFileSync(join(vault, 'a.md'), mathNote)
    const linked = preview(vault)
    expect(linked.stderr).toContain(
      'error Unexpected `out/katex`: a symbolic link, expected a folder `decklab preview` wrote; nothing was written through it',
    )
    expect(linked.code).toBe(2)
    expect(readdirSync(join(vault, 'user'))).toEqual(['katex.min.js'])
    expect(readFileSync(join(vault, 'user', 'katex.min.js'), 'utf8')).toBe('user script')

    rmSync(katex)
    writeFileSync(katex, 'mine')
    const file = preview(vault)
    expect(file.stderr).toContain('error Unexpected `out/katex`: a regular file, expected a folder')
    expect(file.code).toBe(2)
    expect(readFileSync(katex, 'utf8')).toBe('mine')
    // Refused, the names it never wrote stay off its list, and the next run still refuses.
    expect(manifest(vault).filter((name) => name.startsWith('katex'))).toEqual([])
    rmSync(katex)
    symlinkSync(join('..', 'user'), katex)
    expect(preview(vault).code).toBe(2)
  })
})

describe('decklab preview, a file it did not write', () => {
  it('is never written over, even under a name preview uses: exit 2 naming it', async () => {
    const vault = await tempProject({ 'a.md': plainNote })
    expect(preview(vault).code).toBe(0)
    const katex = join(vault, 'out', 'katex')
    mkdirSync(katex)
    writeFileSync(join(katex, 'katex.min.js'), 'mine')
    writeFileSync(join(vault, 'a.md'), mathNote)
    const refused = preview(vault)
    expect(refused.stderr).toContain(
      'error Unexpected `out/katex/katex.min.js`: a regular file `decklab preview` did not write, expected nothing by that name; nothing was written over it',
    )
    expect(refused.code).toBe(2)
    expect(readFileSync(join(katex, 'katex.min.js'), 'utf8')).toBe('mine')
    // Refusing did not make it the tool's: the next run refuses again, and once it is moved, writes.
    expect(preview(vault).code).toBe(2)
    rmSync(join(katex, 'katex.min.js'))
    const again = preview(vault)
    expect(again.code, again.stderr).toBe(0)
    expect(manifest(vault)).toContain('katex/katex.min.js')
  })
})
