/**
 * Duplicate IDs across the edge of a partial build: a named note whose ID a
 * note in the rest of the vault has too. Its package would overwrite that
 * note in Anki, so the build stops with the `duplicate-id` error a build of
 * the whole vault gives. Only the few files where the ID's text appears are
 * parsed, to tell a note's ID line from the same digits in prose or code.
 */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { DecklabError, UsageError } from '../../errors.js'
import type { Note } from '../../model/note.js'
import { hasComparableId, reportDuplicateId } from '../../notes/duplicate-ids.js'
import { holdsObsidian, isUnderRoots, notePathRoots } from '../../notes/vault-root.js'
import { compareStrings } from '../../text/compare-strings.js'
import { type IdsElsewhere, idsElsewhereInVaults } from './ids-elsewhere.js'

/**
 * The rest of the vaults of a partial build (or sync), read once: the IDs
 * used there (for new IDs to step past, when `needIds`) and the
 * `duplicate-id` errors of the notes read, whose IDs notes there have too.
 *
 * Duplicates are looked for where a full build of the same place reads:
 * an Obsidian vault (a folder holding `.obsidian/`), or else the `notes/`
 * folder a build run here reads (the shipped course). Never in the plain
 * folder decklab runs in: it may be a home folder or `/` (`decklab check
 * ~/notes/a.md` run from `~`), and reading all of it for every partial
 * check took seconds and found copies (a backup, another clone) that no
 * full build reads.
 */
export async function checkRestOfVaults(
  read: {
    notes: readonly Note[]
    files: ReadonlyArray<{ absolutePath: string; vaultRoot: string }>
  },
  loadFile: (absolutePath: string) => Promise<{ notes: readonly Note[] }>,
  { cwd, needIds }: { cwd: string; needIds: boolean },
): Promise<{ used: Set<number>; diagnostics: Diagnostic[] }> {
  const scopeOf = duplicateScopes(cwd)
  const scoped = read.files.flatMap((file) => {
    const scope = scopeOf(file)
    return scope === undefined ? [] : [{ absolutePath: file.absolutePath, vaultRoot: scope }]
  })
  if (!needIds && scoped.length === 0) return { used: new Set(), diagnostics: [] }
  const scopedFiles = new Set(scoped.map((file) => file.absolutePath))
  const checked = read.notes.filter((note) => scopedFiles.has(note.source.absolutePath))
  const wanted = new Set(checked.filter(hasComparableId).map((note) => note.id))
  const { used, holding } = await idsElsewhereInVaults(needIds ? read.files : scoped, { wanted })
  const scopes = [...new Set(scoped.map((file) => file.vaultRoot))]
  const diagnostics = await duplicateIdsElsewhere(
    checked,
    read.files,
    holding.filter((file) => isUnderRoots(file.absolutePath, scopes)),
    loadFile,
  )
  return { used, diagnostics }
}

/**
 * Where a full build of a file's place reads (see `checkRestOfVaults`), or
 * undefined. The folders a build run in `cwd` reads, and whether each vault
 * root is an Obsidian vault, are looked up once, not once per file.
 */
function duplicateScopes(
  cwd: string,
): (file: { absolutePath: string; vaultRoot: string }) => string | undefined {
  const defaults = notePathRoots(cwd, [])
  // A plain folder decklab runs in is never searched.
  const buildRoots = defaults.includes(resolve(cwd)) ? [] : defaults
  const vaults = new Map<string, boolean>()
  return (file) => {
    let vault = vaults.get(file.vaultRoot)
    if (vault === undefined) {
      vault = holdsObsidian(file.vaultRoot)
      vaults.set(file.vaultRoot, vault)
    }
    if (vault) return file.vaultRoot
    return buildRoots.find((root) => isUnderRoots(file.absolutePath, [root]))
  }
}

/**
 * `duplicate-id` errors at the first named note with each ID that a note in
 * one of the `holding` files has (a later named copy is reported by the
 * loader, at that copy). A holding file that is a named file under another
 * name (a link) is the same note, not a copy.
 */
async function duplicateIdsElsewhere(
  notes: readonly Note[],
  named: ReadonlyArray<{ absolutePath: string }>,
  holding: IdsElsewhere['holding'],
  loadFile: (absolutePath: string) => Promise<{ notes: readonly Note[] }>,
): Promise<Diagnostic[]> {
  if (holding.length === 0) return []
  const namedFiles = new Set(named.map((file) => fileIdentity(file.absolutePath)))
  const outside = new Map<number, Note>()
  const paths = holding.map((file) => file.absolutePath).sort(compareStrings)
  for (const path of paths) {
    if (namedFiles.has(fileIdentity(path))) continue
    let loaded: readonly Note[]
    try {
      ;({ notes: loaded } = await loadFile(path))
    } catch (error) {
      // Gone (or shut) since it was read, the loader's answer to a named path: no copy there now.
      if (error instanceof UsageError || isPathGone(error)) continue
      throw error
    }
    for (const note of loaded) {
      if (hasComparableId(note) && !outside.has(note.id)) outside.set(note.id, note)
    }
  }
  const diagnostics: Diagnostic[] = []
  const reported = new Set<number>()
  for (const note of notes) {
    if (!hasComparableId(note) || reported.has(note.id)) continue
    const other = outside.get(note.id)
    if (!other) continue
    reported.add(note.id)
    reportDuplicateId(note, other, 'outside', diagnostics)
  }
  return diagnostics
}

/** The file a path leads to (device and inode), or the path itself when it cannot be looked at. */
function fileIdentity(path: string): string {
  try {
    const stats = statSync(path)
    return `${stats.dev}:${stats.ino}`
  } catch {
    return path
  }
}

/** The loader's refusal of a named path that is not there, or may not be looked at (load-vault.ts). */
function isPathGone(error: unknown): boolean {
  return (
    error instanceof DecklabError &&
    (error.code === 'path-not-found' || error.code === 'path-unreadable')
  )
}
