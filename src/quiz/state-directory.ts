/** Where the quiz keeps its progress, chosen by flag, environment and the XDG base directories. */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'

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
  return join(nonEmpty(env.HOME) ?? homedir(), '.local', 'state', 'decklab')
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
