/**
 * The quiz's `e` key: open the card's source file at its line in the user's
 * editor (`$VISUAL`, else `$EDITOR`, given `+LINE FILE` as vi, vim, nano,
 * emacs and most others read it), then reload the card from the file.
 */
import { spawnSync } from 'node:child_process'
import { formatDiagnostic } from '../../diagnostics/format.js'
import { haveSameContent } from '../../model/note-key.js'
import type { VaultLoader } from '../../quiz/open-vault.js'
import { collectCards, type QuizCard } from '../../quiz/session.js'

export interface EditOptions {
  cwd: string
  env: Record<string, string | undefined>
  loadVault: VaultLoader
}

/** Edit, then reload: the card as the file now has it, undefined when it is gone, or a message. */
export async function editCard(
  card: QuizCard,
  options: EditOptions,
): Promise<QuizCard | undefined | string> {
  const editor = nonEmpty(options.env.VISUAL) ?? nonEmpty(options.env.EDITOR)
  if (editor === undefined) return 'set $EDITOR (or $VISUAL) to edit cards from the quiz'
  const { absolutePath, line } = card.note.source
  // The editor command may carry its own arguments (`code -w`): the shell splits it,
  // and the line and file go in as positional parameters, never through the shell's parser.
  const result = spawnSync(
    '/bin/sh',
    ['-c', `${editor} "$@"`, 'editor', `+${line}`, absolutePath],
    {
      cwd: options.cwd,
      stdio: 'inherit',
    },
  )
  if (result.error) return `cannot start the editor (${result.error.message})`
  if (result.status !== 0) {
    return `the editor exited with ${result.status ?? result.signal}; the card is as it was`
  }
  const vault = await options.loadVault({ cwd: options.cwd, paths: [absolutePath] })
  const id = card.note.id
  // A note with an ID is found by it; one without, by where its block starts.
  const note =
    id !== null
      ? vault.notes.find((candidate) => candidate.id === id)
      : vault.notes.find((candidate) => candidate.source.line === line)
  if (note === undefined) {
    // A note the edit left unreadable (its `END` deleted, a field mistyped) is not gone:
    // say what is wrong and keep the card as it was, so `e` can put it right.
    const error = vault.diagnostics.find((diagnostic) => diagnostic.severity === 'error')
    if (error === undefined) return undefined
    return `the file has an error now, so the card is as it was (e to fix it): ${formatDiagnostic({ ...error, hint: undefined })}`
  }
  // The file alone does not know the copies of a note in other files: a copy left
  // unchanged keeps its number, so its key (and progress) stay its own.
  if (haveSameContent(note, card.note)) note.contentCopy = card.note.contentCopy
  return collectCards([note], vault.cards).cards.find((candidate) => candidate.ord === card.ord)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
