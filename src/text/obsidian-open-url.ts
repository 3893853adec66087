/**
 * The `obsidian://open` URL the Obsidian_to_Anki plugin writes into cards:
 * it opens `file` (a note name or vault path, `#heading` allowed) in the
 * vault Obsidian names `vault` (its folder's name). Used by the plugin's
 * "Add File Link" and by wikilinks in such a vault.
 */
export function obsidianOpenUrl(vault: string, file: string): string {
  return `obsidian://open?vault=${encodeURIComponent(vault)}&file=${encodeURIComponent(file)}`
}
