import type { CommandSpec } from './command.js'

/**
 * The command table. Modules are imported lazily so `decklab check` does not
 * pay for loading sql.js, Inquirer or the labs.
 */
export const commandLoaders: Record<string, () => Promise<CommandSpec>> = {
  check: async () => (await import('../commands/check/command.js')).command,
  build: async () => (await import('../commands/build/command.js')).command,
  quiz: async () => (await import('../commands/quiz/command.js')).command,
  stats: async () => (await import('../commands/stats/command.js')).command,
  lab: async () => (await import('../commands/lab/command.js')).command,
  verify: async () => (await import('../commands/verify/command.js')).command,
  preview: async () => (await import('../commands/preview/command.js')).command,
  sync: async () => (await import('../commands/sync/command.js')).command,
}

/** One-line summaries for `decklab --help`, kept here so help needs no imports. */
export const commandSummaries: Record<string, string> = {
  check: 'Parse notes and report problems (exit 1 on errors)',
  build: 'Build an Anki .apkg from notes (writes missing note IDs back)',
  quiz: 'Review cards in the terminal with FSRS spaced repetition',
  stats: 'Show review progress: new, due, retention, per deck',
  lab: 'List, run or serve the Unix-domain-socket labs',
  verify: 'Run every lab linked from a card and confirm its answer',
  preview: 'Write a static HTML page of every card as Anki shows it',
  sync: 'Bring a running Anki in step with the notes (AnkiConnect)',
}
