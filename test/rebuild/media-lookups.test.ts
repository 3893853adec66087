import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { recordLookups, searchesUnchanged } from '../../src/rebuild/media-lookups.js'
import { clearMediaSearchCache, resolveMedia } from '../../src/render/media.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  clearMediaSearchCache()
})

/** A vault holding `files` (each a few bytes), and a note at `notes/deep/n.md`. */
function vault(...files: string[]): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'decklab-lookups-')))
  folders.push(root)
  for (const file of [...files, 'notes/deep/n.md']) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), 'x')
  }
  return root
}

/** The record of resolving `link` from the note, as a fresh build would make it. */
function record(root: string, link: string) {
  clearMediaSearchCache()
  const origin = { absolutePath: join(root, 'notes/deep/n.md'), vaultRoot: root }
  const resolution = resolveMedia(link, origin, 'image')
  if (resolution.status !== 'ok') throw new Error(`expected ${link} to resolve`)
  return { found: resolution.file.sourcePath, ...recordLookups([resolution.lookup]) }
}

function add(root: string, file: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), 'y')
}

describe('recordLookups', () => {
  it('records the file found next to the note and nothing else', () => {
    const root = vault('notes/deep/pic.png', 'a/pic.png')
    const recorded = record(root, 'pic.png')
    expect(Object.keys(recorded.files)).toEqual([join(root, 'notes/deep/pic.png')])
    expect(recorded.search).toBeUndefined()
  })

  it('records the paths passed over for a path the vault root resolved', () => {
    const root = vault('img/pic.png')
    const recorded = record(root, 'img/pic.png')
    expect(recorded.files).toEqual({
      [join(root, 'img/pic.png')]: expect.stringMatching(/^\d+:/),
      [join(root, 'notes/deep/img/pic.png')]: 'missing',
    })
    expect(recorded.search).toBeUndefined()
  })

  it('records a search with the folders that could hold a shorter match, by their listing', () => {
    const root = vault('media/pic.png', 'media/sub/other.png', 'a-much-longer-folder/x.png')
    const recorded = record(root, 'pic.png')
    expect(recorded.search?.searches).toEqual([
      { vaultRoot: root, name: 'pic.png', found: join(root, 'media/pic.png'), exact: true },
    ])
    // `notes/` is as short as `media/`; `notes/deep/`, `media/sub/` and the long folder cannot win.
    expect(Object.keys(recorded.search?.folders ?? {}).sort()).toEqual([
      root,
      join(root, 'media'),
      join(root, 'notes'),
    ])
    expect(recorded.search?.folders[root]?.listing).toBe('media/\0notes/')
    expect(recorded.search?.folders[join(root, 'media')]?.listing).toBe('pic.png')
    // The vault root's own `pic.png` is covered by its listing; the note's folder is not listed.
    expect(Object.keys(recorded.files).sort()).toEqual([
      join(root, 'media/pic.png'),
      join(root, 'notes/deep/pic.png'),
    ])
  })

  it('records every folder after a match in another case only', () => {
    const root = vault('media/pic.png', 'a-much-longer-folder/x.png')
    const recorded = record(root, 'PIC.png')
    expect(recorded.search?.searches[0]?.exact).toBe(false)
    expect(Object.keys(recorded.search?.folders ?? {})).toContain(
      join(root, 'a-much-longer-folder'),
    )
  })
})

describe('searchesUnchanged', () => {
  it('holds while nothing changed, and when files of other names or longer paths come', () => {
    const root = vault('media/pic.png', 'media/sub/x.png')
    const { search } = record(root, 'pic.png')
    expect(searchesUnchanged(search)).toBe(true)
    add(root, 'media/other.png')
    add(root, 'media/sub/pic.png')
    add(root, 'notes/pic.txt')
    add(root, 'a-much-longer-folder/pic.png')
    expect(searchesUnchanged(search)).toBe(true)
  })

  it('fails when a shorter path with the name comes, in a listed folder or a new one', () => {
    const root = vault('media/pic.png')
    const { search } = record(root, 'pic.png')
    add(root, 'pic.png')
    expect(searchesUnchanged(search)).toBe(false)
    const again = vault('media/pic.png')
    const second = record(again, 'pic.png').search
    add(again, 'a/pic.png')
    expect(searchesUnchanged(second)).toBe(false)
  })

  it('fails when an exact name comes after a match in another case, however deep', () => {
    const root = vault('media/pic.png', 'some/deep/folder/x.png')
    const { search } = record(root, 'Pic.png')
    add(root, 'some/deep/folder/Pic.png')
    expect(searchesUnchanged(search)).toBe(false)
  })

  it('holds for a folder two nested vaults searched, when a file of another name comes', () => {
    const root = vault('b/pic.png', 'b/m/z.png', 'b/n.md')
    clearMediaSearchCache()
    const lookups = [
      { link: 'pic.png', absolutePath: join(root, 'notes/deep/n.md'), vaultRoot: root },
      { link: 'z.png', absolutePath: join(root, 'b/n.md'), vaultRoot: join(root, 'b') },
    ].map(({ link, ...origin }) => {
      const resolution = resolveMedia(link, origin, 'image')
      if (resolution.status !== 'ok') throw new Error(`expected ${link} to resolve`)
      return resolution.lookup
    })
    const { search } = recordLookups(lookups)
    // `b/` could change both searches: its listing holds what matters to each.
    expect(search?.folders[join(root, 'b')]?.listing).toBe('m/\0pic.png')
    add(root, 'b/other.png')
    expect(searchesUnchanged(search)).toBe(true)
  })

  it('holds without a search', () => {
    expect(searchesUnchanged(undefined)).toBe(true)
  })

  it('holds when the build makes the package’s folders, not when a match is put in them', () => {
    const root = vault('attachments/pic.png')
    clearMediaSearchCache()
    const origin = { absolutePath: join(root, 'notes/deep/n.md'), vaultRoot: root }
    const resolution = resolveMedia('pic.png', origin, 'image')
    if (resolution.status !== 'ok') throw new Error('expected pic.png to resolve')
    // `-o out/decks/x.apkg`: the build makes `out/` and `out/decks/` after the search.
    const output = join(root, 'out/decks/x.apkg')
    const { search } = recordLookups([resolution.lookup], output)
    add(root, 'out/decks/x.apkg')
    add(root, 'out/decks/.decklab-build/x.apkg.json')
    add(root, '.trash/pic.png')
    expect(searchesUnchanged(search, output)).toBe(true)
    // Without the package's path, `out/` is a new folder that could hold a shorter match.
    expect(searchesUnchanged(search)).toBe(false)
    add(root, 'out/decks/pic.png')
    expect(searchesUnchanged(search, output)).toBe(false)
  })
})

/** How `link` from `notes/deep/n.md` resolves: the vault path found, or the status. */
function resolvedFrom(root: string, link: string): string {
  clearMediaSearchCache()
  const origin = { absolutePath: join(root, 'notes/deep/n.md'), vaultRoot: root }
  const resolution = resolveMedia(link, origin, 'image')
  return resolution.status === 'ok' ? relative(root, resolution.file.sourcePath) : resolution.status
}

// Obsidian's rule for a path no file has from the note or the vault root, as observed
// with `getFirstLinkpathDest` (Obsidian 1.13.7): any file whose path ends so, the
// note's own folder first, else the shortest path.
describe('a media path found by its end', () => {
  it('finds the one file whose path ends with the link, on folder boundaries only', () => {
    expect(resolvedFrom(vault('deep/Sub/pic.png'), 'Sub/pic.png')).toBe('deep/Sub/pic.png')
    expect(resolvedFrom(vault('deep/XSub/pic.png'), 'Sub/pic.png')).toBe('missing')
  })

  it('takes the note’s own folder first, else the shortest path', () => {
    expect(resolvedFrom(vault('x/deep/pic.png', 'notes/deep/pic.png'), 'deep/pic.png')).toBe(
      'notes/deep/pic.png',
    )
    expect(resolvedFrom(vault('zzzz/Sub/pic.png', 'a/b/Sub/pic.png'), 'Sub/pic.png')).toBe(
      'a/b/Sub/pic.png',
    )
  })

  it('matches in another case or Unicode form only when no exact spelling ends so', () => {
    expect(resolvedFrom(vault('deep/Sub/pic.png'), 'sub/PIC.png')).toBe('deep/Sub/pic.png')
    expect(resolvedFrom(vault('a/sub/pic.png', 'deeper/Sub/pic.png'), 'Sub/pic.png')).toBe(
      'deeper/Sub/pic.png',
    )
  })

  it('does not read the vault root’s own name, `..` or `.` as a folder of the link', () => {
    const root = vault('pic.png', 'a/Sub/pic.png')
    expect(resolvedFrom(root, `${basename(root)}/pic.png`)).toBe('missing')
    expect(resolvedFrom(root, '../Sub/pic.png')).toBe('missing')
    expect(resolvedFrom(root, './Sub/pic.png')).toBe('missing')
  })

  it('records a search any folder may change, kept when a bare link finds the same name', () => {
    const root = vault('deep/Sub/pic.png', 'notes/deep/pic.png')
    clearMediaSearchCache()
    const lookups = ['Sub/pic.png', 'pic.png'].map((link) => {
      const origin = { absolutePath: join(root, 'notes/deep/n.md'), vaultRoot: root }
      const resolution = resolveMedia(link, origin, 'image')
      if (resolution.status !== 'ok') throw new Error(`expected ${link} to resolve`)
      return resolution.lookup
    })
    // The bare link is found next to the note (no search); the path's search is every folder's.
    const { search } = recordLookups(lookups)
    expect(search?.searches).toEqual([
      { vaultRoot: root, name: 'pic.png', found: join(root, 'deep/Sub/pic.png'), exact: false },
    ])
    const both = recordLookups([
      lookups[0]!,
      { ...lookups[0]!, search: { ...lookups[0]!.search!, exact: true } },
    ])
    expect(both.search?.searches[0]?.exact).toBe(false)
  })

  it('sees a better match come in any folder, not files of other names', () => {
    const root = vault('deep/er/Sub/pic.png')
    const { search } = record(root, 'Sub/pic.png')
    add(root, 'deep/other.png')
    add(root, 'zzzzzzzzzzzz/Sub/pic.png')
    expect(searchesUnchanged(search)).toBe(false)
    const again = vault('deep/Sub/pic.png')
    const second = record(again, 'Sub/pic.png').search
    add(again, 'deep/other.png')
    add(again, 'notes/x.png')
    expect(searchesUnchanged(second)).toBe(true)
    add(again, 'notes/deep/Sub/x.png')
    add(again, 'notes/deep/pic.png')
    expect(searchesUnchanged(second)).toBe(false)
  })
})
