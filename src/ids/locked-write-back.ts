/**
 * ID write-back under the vault lock: lock the vaults of the notes, check
 * that no note changed since it was read, write the IDs, release.
 */
import type { FileIdEdit, WritableSource } from './plan.js'
import { changedSources, lockVaults } from './vault-lock.js'
import { applyIdEdits, type WriteBackResult } from './write-back.js'

/**
 * Write the planned IDs, or return the sources another process changed
 * since `sources` were read (writing nothing): the plan may then hand out
 * an ID that process wrote, and the caller must read the notes again. A
 * signal stops it before the next write (`interrupted` in the result).
 */
export async function writeIdsLocked(
  edits: readonly FileIdEdit[],
  sources: readonly WritableSource[],
  signal?: AbortSignal | undefined,
  /** Told each file as soon as it holds its IDs. */
  onWritten?: ((file: string) => void) | undefined,
  /** Told who holds the vault lock, when another decklab does, before waiting for it. */
  onWait?: ((holder: string) => void) | undefined,
): Promise<WriteBackResult | { changed: WritableSource[] }> {
  if (edits.length === 0) return { written: [], diagnostics: [] }
  const release = await lockVaults(
    sources.map((source) => source.vaultRoot),
    { signal, onWait },
  )
  try {
    const changed = await changedSources(sources, signal)
    if (changed.length > 0) return { changed }
    return await applyIdEdits(edits, signal, onWritten)
  } finally {
    release()
  }
}
