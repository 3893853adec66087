import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * A path as messages and results show it: relative to `cwd` when inside it
 * (`.` for `cwd` itself), absolute when outside, so a reader can paste it
 * from where they ran decklab.
 */
export function relativeTo(cwd: string, path: string): string {
  const absolute = resolve(cwd, path)
  const inside = pathInside(resolve(cwd), absolute)
  if (inside === '') return '.'
  return inside ?? absolute
}

/**
 * `path` relative to the folder `root` when it is `root` itself (`''`) or
 * below it; undefined when it is outside (`..` first, or another drive).
 * Both are absolute.
 */
export function pathInside(root: string, path: string): string | undefined {
  const fromRoot = relative(root, path)
  const outside = fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)
  return outside ? undefined : fromRoot
}
