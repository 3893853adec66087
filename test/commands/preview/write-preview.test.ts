import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { notetypeCss } from '../../../src/commands/build/notetype-css.js'
import { writePreview } from '../../../src/commands/preview/write-preview.js'
import { cardOrds } from '../../../src/model/cards.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import { renderNote } from '../../../src/render/render-note.js'

const fixtureVault = fileURLToPath(new URL('../../preview/fixtures/vault', import.meta.url))
const dependencies = { loadVault, renderNote }

async function tempDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-preview-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

describe('writePreview', () => {
  it('writes the page, the notetype CSS unchanged, the script and the media', async () => {
    const output = join(await tempDirectory(), 'site')
    const result = await writePreview({ cwd: fixtureVault, paths: ['.'], output }, dependencies)
    const vault = await loadVault({ cwd: fixtureVault, paths: ['.'] })
    expect(result.notes).toBe(vault.notes.length)
    expect(result.cards).toBe(vault.notes.reduce((sum, note) => sum + cardOrds(note).length, 0))
    expect(result.media).toBe(1)
    expect(result.diagnostics).toEqual([])
    const files = await readdir(output)
    const image = files.find((name) => name.endsWith('.png'))
    // Named by its bytes, as in the package.
    expect(image).toMatch(/^socket-[0-9a-f]{16}\.png$/)
    expect(files.filter((name) => name !== image).sort()).toEqual([
      '.decklab-preview.json',
      'decklab-notetype.css',
      'decklab-preview.css',
      'decklab-preview.js',
      'index.html',
      'katex',
    ])
    // Math is typeset in the browser, from a local copy of KaTeX.
    expect((await readdir(join(output, 'katex'))).sort()).toEqual([
      'auto-render.min.js',
      'fonts',
      'katex.min.css',
      'katex.min.js',
      'mhchem.min.js',
    ])
    expect(await readFile(join(output, 'decklab-notetype.css'), 'utf8')).toBe(notetypeCss)
    const html = await readFile(join(output, 'index.html'), 'utf8')
    expect(html.match(/<article class="dp-card"/g)).toHaveLength(result.cards)
    expect(html).toContain(`<img src="${image}"`)
  })

  it('refuses a folder it did not write, and removes its own stale media on a re-run', async () => {
    const root = await tempDirectory()
    const foreign = join(root, 'foreign')
    await mkdir(foreign)
    await writeFile(join(foreign, 'notes.txt'), 'keep me')
    await expect(
      writePreview({ cwd: fixtureVault, paths: ['.'], output: foreign }, dependencies),
    ).rejects.toThrow(/Unexpected files in/)
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('keep me')

    // A vault whose image goes away between two runs.
    const vault = join(root, 'vault')
    await mkdir(vault)
    await writeFile(join(vault, 'pic.png'), await readFile(join(fixtureVault, 'img', 'socket.png')))
    const note = 'START\nBasic\nFront: a picture ![[pic.png]]\nBack: b\nEND\n'
    await writeFile(join(vault, 'n.md'), note)
    const output = join(root, 'site')
    const first = await writePreview({ cwd: vault, paths: ['.'], output }, dependencies)
    expect(first.media).toBe(1)
    expect(existsSync(join(output, 'katex'))).toBe(false)
    const image = (await readdir(output)).find((name) => name.endsWith('.png')) as string
    await writeFile(join(vault, 'n.md'), note.replace(' ![[pic.png]]', ''))
    await writePreview({ cwd: vault, paths: ['.'], output }, dependencies)
    expect(existsSync(join(output, image))).toBe(false)
    expect(existsSync(join(output, 'index.html'))).toBe(true)
  })

  it('still writes the page when the notes have errors, listing them', async () => {
    const root = await tempDirectory()
    await writeFile(
      join(root, 'n.md'),
      'START\nBasic\nFront: ok\nBack: fine\nEND\n\nSTART\nBasic\nFront: never ends\n',
    )
    const output = join(root, 'site')
    const result = await writePreview({ cwd: root, paths: ['n.md'], output }, dependencies)
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
    expect(errors.length).toBeGreaterThan(0)
    const html = await readFile(join(output, 'index.html'), 'utf8')
    expect(html).toContain(errors[0]?.code as string)
    expect(html).toContain('dp-has-errors')
  })

  it('rejects a verify report that is not one, before writing anything', async () => {
    const root = await tempDirectory()
    await writeFile(join(root, 'report.json'), '{"labs": []}')
    const output = join(root, 'site')
    await expect(
      writePreview(
        { cwd: root, paths: [fixtureVault], output, verifyReport: 'report.json' },
        dependencies,
      ),
    ).rejects.toThrow(/`notes` array/)
    await expect(
      writePreview(
        { cwd: root, paths: [fixtureVault], output, verifyReport: 'missing.json' },
        dependencies,
      ),
    ).rejects.toThrow(/ENOENT/)
    expect(existsSync(output)).toBe(false)
  })
})
