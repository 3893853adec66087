import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * A path as messages and results show it: relative to `cwd` when inside it
 * (`.` for `cwd` itself), absolute when outside, so a reader can paste it
 * from where they ran decklab.
 */
export function relativeTo(cwd: string, path: string): string {
  const absolute = resolve(cwd, path)
  const inside = relative(resolve(cwd), absolute)
  if (inside === '') return '.'
  const outside = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)
  return outside ? absolute : inside
}
