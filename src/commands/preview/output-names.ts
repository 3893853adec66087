/**
 * The names a preview manifest may hold: paths relative to the output folder
 * with no empty, `.` or `..` part, so that joined to the folder each names a
 * file inside it, never the folder itself or a place elsewhere. A damaged
 * manifest's other entries are dropped when it is read, not kept run after run.
 */
import { mathFolder } from '../../preview/math-assets.js'

/** True for a name preview could have written: a plain file name, or one inside its math folder. */
export function isOutputName(name: unknown): name is string {
  if (typeof name !== 'string' || name === '' || name.includes('\0')) return false
  const parts = name.split('/')
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return false
  // The only folder preview writes into; any other nested name is not its own.
  return parts.length === 1 || parts[0] === mathFolder
}

/** The folders `name` lies in, outermost first: `katex`, `katex/fonts` for `katex/fonts/a.woff2`. */
export function foldersOf(name: string): string[] {
  const parts = name.split('/')
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'))
}
