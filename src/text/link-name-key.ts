/**
 * The key a media name is matched by when no file has its exact spelling:
 * Obsidian matches link paths case-insensitively, and a vault copied from a
 * Mac holds names in NFD (`café` as `cafe` + U+0301) where the note typed
 * them in NFC, or the other way round; the Mac's file system treats the two
 * as one name, so the link worked there.
 */
export function linkNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase()
}
