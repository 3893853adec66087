/**
 * When removals wait for a word from the user, pure. A sync that would
 * delete most of the notes it synced from the part of the vault it reads
 * (their files gone, or their blocks taken out) looks more like a folder
 * moved, unmounted or checked out on another branch than like editing; and
 * deleting in Anki is for good (the cards and their review history). Such
 * removals wait for `--allow-mass-delete`; `DELETE` blocks never do.
 */

/** Removals up to this many never wait, however small the vault. */
export const massRemovalFloor = 10

/** Whether `removed` of the `synced` notes in scope is a mass removal: over the floor and over half. */
export function isMassRemoval(removed: number, synced: number): boolean {
  return removed > massRemovalFloor && removed * 2 > synced
}
