/**
 * The parser's `loadVault`, adapted to the quiz's `VaultLoader` shape (the
 * default input, `notes/`, comes from the parser).
 */
import { loadVault as loadParsedVault } from '../notes/load-vault.js'
import type { VaultLoader } from './open-vault.js'

/** Load the notes of `paths` (default `notes/`) relative to `cwd`. */
export const loadVault: VaultLoader = (options) => loadParsedVault(options)
