/**
 * `decklab build` never destroys data: `-o` writes only a package, two
 * builds at once never hand out the same ID, write-back goes through links
 * and respects read-only notes, and a killed build's temp files are cleared.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  chmod,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zipStored } from '../../src/anki/zip-stored.js'
import { archiveBytes } from '../anki/archive-bytes.js'
import { decklabBin, runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

function decklab(cwd: string, ...args: string[]) {
  return runDecklab(args, { cwd })
}

/** `decklab build` as a child process that runs alongside others. */
function buildAsync(cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [decklabBin, 'build'], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

/** A temp project with the given files. */
const project = (files: Record<string, string>) => tempProject(files, 'decklab-safety-')

const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`
const ids = (text: string) =>
  [...text.matchAll(/<!--ID: (\d+)-->/g)].map((match) => Number(match[1]))

describe('two builds at once', () => {
  it('on a 600-file vault never write the same ID twice', async () => {
    for (let round = 0; round < 3; round += 1) {
      const files: Record<string, string> = {}
      for (let index = 0; index < 600; index += 1) {
        files[`notes/n${String(index).padStart(3, '0')}.md`] = note(`Question ${index}`)
      }
      const cwd = await project(files)
      const results = await Promise.all([buildAsync(cwd), buildAsync(cwd)])
      for (const result of results) {
        expect(result.stderr).not.toContain('internal error')
        expect(result.code).toBe(0)
      }
      const found: number[] = []
      for (const name of await readdir(join(cwd, 'notes'))) {
        const text = await readFile(join(cwd, 'notes', name), 'utf8')
        // One ID per note: the second build saw the first one's IDs and added none.
        expect(ids(text)).toHaveLength(1)
        found.push(...ids(text))
      }
      expect(new Set(found).size).toBe(600)
      expect(decklab(cwd, 'check').code).toBe(0)
      expect(existsSync(join(cwd, 'notes', '.decklab.lock'))).toBe(false)
    }
  }, 180_000)
})

describe('a folder where the vault lock goes', () => {
  it('stops the build before any ID is written, naming it, and is left there', async () => {
    // The vault root is the folder decklab runs in: the lock goes there.
    const cwd = await project({ 'notes/a.md': note('Q') })
    await mkdir(join(cwd, '.decklab.lock'))
    const result = decklab(cwd, 'build')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `Unexpected \`${join(cwd, '.decklab.lock')}\`: it is a folder, expected decklab's lock file there`,
    )
    expect(result.stderr).not.toContain('ENOTREG')
    expect(ids(await readFile(join(cwd, 'notes', 'a.md'), 'utf8'))).toEqual([])
    expect((await stat(join(cwd, '.decklab.lock'))).isDirectory()).toBe(true)
  })
})

describe('a vault lock still being written (empty: a taker without hard links)', () => {
  it('is waited for as a decklab taking the lock, not "unknown (pid 0)", and taken once old', async () => {
    const cwd = await project({ 'notes/a.md': note('Q') })
    await writeFile(join(cwd, '.decklab.lock'), '')
    const result = decklab(cwd, 'build')
    expect(result.stderr).toContain(
      'waiting for another decklab that is taking the lock to finish writing IDs into this vault',
    )
    expect(result.stderr).not.toContain('pid 0')
    expect(result.code, result.stderr).toBe(0)
    expect(ids(await readFile(join(cwd, 'notes', 'a.md'), 'utf8'))).toHaveLength(1)
  })
})

describe('build -o', () => {
  it('refuses a device, a note, the vault settings, other files and links, writing nothing', async () => {
    const settings = '{"settings": {}}\n'
    const cwd = await project({
      'notes/a.md': note('Q'),
      'notes/.obsidian/plugins/obsidian-to-anki-plugin/data.json': settings,
      'report.txt': 'keep me\n',
      'old.apkg': 'not a zip\n',
      'real.apkg': '',
    })
    await symlink('real.apkg', join(cwd, 'link.apkg'))
    const cases: Array<[string, RegExp]> = [
      ['/dev/null', /`\/dev\/null`: it is not an `\.apkg` name/],
      ['notes/a.md', /`notes\/a\.md`: it is inside the notes being built/],
      [
        'notes/.obsidian/plugins/obsidian-to-anki-plugin/data.json',
        /it is inside the notes being built/,
      ],
      ['notes/new.apkg', /it is inside the notes being built/],
      ['report.txt', /`report\.txt`: it is not an `\.apkg` name/],
      ['old.apkg', /`old\.apkg`: it exists and is not a package decklab built/],
      ['link.apkg', /`link\.apkg`: it is a symbolic link/],
      ['report.txt/', /`report\.txt\/`: it is not a folder/],
      // A file (or a device) on the way: refused before the build, not an errno after it.
      ['report.txt/deck.apkg', /`report\.txt\/deck\.apkg`: `report\.txt` is not a folder/],
      ['report.txt/sub/deck.apkg', /`report\.txt` is not a folder/],
      ['/dev/null/deck.apkg', /`\/dev\/null` is not a folder/],
    ]
    for (const [output, message] of cases) {
      const result = decklab(cwd, 'build', '-o', output)
      expect(result.code, output).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toContain('internal error')
    }
    // Nothing was written: no ID, no package, every file as it was.
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('Q'))
    expect(
      await readFile(
        join(cwd, 'notes/.obsidian/plugins/obsidian-to-anki-plugin/data.json'),
        'utf8',
      ),
    ).toBe(settings)
    expect(await readFile(join(cwd, 'report.txt'), 'utf8')).toBe('keep me\n')
    expect(await readFile(join(cwd, 'old.apkg'), 'utf8')).toBe('not a zip\n')
    expect((await lstat(join(cwd, 'link.apkg'))).isSymbolicLink()).toBe(true)
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true)
    expect(existsSync(join(cwd, 'notes/new.apkg'))).toBe(false)
  })

  it('never writes over a package decklab did not build (an Anki export), only over its own', async () => {
    const cwd = await project({ 'notes/a.md': note('Q') })
    // An export made now, as Anki and genanki date their members, with the members a package has.
    const exported = archiveBytes(
      zipStored(
        [
          ['collection.anki2', Buffer.from('my collection, with its scheduling')],
          ['media', Buffer.from('{}')],
        ],
        new Date(),
      ),
    )
    await writeFile(join(cwd, 'backup.apkg'), exported)
    const refused = decklab(cwd, 'build', '-o', 'backup.apkg')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      "`backup.apkg`: it exists and is not a package decklab built (an Anki export or another tool's deck is never written over)",
    )
    expect(await readFile(join(cwd, 'backup.apkg'))).toEqual(exported)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('Q'))
    // Its own package, even with its build record gone, it replaces.
    expect(decklab(cwd, 'build', '-o', 'mine.apkg').code).toBe(0)
    await rm(join(cwd, '.decklab-build'), { recursive: true, force: true })
    await writeFile(join(cwd, 'notes/a.md'), note('Changed'))
    const again = decklab(cwd, 'build', '-o', 'mine.apkg')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('wrote mine.apkg')
  })

  it('refuses a device as the output even under an .apkg name', async () => {
    const cwd = await project({ 'notes/a.md': note('Q') })
    await symlink('/dev/null', join(cwd, 'null.apkg'))
    const result = decklab(cwd, 'build', '-o', 'null.apkg')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('it is a symbolic link')
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true)
  })

  // A `.decklab-build` link (planted in a shared folder such as /tmp) took the records into a
  // folder decklab never made: its `index.json` was written over, its `<name>.apkg.json` moved aside.
  it('refuses a link where the build keeps its records, before any ID is written', async () => {
    const cwd = await project({
      'notes/a.md': note('Q'),
      'shared/.keep': '',
      'theirs/index.json': '{"theirs": true}\n',
      'theirs/deck.apkg.json': 'not ours\n',
    })
    await symlink('../theirs', join(cwd, 'shared/.decklab-build'))
    const result = decklab(cwd, 'build', 'notes', '-o', 'shared/deck.apkg')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '`shared/.decklab-build`, where decklab keeps the records of the packages built there, is a symbolic link',
    )
    expect(await readFile(join(cwd, 'theirs/index.json'), 'utf8')).toBe('{"theirs": true}\n')
    expect((await readdir(join(cwd, 'theirs'))).sort()).toEqual(['deck.apkg.json', 'index.json'])
    expect(existsSync(join(cwd, 'shared/deck.apkg'))).toBe(false)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('Q'))
  })

  it('never gives two notes one ID across two partial builds of files saved in the same millisecond', async () => {
    const cwd = await project({
      'v/.obsidian/': '',
      'v/a.md': 'START\nBasic\nA card\nBack: a\nEND\n',
      'v/b.md': 'START\nBasic\nB card\nBack: b\nEND\n',
    })
    // As after an unzip or a checkout: both files have one modification time.
    const saved = new Date('2026-11-30T10:00:00Z')
    await utimes(join(cwd, 'v/a.md'), saved, saved)
    await utimes(join(cwd, 'v/b.md'), saved, saved)
    const vault = join(cwd, 'v')
    // Packages outside the vault keep their records in the state directory: this test's own.
    const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
    for (const name of ['a', 'b']) {
      const run = runDecklab(['build', `${name}.md`, '-o', `../o/${name}.apkg`], {
        cwd: vault,
        env,
      })
      expect(run.code, run.stderr).toBe(0)
    }
    const ids = await Promise.all(
      ['a.md', 'b.md'].map(
        async (name) => /<!--ID: (\d+)-->/.exec(await readFile(join(vault, name), 'utf8'))?.[1],
      ),
    )
    expect(ids[0]).toBeDefined()
    expect(ids[1]).toBeDefined()
    expect(ids[0]).not.toBe(ids[1])
    const check = decklab(vault, 'check')
    expect(check.code, check.stderr).toBe(0)
    expect(check.stderr).not.toContain('duplicate-id')
  })

  it('refuses an output it could not write before writing any ID, and shortens a long deck name', async () => {
    const text = 'START\nBasic\nQ\nBack: A\nEND\n'
    const cwd = await project({ 'notes/a.md': text })
    const long = `${'y'.repeat(300)}.apkg`
    const result = decklab(cwd, 'build', 'notes', '-o', long)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('a name in it is 305 bytes long')
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(text)
    // A default name comes from the deck: cut to fit, the build goes through.
    const deck = decklab(cwd, 'build', 'notes', '--deck', 'x'.repeat(300))
    expect(deck.code, deck.stderr).toBe(0)
    const written = (await readdir(join(cwd, 'dist'))).filter((name) => !name.startsWith('.'))
    expect(written).toEqual([`${'x'.repeat(200)}.apkg`])
  })

  it.skipIf(process.getuid?.() === 0)(
    'refuses a folder it may not write in before writing any ID (as a user)',
    async () => {
      const text = 'START\nBasic\nQ\nBack: A\nEND\n'
      const cwd = await project({ 'notes/a.md': text, 'locked/': '' })
      await chmod(join(cwd, 'locked'), 0o555)
      const result = decklab(cwd, 'build', 'notes', '-o', 'locked/deck.apkg')
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('decklab may not write in')
      expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(text)
    },
  )

  it('treats `-o dir/` and an existing folder as folders, and replaces its own package', async () => {
    const cwd = await project({ 'notes/a.md': `---\ndeck: Sockets\n---\n${note('Q')}` })
    const fresh = decklab(cwd, 'build', '-o', 'out/')
    expect(fresh.code).toBe(0)
    expect(fresh.stderr).toContain('wrote out/Sockets.apkg')
    const existing = decklab(cwd, 'build', '-o', 'out')
    expect(existing.code).toBe(0)
    // The folder's own record tells the build nothing changed; nothing is written above it.
    expect(existing.stderr).toContain('unchanged out/Sockets.apkg')
    expect(existsSync(join(cwd, '.decklab-build'))).toBe(false)
    await writeFile(join(cwd, 'notes/a.md'), `---\ndeck: Sockets\n---\n${note('Changed')}`)
    const again = decklab(cwd, 'build', '-o', 'out/Sockets.apkg')
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('wrote out/Sockets.apkg')
  })
})

describe('write-back', () => {
  it('writes through a symbolic link to the real file, keeping the link and the mode', async () => {
    const cwd = await project({ '.obsidian/app.json': '{}\n', 'library/real.md': note('Q') })
    await chmod(join(cwd, 'library/real.md'), 0o640)
    await mkdir(join(cwd, 'notes'))
    await symlink('../library/real.md', join(cwd, 'notes/linked.md'))
    const result = decklab(cwd, 'build', 'notes', '-o', 'out.apkg')
    expect(result.stderr).not.toContain('error')
    expect(result.code).toBe(0)
    expect(await readlink(join(cwd, 'notes/linked.md'))).toBe('../library/real.md')
    expect(ids(await readFile(join(cwd, 'library/real.md'), 'utf8'))).toHaveLength(1)
    expect((await stat(join(cwd, 'library/real.md'))).mode & 0o777).toBe(0o640)
    expect(await readdir(join(cwd, 'library'))).toEqual(['real.md'])
  })

  it('refuses a hard-linked note and a read-only one with a diagnostic, writing no note', async () => {
    const cwd = await project({ 'notes/a.md': note('A'), 'notes/b.md': note('B') })
    await link(join(cwd, 'notes/a.md'), join(cwd, 'backup-of-a.md'))
    const linked = decklab(cwd, 'build')
    expect(linked.code).toBe(1)
    expect(linked.stderr).toMatch(/^notes\/a\.md:1:1 error note-hard-linked .*\(2 links\)/m)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('A'))
    expect(await readFile(join(cwd, 'notes/b.md'), 'utf8')).toBe(note('B'))
    expect((await stat(join(cwd, 'notes/a.md'))).nlink).toBe(2)

    await rm(join(cwd, 'backup-of-a.md'))
    await chmod(join(cwd, 'notes/a.md'), 0o444)
    const readOnly = decklab(cwd, 'build')
    expect(readOnly.code).toBe(1)
    expect(readOnly.stderr).toMatch(/^notes\/a\.md:1:1 error note-read-only .*\(mode 444\)/m)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(note('A'))
    expect(await readFile(join(cwd, 'notes/b.md'), 'utf8')).toBe(note('B'))
    expect((await stat(join(cwd, 'notes/a.md'))).mode & 0o777).toBe(0o444)
    // check and the dry run say so too, as they say everything the build would.
    for (const args of [['check'], ['build', '--dry-run']]) {
      const told = decklab(cwd, ...args)
      expect(told.code, args.join(' ')).toBe(1)
      expect(told.stderr).toMatch(/^notes\/a\.md:1:1 error note-read-only .*\(mode 444\)/m)
      // Neither writes, so neither says something was not written: what decklab does with such a note.
      expect(told.stderr).toContain('decklab writes no IDs into it')
      expect(told.stderr).not.toMatch(/were written/)
    }
  })

  it('clears the temp files a killed build left, and only those', async () => {
    const cwd = await project({ 'notes/a.md': note('A') })
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    const stale = `.a.md.${gone}-0badc0de.decklab-tmp`
    const live = `.a.md.${process.pid}-0badc0de.decklab-tmp`
    const others = ['.a.md.decklab-tmp', `a.md.${gone}-0badc0de.decklab-tmp.bak`, 'keep.txt']
    for (const name of [stale, live, ...others]) {
      await writeFile(join(cwd, 'notes', name), 'partial')
    }
    const linkName = `.b.md.${gone}-0badc0de.decklab-tmp`
    await symlink('keep.txt', join(cwd, 'notes', linkName))
    const result = decklab(cwd, 'build')
    expect(result.code).toBe(0)
    const left = await readdir(join(cwd, 'notes'))
    expect(left).not.toContain(stale)
    expect(left.sort()).toEqual([live, ...others, linkName, 'a.md'].sort())
    expect(await readFile(join(cwd, 'notes/keep.txt'), 'utf8')).toBe('partial')
  })
})
