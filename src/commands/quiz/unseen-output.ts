/**
 * `decklab quiz > session.txt` typed at a terminal. Output that is not a
 * terminal gets the session as text with line prompts (a transcript, for
 * `decklab quiz | tee session.txt`), so a file got the cards, the prompts and
 * the closing line, and the screen showed only the keys typed, with nothing
 * to say why, nor that Enter pressed to "wake it up" revealed and graded
 * cards. A file (or `/dev/null`) is never the screen, so the quiz says so on
 * stderr before the first card, and goes on: the file keeps its transcript.
 * A pipe may lead to the screen (`| tee`, `| less`): it is told from a
 * file by fstat, not by isatty, and gets no note (nor does `| cat > file`,
 * which fstat cannot tell from `| tee`).
 */
import { fstatSync } from 'node:fs'

/**
 * What standard output is when nobody at the terminal sees it: `a file` or
 * `a device`; undefined for a terminal, a pipe or a socket, or a stream
 * without a descriptor (a test's).
 */
export function unseenOutput(stdout: { isTTY?: boolean | undefined }): string | undefined {
  const fd = (stdout as { fd?: unknown }).fd
  if (stdout.isTTY === true || typeof fd !== 'number') return undefined
  try {
    const stats = fstatSync(fd)
    if (stats.isFile()) return 'a file'
    if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  } catch {
    // A closed descriptor (`>&-`): the session's first write says so.
  }
  return undefined
}
