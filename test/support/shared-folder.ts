/**
 * `../shared`, beside the checkout: the team's tools (real Anki, AnkiConnect,
 * the static validator) and the plugin's conformance vaults. Tests that need
 * it skip without it, saying why: absent (a fresh clone) or there but not
 * readable by the user running the tests (another owner's mode 0700 folder),
 * which `existsSync` alone cannot tell apart.
 */
import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const sharedFolder = fileURLToPath(new URL('../../../shared', import.meta.url))

/** The path of `parts` inside `../shared`. */
export function sharedPath(...parts: string[]): string {
  return join(sharedFolder, ...parts)
}

/** Why `path` (`what`, in `../shared`) cannot be read here, or undefined when it can. */
export function sharedPathUnavailable(path: string, what: string): string | undefined {
  try {
    accessSync(path, constants.R_OK)
    return undefined
  } catch (error) {
    return unavailableReason(error, path, what)
  }
}

/** The skip reason for the error reading `path` gave. */
export function unavailableReason(error: unknown, path: string, what: string): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'EACCES' || code === 'EPERM') {
    return `${what} at ${path} is not readable by this user (${code})`
  }
  return `no ${what} at ${path} (../shared is absent)`
}
