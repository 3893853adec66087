/**
 * A path or name in Unicode NFC, as Obsidian indexes vault paths: a vault
 * copied from a Mac may hold `Matières/` with its `è` decomposed (NFD) where
 * the plugin's settings, made from Obsidian's paths, say it composed. ASCII
 * text, nearly every path, is returned as it is without normalizing.
 */
export function nfc(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFC') : text
}
