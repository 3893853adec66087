/**
 * The question a sync on a terminal asks before deleting notes removed
 * from the vault (confirm-removals.ts): the notes, then `[y/N]` on stderr,
 * a line read from stdin. Only where a person can answer: stdin and stderr
 * a terminal, no `--json`, no `--yes`; a script is never asked, so it never
 * waits. Ctrl-C interrupts the sync as anywhere else; Ctrl-D is no.
 */
import { createInterface } from 'node:readline'
import { fitStderr, type Io } from '../../terminal/io.js'
import { terminalPath } from '../../terminal/safe-text.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import type { Removal } from './sync-session.js'

/** The most notes listed in the question; `--dry-run` lists them all. */
const shownRemovals = 20

/** The question, or undefined where nobody can answer it. */
export function removalQuestion(
  io: Io,
  options: { json: boolean; yes: boolean },
): ((removals: readonly Removal[]) => Promise<boolean>) | undefined {
  if (options.json || options.yes || io.stdin.isTTY !== true || io.stderr.isTTY !== true) {
    return undefined
  }
  return async (removals) => {
    const lines = removals
      .slice(0, shownRemovals)
      .map((note) => `  note ${note.id} (removed from ${terminalPath(note.file)})\n`)
    const more = removals.length - shownRemovals
    if (more > 0)
      lines.push(`  … and ${more} more (\`${programName()} sync --dry-run\` lists them all)\n`)
    // Wrapped at words to the terminal, as the question is: it is on one, and broke them inside a word.
    io.stderr.write(
      fitStderr(
        io,
        `${count(removals.length, 'note')} synced before ${removals.length === 1 ? 'is' : 'are'} no longer in the notes:\n${lines.join('')}`,
      ),
    )
    const answer = await readAnswer(
      io,
      `Delete ${removals.length === 1 ? 'it' : 'them'} from Anki, with ${removals.length === 1 ? 'its' : 'their'} cards and review history? [y/N] `,
    )
    return /^\s*y(es)?\s*$/i.test(answer ?? '')
  }
}

/** One line typed after `question`; undefined at the end of the input (Ctrl-D). */
function readAnswer(io: Io, question: string): Promise<string | undefined> {
  // The answer is typed after the space that ends it, on its last line.
  io.stderr.write(`${fitStderr(io, question.trimEnd())} `)
  // Not a terminal interface: Ctrl-C stays the terminal's SIGINT, which stops the sync.
  const reader = createInterface({ input: io.stdin, terminal: false })
  return new Promise((resolve, reject) => {
    let answered = false
    const end = (answer: string | undefined, error?: Error) => {
      if (answered) return
      answered = true
      io.signal.removeEventListener('abort', stop)
      reader.close()
      if (error) reject(error)
      else resolve(answer)
    }
    const stop = () => end(undefined, new Error('interrupted'))
    io.signal.addEventListener('abort', stop, { once: true })
    reader.once('line', (line) => end(line))
    reader.once('close', () => {
      // Ctrl-D: the answer's line was never ended.
      if (!answered) io.stderr.write('\n')
      end(undefined)
    })
  })
}
