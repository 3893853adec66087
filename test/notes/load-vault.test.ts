import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { loadVault } from '../../src/notes/load-vault.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-load-vault-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(path: string, content: string | Uint8Array) {
  await mkdir(dirname(join(dir, path)), { recursive: true })
  await writeFile(join(dir, path), content)
}
const card = (front: string, extra = '') => `START\nBasic\n${front}\nBack: answer\n${extra}END\n`
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

describe('loadVault', () => {
  it('reads notes/ by default, in path order, skipping dot-folders, node_modules and non-.md files', async () => {
    await write('notes/b.md', card('b'))
    await write('notes/a/z.md', card('a/z'))
    await write('notes/.hidden/x.md', card('hidden'))
    await write('notes/node_modules/x.md', card('module'))
    await write('notes/readme.txt', card('text'))
    const vault = await loadVault({ cwd: dir })
    expect(vault.notes.map((note) => [note.source.file, note.fields.Front])).toEqual([
      ['notes/a/z.md', 'a/z'],
      ['notes/b.md', 'b'],
    ])
    expect(vault.files.map((file) => file.file)).toEqual(['notes/a/z.md', 'notes/b.md'])
    // Without .obsidian/, the vault root is the folder decklab runs in.
    expect(vault.notes[0]?.source.vaultRoot).toBe(dir)
    expect(vault.notes[0]?.deck).toBe('Default')
    expect(vault.notes[0]?.tags).toEqual([])
  })

  it('throws a UsageError for a path that does not exist', async () => {
    await expect(loadVault({ cwd: dir, paths: ['missing'] })).rejects.toBeInstanceOf(UsageError)
  })

  it('removes a BOM, keeps CRLF and records both', async () => {
    const text = card('crlf').replace(/\n/g, '\r\n')
    await write('v/crlf.md', `\uFEFF${text}`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    const [file] = vault.files
    expect([file?.bom, file?.eol, file?.text]).toEqual([true, '\r\n', text])
    expect(vault.notes[0]?.source.idInsertOffset).toBe(text.indexOf('END'))
    expect(vault.notes[0]?.fields).toEqual({ Front: 'crlf', Back: 'answer' })
  })

  it('reports files that are not UTF-8 and keeps going', async () => {
    await write('v/a-nul.md', new Uint8Array([0x53, 0x0a, 0x00]))
    await write('v/b-latin1.md', new Uint8Array([0x6f, 0x6b, 0x0a, 0x63, 0x61, 0x66, 0xe9]))
    await write('v/c-good.md', card('good'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/a-nul.md:2:1 not-utf8',
      'v/b-latin1.md:2:4 not-utf8',
    ])
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['good'])
  })

  it('reports duplicate ids across files at the second ID line', async () => {
    await write('v/a.md', card('first', '<!--ID: 1700000000001-->\n'))
    await write('v/b.md', `text\n${card('copy', '<!--ID: 1700000000001-->\n')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/b.md:6:1 duplicate-id',
    ])
  })

  it('applies --deck over every other deck source', async () => {
    await write('v/a.md', `TARGET DECK: Target\n${card('q')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v/a.md'], deck: 'Override' })
    expect(vault.notes[0]?.deck).toBe('Override')
  })

  it('checks lab links against a catalog when one is given', async () => {
    await write('v/a.md', card('q', 'Lab: known#yes, known#no, unknown\n'))
    const vault = await loadVault({
      cwd: dir,
      paths: ['v'],
      knownLabs: new Map([['known', ['yes']]]),
    })
    expect(vault.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '5:17 unknown-lab',
      '5:27 unknown-lab',
    ])
  })

  it('suggests the nearest lab or check for a typo', async () => {
    await write('v/a.md', card('q', 'Lab: stale-sockt, stale-socket#conect-refused\n'))
    const vault = await loadVault({
      cwd: dir,
      paths: ['v'],
      knownLabs: new Map([
        ['stale-socket', ['connect-refused', 'file-still-there']],
        ['missing-socket', ['connect-enoent']],
      ]),
    })
    expect(vault.diagnostics.map((d) => d.message)).toEqual([
      'Unexpected lab `stale-sockt`, expected a lab id from `decklab lab list` (did you mean `stale-socket`?)',
      'Unexpected check `conect-refused` for lab `stale-socket`, expected `connect-refused`, or one of `connect-refused`, `file-still-there`',
    ])
  })

  it('finds the .obsidian vault above a path and applies its settings', async () => {
    await write(
      `vault/${settingsPath}`,
      JSON.stringify({
        settings: {
          FOLDER_DECKS: { 'topics/math': 'Math', topics: 'Topics' },
          FOLDER_TAGS: { topics: 'a b', 'topics/math': 'c' },
          IGNORED_FILE_GLOBS: ['**/*.skip.md'],
          Defaults: { 'Scan Directory': 'topics', Tag: 'OtA' },
        },
      }),
    )
    await write('vault/topics/math/algebra.md', card('algebra'))
    await write('vault/topics/intro.md', card('intro'))
    await write('vault/topics/x.skip.md', card('ignored'))
    await write('vault/outside.md', card('outside the scan directory'))
    const vault = await loadVault({ cwd: join(dir, 'vault'), paths: ['.'] })
    expect(vault.notes.map((note) => [note.source.file, note.deck, note.tags])).toEqual([
      ['topics/intro.md', 'Topics', ['OtA', 'a', 'b']],
      ['topics/math/algebra.md', 'Math', ['OtA', 'a', 'b', 'c']],
    ])
    // A folder outside the scan directory, named on purpose, is read.
    await write('vault/other/b.md', card('other'))
    const other = await loadVault({ cwd: join(dir, 'vault'), paths: ['other'] })
    expect(other.notes.map((note) => note.fields.Front)).toEqual(['other'])
    // A file given by name is read even outside the scan directory.
    const single = await loadVault({ cwd: dir, paths: ['vault/topics/math/algebra.md'] })
    expect(single.notes[0]?.source.vaultRoot).toBe(join(dir, 'vault'))
    expect(single.notes[0]?.deck).toBe('Math')
  })

  it('reports a damaged settings file and uses the defaults', async () => {
    await write(`vault/${settingsPath}`, '{ not json')
    await write('vault/a.md', card('q'))
    const vault = await loadVault({ cwd: dir, paths: ['vault'] })
    expect(vault.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      `vault/${settingsPath} malformed-settings`,
    ])
    expect(vault.notes).toHaveLength(1)
  })

  it('follows symlinked files but not symlinked folders', async () => {
    await write('v/.attic/a.md', card('real'))
    await write('v/own.md', card('own'))
    await symlink(join(dir, 'v/.attic/a.md'), join(dir, 'v/link.md'))
    await symlink(join(dir, 'v/.attic'), join(dir, 'v/folder-link'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/link.md', 'v/own.md'])
  })
})
