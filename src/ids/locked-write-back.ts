/**
 * ID write-back under the vault lock: lock the vaults of the notes, check
 * that no note changed since it was read, write the IDs, release.
 */
import type { FileIdEdit, WritableSource } from './plan.js'
import { anySourceChanged, lockVaults } from './vault-lock.js'
import { applyIdEdits, type WriteBackResult } from './write-back.js'

/**
 * Write the planned IDs, or return `changed` (writing nothing) when another
 * process changed a note since `sources` were read: the plan may then hand
 * out an ID that process wrote, and the caller must read the notes again.
 * A signal stops it before the next write (`interrupted` in the result).
 */
export async function writeIdsLocked(
  edits: readonly FileIdEdit[],
  sources: readonly WritableSource[],
  signal?: AbortSignal | undefined,
): Promise<WriteBackResult | 'changed'> {
  if (edits.length === 0) return { written: [], diagnostics: [] }
  const release = await lockVaults(
    sources.map((source) => source.vaultRoot),
    { signal },
  )
  try {
    if (await anySourceChanged(sources, signal)) return 'changed'
    return await applyIdEdits(edits, signal)
  } finally {
    release()
  }
}
