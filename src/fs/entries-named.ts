import { readdirSync } from 'node:fs'
import { linkNameKey } from '../text/link-name-key.js'

/**
 * The entries of `folder` whose `linkNameKey` is `key` (a link's segment in
 * any case or Unicode form), in code-unit order; throws when the folder
 * cannot be listed. The media lookup and the rebuild check both read a
 * folder through it, so they see the same listing.
 */
export function entriesNamed(
  folder: string,
  key: string,
): Array<{ name: string; folder: boolean }> {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => linkNameKey(entry.name) === key)
    .map((entry) => ({ name: entry.name, folder: entry.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
