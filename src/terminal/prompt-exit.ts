/**
 * Inquirer's ExitPromptError (Ctrl-C at a prompt) and AbortPromptError (the
 * abort signal) end a session, not a crash. Matched by name: Inquirer is
 * loaded lazily, and only by the quiz.
 */
export function isPromptExit(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')
  )
}
