/**
 * Folders held open by descriptor, for writing into a folder that someone
 * else may change meanwhile. A path checked (a real folder, not a link) and
 * then used is two lookups: a folder swapped for a link in between leads the
 * second one elsewhere. A held folder is opened once, without following a
 * link, and every later name in it goes through its descriptor
 * (`/proc/self/fd/<fd>/<name>`: the kernel resolves that in the folder the
 * descriptor holds, wherever its path now leads), as `openat` would.
 */
import { closeSync, constants, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'

export interface HeldFolder {
  /** The path of `name` in this very folder (a single name, no `/`). */
  entry(name: string): string
  close(): void
}

/** Linux (and any system with /proc/self/fd); elsewhere names go by path, as before. */
const descriptorPaths = existsSync('/proc/self/fd')

const folderFlags = constants.O_RDONLY | constants.O_DIRECTORY

function held(descriptor: number, path: string): HeldFolder {
  return {
    entry: (name) => (descriptorPaths ? `/proc/self/fd/${descriptor}/${name}` : join(path, name)),
    close: () => closeSync(descriptor),
  }
}

/** Hold the folder at `path` (a link there is followed: the caller chose this path). */
export function holdFolder(path: string): HeldFolder {
  return held(openSync(path, folderFlags), path)
}

/**
 * Hold the folder `name` in `parent`, never through a link: a link there,
 * like anything else that is not a folder, fails (`ENOTDIR`, as Linux
 * reports `O_DIRECTORY | O_NOFOLLOW` on a link; `ELOOP` elsewhere). With
 * `create`, a missing folder is made first.
 */
export function holdSubfolder(
  parent: HeldFolder,
  name: string,
  options: { create?: boolean } = {},
): HeldFolder {
  const path = parent.entry(name)
  if (options.create) {
    try {
      mkdirSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return held(openSync(path, folderFlags | constants.O_NOFOLLOW), path)
}
