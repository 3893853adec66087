/**
 * The quiz's `e` key: open the card's source file at its line in the user's
 * editor (`$VISUAL`, else `$EDITOR`, given `+LINE FILE` as vi, vim, nano,
 * emacs and most others read it), then reload the card from the file.
 */
import { spawnSync } from 'node:child_process'
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
  const cards = collectCards(vault.notes).cards.filter((candidate) => candidate.ord === card.ord)
  const id = card.note.id
  // A note with an ID is found by it; one without, by where its block starts.
  return id !== null
    ? cards.find((candidate) => candidate.note.id === id)
    : cards.find((candidate) => candidate.note.source.line === line)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
