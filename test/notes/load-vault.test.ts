import { execFileSync } from 'node:child_process'
import { link, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DecklabError, InterruptedError, UsageError } from '../../src/errors.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { createRegexBudget } from '../../src/notes/regex-match.js'
import { parseSettings } from '../../src/notes/settings.js'

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

  it('reads each file whole and alone: a long file, then shorter ones after it', async () => {
    // Longer than the buffer note files are read into, then files read into that buffer.
    const long = card(`long ${'x'.repeat(300_000)}`)
    await write('v/a.md', long)
    await write('v/b.md', card(`b ${'y'.repeat(1000)}`))
    await write('v/c.md', card('ç'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.files.map((file) => [file.text, file.size])).toEqual([
      [long, long.length],
      [card(`b ${'y'.repeat(1000)}`), card('b').length + 1001],
      [card('ç'), card('ç').length + 1],
    ])
    expect(vault.notes.map((note) => note.fields.Front?.length)).toEqual([300_005, 1002, 1])
  })

  it('refuses a path that does not exist as path-not-found, not as a usage error', async () => {
    const error = await loadVault({ cwd: dir, paths: ['missing'] }).catch((caught) => caught)
    expect(error).toBeInstanceOf(DecklabError)
    expect(error).not.toBeInstanceOf(UsageError)
    expect(error.code).toBe('path-not-found')
  })

  it('refuses a settings file named that is missing or unreadable, not as a usage error', async () => {
    await write('a.md', 'START\nBasic\nQ\nBack: A\nEND\n')
    await mkdir(join(dir, 'folder.json'))
    const missing = await loadVault({ cwd: dir, paths: ['a.md'], settingsFile: 'none.json' }).catch(
      (caught) => caught,
    )
    expect([missing.constructor.name, missing.code]).toEqual(['DecklabError', 'path-not-found'])
    const folder = await loadVault({
      cwd: dir,
      paths: ['a.md'],
      settingsFile: 'folder.json',
    }).catch((caught) => caught)
    expect([folder.constructor.name, folder.code]).toEqual(['DecklabError', 'settings-unreadable'])
  })

  it('says why a path named that is there cannot be looked at (a link loop), not that it is missing', async () => {
    await symlink('loop.md', join(dir, 'loop.md'))
    await expect(loadVault({ cwd: dir, paths: ['loop.md'] })).rejects.toThrow(
      'Unexpected path `loop.md`: it is a link to `loop.md` that loops: following it never reaches a file (ELOOP)',
    )
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

  it('refuses a note file over 16 MiB by its size, without reading it, and keeps going', async () => {
    await write('v/a-big.md', '')
    // Sparse: no disk taken, and all NUL bytes, which a read would report as not UTF-8.
    await truncate(join(dir, 'v/a-big.md'), 16 * 1024 * 1024 + 1)
    await write('v/b-exactly.md', card('x').padEnd(16 * 1024 * 1024, ' '))
    await write('v/c-good.md', card('good'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/a-big.md:1:1 note-too-large',
    ])
    expect(vault.diagnostics[0]?.message).toContain('of 16.0 MiB, expected at most 16 MiB')
    expect(vault.notes.map((n) => n.fields.Front)).toEqual(['x', 'good'])
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
    // The byte names the encoding the file is in (0xE9: a Latin-1 or Windows-1252 é).
    expect(vault.diagnostics[1]?.message).toContain('Unexpected byte `0xE9` that is not UTF-8')
    expect(vault.diagnostics[1]?.hint).toContain('iconv -f WINDOWS-1252 -t UTF-8')
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['good'])
  })

  it('says a UTF-16 file (Windows Notepad\'s "Unicode") is UTF-16, at its start', async () => {
    const text = 'START\r\nBasic\r\nQ\r\nBack: A\r\nEND\r\n'
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const big = Buffer.from(little.subarray(2)).swap16()
    await write('v/a-utf16le.md', little)
    await write('v/b-utf16be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), big]))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/a-utf16le.md:1:1 not-utf8',
      'v/b-utf16be.md:1:1 not-utf8',
    ])
    for (const diagnostic of vault.diagnostics) {
      expect(diagnostic.message).toContain('Unexpected UTF-16 text')
      expect(diagnostic.hint).toContain('save the file as UTF-8')
    }
  })

  it('warns at a START after a byte-order mark inside a file, where the END was a stray one', async () => {
    // Two notes joined (`cat a.md b.md`): the second one's mark is invisible before its START.
    await write('v/joined.md', `# A\n\n\uFEFF${card('joined')}`)
    await write('v/own.md', `\uFEFF${card('its own mark')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(vault)).toEqual(['v/joined.md:3:1 block-after-bom', 'v/joined.md:7:1 stray-end'])
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['its own mark'])
  })

  it('says UTF-16 saved without a byte-order mark is UTF-16, at its start, not a NUL at 1:2', async () => {
    // PowerShell's and some exporters' "Unicode" has no mark: the error said a NUL byte at 1:2,
    // which no editor that detects UTF-16 shows, and the hint gave no way to convert it.
    const text = '# Notes\n\nSTART\nBasic\nQ\nBack: A\nEND\n'
    await write('v/a-le.md', Buffer.from(text, 'utf16le'))
    await write('v/b-be.md', Buffer.from(text, 'utf16le').swap16())
    await write('v/c-nul.md', `${text}x\0y\n`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/a-le.md:1:1 not-utf8',
      'v/b-be.md:1:1 not-utf8',
      'v/c-nul.md:8:2 not-utf8',
    ])
    expect(vault.diagnostics[0]?.message).toContain(
      'Unexpected UTF-16 text without a byte-order mark',
    )
    expect(vault.diagnostics[0]?.hint).toContain('iconv -f UTF-16LE -t UTF-8')
    expect(vault.diagnostics[1]?.hint).toContain('iconv -f UTF-16BE -t UTF-8')
    expect(vault.diagnostics[2]?.message).toContain('Unexpected NUL byte')
  })

  it('reports duplicate ids across files at the second ID line', async () => {
    await write('v/a.md', card('first', '<!--ID: 1700000000001-->\n'))
    await write('v/b.md', `text\n${card('copy', '<!--ID: 1700000000001-->\n')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/b.md:6:1 duplicate-id',
    ])
    // Which one is the copy is the user's to tell: the hint names both, not "this one".
    expect(vault.diagnostics[0]?.hint).toContain(
      'whichever of the two is the copy (this one or the one at v/a.md:',
    )
  })

  it('applies --deck over every other deck source', async () => {
    await write('v/a.md', `TARGET DECK: Target\n${card('q')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v/a.md'], deck: 'Override' })
    expect(vault.notes[0]?.deck).toBe('Override')
  })

  it('takes TARGET DECK over front matter `deck:`, and warns when they name different decks', async () => {
    await write('v/a.md', `---\ndeck: Front::Matter\n---\nTARGET DECK\nTarget\n${card('q')}`)
    await write('v/b.md', `---\ndeck: same\n---\nTARGET DECK: Same\n${card('r')}`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.deck)).toEqual(['Target', 'Same'])
    expect(vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'v/a.md:2:1 deck-conflict',
    ])
    expect(vault.diagnostics[0]?.message).toContain('the notes go to `Target`')
    // `--deck` overrides both: no conflict to tell.
    const overridden = await loadVault({ cwd: dir, paths: ['v'], deck: 'Override' })
    expect(overridden.diagnostics).toEqual([])
  })

  it('stops with InterruptedError on a signal that fires during the vault-wide checks, not after', async () => {
    await write('notes/a.md', card('a'))
    const controller = new AbortController()
    // The lab check is the last of them: the signal fires as it reads the catalog.
    const labs = {
      get checks() {
        controller.abort(new Error('received SIGINT'))
        return new Map<string, string[]>()
      },
      broken: new Map<string, string>(),
    }
    await expect(loadVault({ cwd: dir, labs, signal: controller.signal })).rejects.toBeInstanceOf(
      InterruptedError,
    )
  })

  it('checks lab links against a catalog when one is given', async () => {
    await write('v/a.md', card('q', 'Lab: known#yes, known#no, unknown\n'))
    const vault = await loadVault({
      cwd: dir,
      paths: ['v'],
      labs: { checks: new Map([['known', ['yes']]]), broken: new Map() },
    })
    expect(vault.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '5:17 unknown-lab',
      '5:27 unknown-lab',
    ])
  })

  it('suggests the nearest lab or check for a typo', async () => {
    await write(
      'v/a.md',
      card('q', 'Lab: stale-sockt, stale-socket#conect-refused, missing-socket#enoent\n'),
    )
    const vault = await loadVault({
      cwd: dir,
      paths: ['v'],
      labs: {
        checks: new Map([
          ['stale-socket', ['connect-refused', 'file-still-there']],
          ['missing-socket', ['connect-enoent']],
        ]),
        broken: new Map(),
      },
    })
    expect(vault.diagnostics.map((d) => d.message)).toEqual([
      'Unexpected lab `stale-sockt`, expected a lab id from `decklab lab list` (did you mean `stale-socket`?)',
      'Unexpected check `conect-refused` for lab `stale-socket`, expected `connect-refused` (the nearest), or `file-still-there`',
      // One check: named once, not "expected `connect-enoent`, or one of `connect-enoent`".
      "Unexpected check `enoent` for lab `missing-socket`, expected `connect-enoent`, the lab's only check",
    ])
  })

  // An answer line without `Back:` is text of the front: the card shows question and answer at once.
  it('warns empty-answer at a Basic note whose Back is empty, not at a Cloze', async () => {
    await write(
      'notes/a.md',
      [
        'START\nBasic\nWhy?\nBecause.\nEND\n',
        'START\nBasic (type in the answer)\nWhat?\nBack: \nEND\n',
        'START\nBasic\nWho?\nBack: me\nEND\n',
        'START\nCloze\nThe {{c1::sun}}\nEND\n',
      ].join('\n'),
    )
    const vault = await loadVault({ cwd: dir })
    expect(vault.notes).toHaveLength(4)
    expect(vault.diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([
      ['empty-answer', 1, 'warning'],
      ['empty-answer', 7, 'warning'],
    ])
    expect(vault.diagnostics[0]?.message).toContain(
      'a line without the `Back:` prefix is text of the front',
    )
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
    // A folder outside the scan directory, named on purpose, is read, and the plugin's settings said so.
    await write('vault/other/b.md', card('other'))
    const other = await loadVault({ cwd: join(dir, 'vault'), paths: ['other'] })
    expect(other.notes.map((note) => note.fields.Front)).toEqual(['other'])
    expect(other.diagnostics.map((entry) => [entry.file, entry.severity, entry.code])).toEqual([
      ['other', 'warning', 'left-out-by-settings'],
    ])
    expect(other.diagnostics[0]?.message).toContain('outside the Scan Directory `topics`')
    // A file given by name is read; inside the scan directory, without a word.
    const single = await loadVault({ cwd: dir, paths: ['vault/topics/math/algebra.md'] })
    expect(single.notes[0]?.source.vaultRoot).toBe(join(dir, 'vault'))
    expect(single.notes[0]?.deck).toBe('Math')
    expect(single.diagnostics).toEqual([])
    // Outside it, or ignored by a glob (named twice): read, and said once each.
    const left = await loadVault({
      cwd: join(dir, 'vault'),
      paths: ['outside.md', 'topics/x.skip.md', './outside.md'],
    })
    expect(left.notes.map((note) => note.fields.Front)).toEqual([
      'outside the scan directory',
      'ignored',
    ])
    expect(left.diagnostics.map((entry) => [entry.file, entry.code])).toEqual([
      ['outside.md', 'left-out-by-settings'],
      ['topics/x.skip.md', 'left-out-by-settings'],
    ])
    expect(left.diagnostics[1]?.message).toContain('the ignore glob `**/*.skip.md`')
  })

  it('matches the settings\u2019 folders in any Unicode form: a vault copied from a Mac holds NFD names', async () => {
    // The plugin's keys are Obsidian's paths, in NFC; the folders on disk came from a Mac in NFD.
    const nfd = (path: string) => path.normalize('NFD')
    await write(
      `vault/${settingsPath}`,
      JSON.stringify({
        settings: {
          FOLDER_DECKS: { 'Matières/Français': 'Français' },
          FOLDER_TAGS: { Matières: 'école' },
          IGNORED_FILE_GLOBS: ['Matières/Brouillons/**'],
          Defaults: { 'Scan Directory': 'Matières', Tag: '' },
        },
      }),
    )
    await write(nfd('vault/Matières/Français/verbes.md'), card('verbes'))
    await write(nfd('vault/Matières/Brouillons/idée.md'), card('brouillon'))
    await write('vault/Autre/y.md', card('outside'))
    const vault = await loadVault({ cwd: join(dir, 'vault'), paths: ['.'] })
    expect(vault.diagnostics).toEqual([])
    expect(vault.notes.map((note) => [note.fields.Front, note.deck, note.tags])).toEqual([
      ['verbes', 'Français', ['école']],
    ])
    // Named, the draft is read, and said to be ignored by the glob.
    const named = await loadVault({
      cwd: join(dir, 'vault'),
      paths: [nfd('Matières/Brouillons/idée.md')],
    })
    expect(named.diagnostics.map((entry) => entry.code)).toEqual(['left-out-by-settings'])
  })

  it('reads the whole vault, as the plugin does, when the Scan Directory names no folder, and says so', async () => {
    const settings = (folder: string) =>
      write(
        `vault/${settingsPath}`,
        JSON.stringify({ settings: { Defaults: { 'Scan Directory': folder } } }),
      )
    await write('vault/Flashcards/a.md', card('renamed folder'))
    await write('vault/b.md', card('top'))
    // The folder was renamed in Obsidian, which leaves the setting as it was.
    await settings('Cards')
    const missing = await loadVault({ cwd: join(dir, 'vault'), paths: ['.'] })
    expect(missing.notes.map((note) => note.fields.Front)).toEqual(['renamed folder', 'top'])
    expect(missing.diagnostics.map((entry) => [entry.file, entry.code])).toEqual([
      [settingsPath, 'scan-directory-missing'],
    ])
    expect(missing.diagnostics[0]?.message).toContain('`Cards`')
    expect(missing.diagnostics[0]?.message).toContain('the whole vault is read')
    // A file there: the plugin reads nothing, and decklab says why.
    await settings('b.md')
    const file = await loadVault({ cwd: join(dir, 'vault'), paths: ['.'] })
    expect(file.notes).toEqual([])
    expect(file.diagnostics.map((entry) => entry.code)).toContain('scan-directory-missing')
    expect(file.diagnostics[0]?.message).toContain('no note is read')
    // The folder as it is now: read alone, without a word.
    await settings('Flashcards')
    const right = await loadVault({ cwd: join(dir, 'vault'), paths: ['.'] })
    expect(right.notes.map((note) => note.fields.Front)).toEqual(['renamed folder'])
    expect(right.diagnostics).toEqual([])
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

  it('does not read a settings file over 64 MiB and uses the defaults', async () => {
    await write(`vault/${settingsPath}`, '')
    // Sparse NUL bytes: a read would be malformed-settings, not unreadable.
    await truncate(join(dir, 'vault', settingsPath), 64 * 1024 * 1024 + 1)
    await write('vault/a.md', card('q'))
    const vault = await loadVault({ cwd: dir, paths: ['vault'] })
    expect(vault.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      `vault/${settingsPath} settings-unreadable`,
    ])
    expect(vault.diagnostics[0]?.message).toContain('it is 64.0 MiB, too large to read')
    expect(vault.notes).toHaveLength(1)
  })

  it('follows symlinked files but not symlinked folders', async () => {
    await write('v/.attic/a.md', card('real'))
    await write('v/own.md', card('own'))
    await symlink(join(dir, 'v/.attic/a.md'), join(dir, 'v/link.md'))
    await symlink(join(dir, 'v/.attic'), join(dir, 'v/folder-link'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/link.md', 'v/own.md'])
    // Inside the vault: its notes are read where they are, so the link needs no word.
    expect(vault.diagnostics).toEqual([])
  })

  it('warns of a folder link leading out of the vault, whose notes are not read', async () => {
    await write('elsewhere/deep.md', card('outside'))
    await mkdir(join(dir, 'v/.obsidian'), { recursive: true })
    await write('v/own.md', card('own'))
    await symlink(join(dir, 'elsewhere'), join(dir, 'v/linked'))
    await symlink(join(dir, 'nowhere'), join(dir, 'v/dangling'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['own'])
    expect(codes(vault)).toEqual(['v/linked:1:1 folder-link-outside-vault'])
    expect(vault.diagnostics[0]?.severity).toBe('warning')
    expect(vault.diagnostics[0]?.message).toContain(`(to \`${join(dir, 'elsewhere')}\`)`)
    // An ignored path says nothing.
    await write(`v/${settingsPath}`, settings({ IGNORED_FILE_GLOBS: ['linked/**'] }))
    const ignoring = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(ignoring)).toEqual([])
  })
})

// What the vault loader must not read, and must not hang on (issue 15 "Reading
// what it shouldn't"; issue 16 item 3).
const settings = (value: object) => JSON.stringify({ settings: value })
async function mkfifo(path: string) {
  await mkdir(dirname(join(dir, path)), { recursive: true })
  execFileSync('mkfifo', [join(dir, path)])
}
const codes = (vault: Awaited<ReturnType<typeof loadVault>>) =>
  vault.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)

describe('notes outside the vault', () => {
  it('does not read plugin settings that link outside the vault, nor show what is there', async () => {
    await write('outside/passwd', 'root:x:0:0:root:/root:/bin/bash\n')
    await write('vault/own.md', card('own'))
    await mkdir(dirname(join(dir, 'vault', settingsPath)), { recursive: true })
    await symlink(join(dir, 'outside/passwd'), join(dir, 'vault', settingsPath))
    const vault = await loadVault({ cwd: dir, paths: ['vault'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['own'])
    expect(codes(vault)).toEqual([`vault/${settingsPath}:1:1 settings-outside-vault`])
    expect(JSON.stringify(vault.diagnostics)).not.toContain('root:x')
  })

  it('does not read a symlinked note whose real file is outside the vault, even for a match-all regex', async () => {
    await write('outside/passwd', 'root:x:0:0:root:/root:/bin/bash\n')
    await write(`vault/${settingsPath}`, settings({ CUSTOM_REGEXPS: { Basic: '^(root.*)$' } }))
    await write('vault/own.md', card('own'))
    await symlink(join(dir, 'outside/passwd'), join(dir, 'vault/passwd.md'))
    const vault = await loadVault({ cwd: dir, paths: ['vault'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['own'])
    expect(vault.files.map((file) => file.file)).toEqual(['vault/own.md'])
    expect(codes(vault)).toEqual(['vault/passwd.md:1:1 note-outside-vault'])
    expect(JSON.stringify(vault)).not.toContain('root:x')
    // Named on the command line, it is refused the same way.
    const named = await loadVault({ cwd: dir, paths: ['vault/passwd.md'] })
    expect([named.notes.length, codes(named)]).toEqual([
      0,
      ['vault/passwd.md:1:1 note-outside-vault'],
    ])
  })

  it('takes the vault as the real path of its root, as media does: a vault reached through a link reads its own notes', async () => {
    await write('real-vault/.obsidian/app.json', '{}')
    await write('real-vault/a.md', card('a'))
    await symlink(join(dir, 'real-vault'), join(dir, 'vault-link'))
    const vault = await loadVault({ cwd: dir, paths: ['vault-link'] })
    expect([vault.notes.map((note) => note.fields.Front), codes(vault)]).toEqual([['a'], []])
  })
})

describe('a file reached twice is one file', () => {
  it('reads a note and its symlink once, under the real path: no duplicate-id', async () => {
    await write('v/real.md', card('q', '<!--ID: 1700000000001-->\n'))
    await symlink('real.md', join(dir, 'v/alias.md'))
    await symlink(join(dir, 'v/real.md'), join(dir, 'v/z-link.md'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/real.md'])
    expect(codes(vault)).toEqual([])
  })

  it('reads hard links and a file named twice on the command line once', async () => {
    await write('v/a.md', card('q', '<!--ID: 1700000000002-->\n'))
    await link(join(dir, 'v/a.md'), join(dir, 'v/b.md'))
    const vault = await loadVault({ cwd: dir, paths: ['v', 'v/a.md', 'v/b.md'] })
    expect(vault.notes).toHaveLength(1)
    expect(codes(vault)).toEqual([])
  })
})

describe('a file reached twice is read under the path a look before reading would choose', () => {
  it('keeps the first path of hard links found by the scan, parsed once', async () => {
    await write('v/b.md', card('q', '<!--ID: 1700000000004-->\n'))
    await link(join(dir, 'v/b.md'), join(dir, 'v/a.md'))
    await link(join(dir, 'v/b.md'), join(dir, 'v/c.md'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/a.md'])
    expect(vault.files.map((file) => file.file)).toEqual(['v/a.md'])
    expect(codes(vault)).toEqual([])
  })

  it('keeps the first path of hard links, and the real file over a link sorted before it', async () => {
    await write('v/b.md', card('q', '<!--ID: 1700000000003-->\n'))
    await link(join(dir, 'v/b.md'), join(dir, 'v/c.md'))
    await symlink('b.md', join(dir, 'v/a.md'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/b.md'])
    expect(vault.files.map((file) => file.file)).toEqual(['v/b.md'])
    expect(codes(vault)).toEqual([])
  })
})

describe('files that are not regular files', () => {
  it('reports a FIFO named x.md in a folder instead of blocking on it', async () => {
    await write('v/a.md', card('a'))
    await mkfifo('v/x.md')
    await symlink('x.md', join(dir, 'v/y.md'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['a'])
    expect(codes(vault)).toEqual(['v/x.md:1:1 not-regular-file', 'v/y.md:1:1 not-regular-file'])
    expect(vault.diagnostics[0]?.message).toContain('a FIFO')
  })

  it('warns of a note link that loops, and passes over a folder link that loops, without failing', async () => {
    await write('v/a.md', card('a'))
    await symlink('loop.md', join(dir, 'v/loop.md'))
    await symlink('sub', join(dir, 'v/sub'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['a'])
    expect(codes(vault)).toEqual(['v/loop.md:1:1 broken-note-link'])
    expect(vault.diagnostics[0]?.severity).toBe('warning')
    expect(vault.diagnostics[0]?.message).toContain('link to `loop.md` that loops')
  })

  // A dangling `x.md` was passed over in silence while a looping one blocked the build: both
  // lead to no note, so both are the same warning, naming where the link points.
  it('warns of a dangling note link, naming its target and the missing end of a chain', async () => {
    await write('v/a.md', card('a'))
    await symlink('nope.md', join(dir, 'v/x.md'))
    await symlink('x.md', join(dir, 'v/y.md'))
    await symlink('gone', join(dir, 'v/folder-link'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['a'])
    expect(codes(vault)).toEqual(['v/x.md:1:1 broken-note-link', 'v/y.md:1:1 broken-note-link'])
    expect(vault.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        'Unexpected link to `nope.md`, which does not exist, expected a link to a note file: there is no note to read',
      ],
      [
        'warning',
        'Unexpected link to `x.md`, which leads to `nope.md`, which does not exist, expected a link to a note file: there is no note to read',
      ],
    ])
  })

  it('reports a FIFO named on the command line, and a FIFO as the settings file', async () => {
    await mkfifo('v/x.md')
    const named = await loadVault({ cwd: dir, paths: ['v/x.md'] })
    expect(codes(named)).toEqual(['v/x.md:1:1 not-regular-file'])
    await mkfifo(`w/${settingsPath}`)
    await write('w/a.md', card('a'))
    const vault = await loadVault({ cwd: dir, paths: ['w'] })
    expect(vault.notes).toHaveLength(1)
  })
})

describe('names and line endings', () => {
  it('reports a file name that is not UTF-8 instead of a misleading ENOENT', async () => {
    await write('v/a.md', card('a'))
    const bad = Buffer.concat([
      Buffer.from(join(dir, 'v/caf')),
      Buffer.from([0xe9]),
      Buffer.from('.md'),
    ])
    await writeFile(bad, card('latin-1 name'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.fields.Front)).toEqual(['a'])
    expect(codes(vault)).toEqual(['v/caf\\xe9.md:1:1 non-utf8-name'])
    // Named on the command line (Node decodes it to U+FFFD): a clear usage error.
    await expect(loadVault({ cwd: dir, paths: ['v/caf\uFFFD.md'] })).rejects.toThrow(
      /not valid UTF-8/,
    )
    await expect(loadVault({ cwd: dir, paths: ['v/caf\uFFFD.md'] })).rejects.toBeInstanceOf(
      UsageError,
    )
  })

  // The error stops build, and said only "expected a UTF-8 name": no way to type the name.
  it('names the command that renames a name that is not UTF-8, and that command works in bash', async () => {
    await write('v/a.md', card('a'))
    const raw = (path: string) =>
      Buffer.concat([Buffer.from(join(dir, path)), Buffer.from([0xe9]), Buffer.from('.md')])
    await mkdir(Buffer.concat([Buffer.from(join(dir, 'v/sub')), Buffer.from([0xe9])]))
    await writeFile(raw("v/it's \\caf"), card('latin-1 name'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    const commands = vault.diagnostics.map((d) => /`(mv [^`]*)`/.exec(d.message)?.[1])
    expect(commands).toEqual([
      "mv -n -- $'v/it\\'s \\\\caf\\xe9.md' $'v/it\\'s \\\\café.md'",
      "mv -n -- $'v/sub\\xe9' 'v/subé'",
    ])
    for (const command of commands) execFileSync('bash', ['-c', command as string], { cwd: dir })
    const renamed = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(renamed)).toEqual([])
    expect(renamed.files.map((file) => file.file)).toEqual(['v/a.md', "v/it's \\café.md"])
  })

  it('gives a lone-CR (old Mac) file a clear error instead of 0 notes and a warning', async () => {
    await write('v/mac.md', card('mac').replace(/\n/g, '\r'))
    await write('v/stray.md', card('one \r stray CR in a line'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(vault)).toEqual(['v/mac.md:1:6 cr-line-endings'])
    expect(vault.diagnostics[0]?.severity).toBe('error')
    expect(vault.notes.map((note) => note.source.file)).toEqual(['v/stray.md'])
  })

  it('warns at a START that lone CRs hide in a line of a \\n file, where Obsidian shows the block', async () => {
    // An old Mac note pasted into an LF note: too few lone CRs for cr-line-endings, and the
    // block was lost without a word (0 warnings) while Obsidian showed it line by line.
    const pasted = card('pasted').replace(/\n/g, '\r')
    await write('v/mixed.md', `# Note\n\n${'text\n'.repeat(8)}${pasted}\n${card('kept')}`)
    await write('v/after.md', `intro\r${card('after text')}`)
    await write('v/stray.md', card('one \r stray CR in a line, START\rno block'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(vault)).toEqual([
      'v/after.md:1:7 block-after-lone-cr',
      'v/after.md:5:1 stray-end',
      'v/mixed.md:11:1 block-after-lone-cr',
    ])
    expect(vault.diagnostics[0]?.severity).toBe('warning')
    expect(vault.notes.map((note) => note.fields.Front)).toEqual([
      'kept',
      'one \r stray CR in a line, START\rno block',
    ])
  })
})

describe('time limits', () => {
  it('matches ignore globs in linear time on long names', async () => {
    const name = `${'a'.repeat(40)}.md`
    await write(
      `v/${settingsPath}`,
      settings({ IGNORED_FILE_GLOBS: ['*a*a*a*a*a*a*a*a*a*a*a*a*b*', '**/skip-*.md'] }),
    )
    await write(`v/${name}`, card('kept'))
    await write('v/skip-me.md', card('skipped'))
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(vault.notes.map((note) => note.source.file)).toEqual([`v/${name}`])
  })

  it('gives custom regexes one time budget per run: a slow style times out once, not once per file', async () => {
    const slow = ['^((a+)+)+b(.*)', '^((a|aa)+)+c(.*)', '^((x+x+)+)+y(.*)']
    await write(
      `v/${settingsPath}`,
      settings({
        CUSTOM_REGEXPS: {
          Basic: slow[0],
          'Basic (and reversed card)': slow[1],
          'Basic (optional reversed card)': slow[2],
          'Basic (type in the answer)': '^Q: (.*)\\nA: (.*)',
        },
      }),
    )
    const text = `${'a'.repeat(60)}!\n${'x'.repeat(60)}!\n`
    for (let index = 0; index < 20; index++) {
      await write(`v/n${String(index).padStart(2, '0')}.md`, `Q: q${index}\nA: a\n\n${text}`)
    }
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(vault)).toEqual([
      'v/n00.md:1:1 regex-timeout',
      'v/n00.md:1:1 regex-timeout',
      'v/n00.md:1:1 regex-timeout',
    ])
    // The fast style still finds every note.
    expect(vault.notes).toHaveLength(20)
  })

  it('skips the regex notes of files left when the run budget is spent', () => {
    const { settings: parsed } = parseSettings(
      settings({ CUSTOM_REGEXPS: { Basic: '^Q: (.*)\\nA: (.*)' } }),
      'data.json',
    )
    const budget = createRegexBudget(0)
    const result = parseNoteFile('Q: q\nA: a\n', {
      file: 'a.md',
      settings: parsed,
      regexBudget: budget,
    })
    expect(result.blocks).toEqual([])
    expect(result.diagnostics.map((d) => d.code)).toEqual(['regex-budget-spent'])
    const fresh = parseNoteFile('Q: q\nA: a\n', { file: 'a.md', settings: parsed })
    expect(fresh.blocks).toHaveLength(1)
  })
})

describe('an id that cannot be read exactly', () => {
  it('is id-out-of-range on a regex note as on a block or an inline note, never taken as no ID', async () => {
    await write(
      `v/${settingsPath}`,
      settings({
        CUSTOM_REGEXPS: {
          Basic: '^Q: ((?:.+\\n)*)\\n*A: (.+(?:\\n(?:^.{1,3}$|^.{4}(?<!<!--).*))*)',
        },
      }),
    )
    const over = '<!--ID: 99999999999999999999-->'
    await write('v/a.md', `Q: one\nA: two\n${over}\n\n${card('b', `${over}\n`)}`)
    await write('v/b.md', `STARTI [Basic] c Back: d ${over} ENDI\n\nQ: zero\nA: id\n<!--ID: 0-->\n`)
    const vault = await loadVault({ cwd: dir, paths: ['v'] })
    expect(codes(vault)).toEqual([
      'v/a.md:3:1 id-out-of-range',
      'v/a.md:9:1 id-out-of-range',
      'v/b.md:1:26 id-out-of-range',
      'v/b.md:5:1 id-out-of-range',
    ])
    // None of them is a note without an ID, which would be given a new one.
    expect(vault.notes.filter((note) => note.id === null)).toEqual([])
  })
})
