/**
 * Whether decklab's walks of a vault pass over this folder entry: hidden ones
 * (`.obsidian`, `.git`, `.trash`) and `node_modules`. The note scan, the media
 * search and both records of what they saw (`rebuild/`) share this one rule,
 * so a record never differs over an entry no walk looks at.
 */
export function isPassedOver(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules'
}
