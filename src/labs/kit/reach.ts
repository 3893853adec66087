/**
 * Whether a peer run as another user (uid 65534 when the lab runs as root)
 * can reach a path. That user owns nothing on the way, so only the "other"
 * bits of each directory count: a private TMPDIR (0700, as pam_tmpdir makes
 * /tmp/user/0) shuts it out of the lab directory whatever modes the lab sets
 * inside, and its EACCES would then say nothing about the socket's own modes.
 */
import { realpath, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * The top-most directory from `/` down to `directory` that others cannot
 * search, with its mode; undefined when there is none. Both the folders as
 * written and the real ones count: a TMPDIR that is a link into a private
 * folder is reached through that folder.
 */
export async function closedToOthers(
  directory: string,
): Promise<{ path: string; mode: number } | undefined> {
  for (const path of [...folderChain(directory), ...folderChain(await realpath(directory))]) {
    const mode = (await stat(path)).mode & 0o7777
    if ((mode & 0o001) === 0) return { path, mode }
  }
  return undefined
}

/** `/` down to `directory`, each folder on the way. */
function folderChain(directory: string): string[] {
  const chain: string[] = []
  for (let current = directory; ; current = dirname(current)) {
    chain.unshift(current)
    if (dirname(current) === current) break
  }
  return chain
}

/** Why `uid` cannot reach the lab directory `dir` (which folder above shuts it out), or undefined when it can. */
export async function labDirectoryUnreachable(
  dir: string,
  uid: number,
): Promise<string | undefined> {
  const closed = await closedToOthers(dir)
  if (!closed) return undefined
  const mode = closed.mode.toString(8).padStart(4, '0')
  return `the lab folder under TMPDIR is not reachable by uid ${uid} (${closed.path} is ${mode})`
}
