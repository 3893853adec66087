/** Where the quiz keeps its progress, chosen by flag, environment and the XDG base directories. */
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { DecklabError, UsageError } from '../errors.js'

export interface StateDirectoryOptions {
  /** `--state DIR`, resolved against `cwd`. */
  state?: string | undefined
  cwd: string
  env: Record<string, string | undefined>
}

/** `--state DIR` > `DECKLAB_STATE_DIR` > `$XDG_STATE_HOME/decklab` > `~/.local/state/decklab`. */
export function resolveStateDirectory(options: StateDirectoryOptions): string {
  const { env } = options
  // An empty `--state` is a slip (an unset shell variable): never the default folder in its place.
  if (options.state !== undefined && options.state.trim() === '') {
    throw new UsageError('`--state` needs a folder')
  }
  const chosen = options.state ?? nonEmpty(env.DECKLAB_STATE_DIR)
  if (chosen) return resolve(options.cwd, chosen)
  const xdg = nonEmpty(env.XDG_STATE_HOME)
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg?.startsWith('/')) return join(xdg, 'decklab')
  return join(homeFolder(env), '.local', 'state', 'decklab')
}

/**
 * `$HOME` when it is a full path, else the user's home in the password
 * database. Not Node's `homedir()`: it gives an empty or relative `$HOME`
 * as it is, and the progress went to `.local/state/decklab` under whatever
 * folder decklab ran in.
 */
function homeFolder(env: Record<string, string | undefined>): string {
  if (env.HOME?.startsWith('/')) return env.HOME
  let home: string | undefined
  try {
    home = userInfo().homedir
  } catch {
    // No entry for this user (a container's uid): nothing to fall back on.
  }
  if (home?.startsWith('/')) return home
  throw new DecklabError(
    'state-not-writable',
    'No folder for the quiz’s progress: $HOME is not a full path and this user has no home folder; choose one with --state or DECKLAB_STATE_DIR',
  )
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
