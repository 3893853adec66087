/**
 * The system saying a path names nothing: no such entry (`ENOENT`), or a
 * file where a folder on the way should be (`ENOTDIR`). Anything else (a
 * folder it may not search, a link loop) says nothing about what is there.
 */
export function isNoSuchFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
