/**
 * The vault side of a sync: load the notes, find the `DELETE` markers, and
 * render (as `build` does) the notes that need it, with their media.
 */
import { createHash } from 'node:crypto'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { WritableSource } from '../../ids/plan.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import type { Note } from '../../model/note.js'
import { asWritten } from '../../model/translated-note.js'
import { notePathVaultRoots } from '../../notes/vault-root.js'
import { renderedNoteHash } from '../../rebuild/content-hash.js'
import { toolFingerprint } from '../../rebuild/fingerprint.js'
import { type DeleteMarker, type DesiredNote, desiredNote } from '../../sync/plan.js'
import { deleteMarkers } from '../build/delete-markers.js'
import { checkRestOfVaults } from '../build/duplicate-ids-elsewhere.js'
import { isPartialBuild } from '../build/partial-build.js'
import {
  type PrepareDependencies as BuildDependencies,
  renderWithMedia,
} from '../build/prepare-notes.js'

/** What sync needs to load and render the vault: build's, and the lab catalog for `Lab:` links. */
export interface PrepareDependencies extends BuildDependencies {
  labCatalog?: (() => Promise<LabCatalog>) | undefined
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

/** The vault's notes, loaded and checked (nothing rendered yet). */
export interface LoadedNotes {
  notes: Note[]
  markers: DeleteMarker[]
  files: Array<WritableSource & { vaultRoot: string }>
  /**
   * The vaults this sync reads, from its paths: those of its files, and a
   * vault where no note file is left (the record of its notes is still its).
   */
  vaultRoots: string[]
  diagnostics: Diagnostic[]
  /**
   * A partial sync's: every ID written in the rest of its vaults (after a
   * `DELETE` marker too), which the quiz of the whole vault reads: no note
   * that lost its ID line takes that ID's progress.
   */
  usedElsewhere?: ReadonlySet<number> | undefined
}

/** Load the vault; the `DELETE` warnings become markers. */
export async function loadNotes(
  options: { cwd: string; paths: string[] },
  dependencies: PrepareDependencies,
): Promise<LoadedNotes> {
  const labs = dependencies.labCatalog ? await dependencies.labCatalog() : undefined
  const vault = await dependencies.loadVault({ cwd: options.cwd, paths: options.paths, labs })
  const { markers, rest } = deleteMarkers(vault.diagnostics, vault.files)
  let usedElsewhere: ReadonlySet<number> | undefined
  // Part of a vault: a note whose ID a note in the rest of it has would update that note in Anki.
  if (isPartialBuild(options.cwd, options.paths, vault.files)) {
    // Sync's new IDs come from Anki, but the rest's IDs are the quiz's too (sync-session.ts), as a partial build's.
    const elsewhere = await checkRestOfVaults(
      vault,
      (path) => dependencies.loadVault({ cwd: options.cwd, paths: [path] }),
      { cwd: options.cwd, needIds: true },
    )
    rest.push(...elsewhere.diagnostics)
    usedElsewhere = elsewhere.used
  }
  return {
    // Every type a block may name: the stock ones, and the user's own that Anki has. A
    // localized Anki's stock type (`Einfach`) goes by the names that Anki has it under.
    notes: vault.notes.map(asWritten),
    markers,
    files: vault.files,
    vaultRoots: [
      ...new Set([
        ...vault.files.map((file) => file.vaultRoot),
        ...notePathVaultRoots(options.cwd, options.paths),
      ]),
    ].sort(),
    diagnostics: rest,
    usedElsewhere,
  }
}

/**
 * Hash of what a note says in the Markdown (type, fields, tags, deck, labs,
 * the vault its wikilinks open)
 * and of decklab's renderer: equal hashes render equally, so an unchanged
 * note need not be rendered again.
 */
export function sourceHash(note: Note): string {
  return sha256(
    toolFingerprint(),
    note.noteType,
    // A field's additions (`FROZEN` values, file links) after its Markdown; without any, the hash stays.
    JSON.stringify(note.additions === undefined ? note.fields : [note.fields, note.additions]),
    note.tags.join(' '),
    note.deck,
    JSON.stringify(note.labs.map((link) => [link.lab, link.check ?? ''])),
    // Which vault its wikilinks open (none: plain text).
    note.obsidianVault ?? '',
  )
}

/** A media file the rendered notes use: its bytes are read when they are stored (`store-media.ts`). */
export interface SyncMedia {
  name: string
  /** The SHA-256 of the bytes it was named by. */
  hash: string
  size: number
  sourcePath: string
  /** Its `statKey`, taken right before the bytes were read: what the record vouches for. */
  stat: string
}

/** Render and hash these notes and read their media. */
export async function renderNotes(
  notes: readonly Note[],
  dependencies: PrepareDependencies,
  signal?: AbortSignal | undefined,
): Promise<{ desired: DesiredNote[]; media: SyncMedia[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = []
  if (notes.length === 0) return { desired: [], media: [], diagnostics }
  const { rendered, media } = await renderWithMedia(notes, dependencies, diagnostics, { signal })
  const paths = new Map(
    rendered.flatMap((result) => result.media.map((file) => [file.name, file.sourcePath])),
  )
  const mediaHashes = new Map(media.entries.map((entry) => [entry.name, entry.hash]))
  const desired = notes.map((note, index) => {
    const result = rendered[index] as (typeof rendered)[number]
    return desiredNote(
      note,
      result.fields,
      result.media.map((file) => file.name),
      renderedNoteHash(note, result.fields, result.media, mediaHashes),
    )
  })
  return {
    desired,
    media: media.entries.map((entry) => ({
      name: entry.name,
      hash: entry.hash,
      size: entry.data instanceof Uint8Array ? entry.data.length : entry.data.size,
      sourcePath: paths.get(entry.name) ?? '',
      stat: media.stats[paths.get(entry.name) ?? ''] ?? 'missing',
    })),
    diagnostics,
  }
}
