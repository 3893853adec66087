/**
 * The vault side of a sync: load and render the notes as `build` does, read
 * their media, and find the `DELETE` markers.
 */
import { createHash } from 'node:crypto'
import { type RenderedMedia, readMedia } from '../../build/read-media.js'
import { type Diagnostic, hasErrors, sortDiagnostics } from '../../diagnostics/diagnostic.js'
import type { WritableSource } from '../../ids/plan.js'
import type { Note } from '../../model/note.js'
import { findNoteType } from '../../model/note-types.js'
import type { DeleteMarker, DesiredNote } from '../../sync/plan.js'

export interface PreparedVault {
  desired: DesiredNote[]
  media: Array<{ name: string; hash: string; data: Uint8Array }>
  markers: DeleteMarker[]
  files: Array<WritableSource & { vaultRoot: string }>
  diagnostics: Diagnostic[]
}

export interface PrepareDependencies {
  loadVault(options: {
    cwd: string
    paths: string[]
    knownLabs?: ReadonlyMap<string, readonly string[]> | undefined
  }): Promise<{
    notes: Note[]
    diagnostics: Diagnostic[]
    files: Array<WritableSource & { vaultRoot: string }>
  }>
  loadRenderer(): Promise<
    (note: Note) => {
      fields: Record<string, string>
      media: readonly RenderedMedia[]
      diagnostics: readonly Diagnostic[]
    }
  >
  knownLabs?: (() => Promise<ReadonlyMap<string, readonly string[]>>) | undefined
}

const deleteIgnored = 'delete-ignored'

function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

/**
 * The `DELETE` markers: the parser reports each one (a package build cannot
 * delete) at the marker line, with the ID on the next line. Sync deletes
 * those notes, so the warnings become markers.
 */
export function deleteMarkers(
  diagnostics: readonly Diagnostic[],
  files: readonly WritableSource[],
): { markers: DeleteMarker[]; rest: Diagnostic[] } {
  const byFile = new Map(files.map((source) => [source.file, source]))
  const markers: DeleteMarker[] = []
  const rest: Diagnostic[] = []
  for (const diagnostic of diagnostics) {
    const source = diagnostic.code === deleteIgnored ? byFile.get(diagnostic.file) : undefined
    const next = source?.text.split('\n')[diagnostic.line]
    const match = next === undefined ? null : /ID: (\d+)/.exec(next)
    if (source && match) {
      markers.push({ id: Number(match[1]), file: source.file, line: diagnostic.line })
    } else rest.push(diagnostic)
  }
  return { markers, rest }
}

/** Load, render and hash the vault's notes. Stops after loading when there are errors. */
export async function prepareVault(
  options: { cwd: string; paths: string[] },
  dependencies: PrepareDependencies,
): Promise<PreparedVault> {
  const knownLabs = dependencies.knownLabs ? await dependencies.knownLabs() : undefined
  const vault = await dependencies.loadVault({ cwd: options.cwd, paths: options.paths, knownLabs })
  const { markers, rest } = deleteMarkers(vault.diagnostics, vault.files)
  const diagnostics = [...rest]
  const empty = { desired: [], media: [], markers, files: vault.files }
  if (hasErrors(diagnostics)) return { ...empty, diagnostics: sortDiagnostics(diagnostics) }
  const notes = vault.notes.filter((note) => findNoteType(note.noteType) !== undefined)
  const renderNote = await dependencies.loadRenderer()
  const rendered = notes.map((note) => {
    const result = renderNote(note)
    diagnostics.push(...result.diagnostics)
    return result
  })
  const media = await readMedia(rendered, notes, diagnostics)
  if (hasErrors(diagnostics)) return { ...empty, diagnostics: sortDiagnostics(diagnostics) }
  const mediaHashes = new Map(media.entries.map((entry) => [entry.name, entry.hash]))
  const desired = notes.map((note, index): DesiredNote => {
    const result = rendered[index] as (typeof rendered)[number]
    const names = result.media.map((file) => file.name)
    return {
      note,
      id: note.id,
      fields: result.fields,
      tags: note.tags,
      deck: note.deck,
      media: names,
      hash: sha256(
        note.noteType,
        JSON.stringify(result.fields),
        note.tags.join(' '),
        note.deck,
        ...names.map((name) => `${name}:${mediaHashes.get(name) ?? ''}`),
      ),
    }
  })
  return {
    desired,
    media: media.entries.map((entry) => ({ name: entry.name, hash: entry.hash, data: entry.data })),
    markers,
    files: vault.files,
    diagnostics: sortDiagnostics(diagnostics),
  }
}
