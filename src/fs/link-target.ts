/**
 * Where a write to a path lands when the path is a symbolic link: the file
 * the link leads to, so replacing a state file keeps a link the user made
 * (`cards.json` linked into a synced folder, say) instead of replacing the
 * link with a file.
 */
import { readlinkSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Links followed before giving up, as the kernel's own limit (`ELOOP`). */
const maxHops = 40

/**
 * `path`, or what the chain of symbolic links at `path` leads to (a link to
 * nowhere yet leads to the path it names). Links in the folders on the way
 * are left to the kernel. Throws `ELOOP` for a loop.
 */
export function linkTarget(path: string): string {
  let current = path
  for (let hops = 0; hops < maxHops; hops += 1) {
    let target: string
    try {
      target = readlinkSync(current)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // Not a link (EINVAL), or nothing there yet (ENOENT): write here.
      if (code === 'EINVAL' || code === 'ENOENT') return current
      throw error
    }
    current = resolve(dirname(current), target)
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${path}'`), {
    code: 'ELOOP',
    path,
  })
}
