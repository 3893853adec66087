import type { CommandSpec } from './command.js'

/** A row of the command table: the command's one-line summary and how to load it. */
export interface CommandEntry {
  /**
   * The only copy of the summary: `decklab --help` lists it and
   * `decklab <command> --help` shows it, so the two cannot disagree.
   */
  summary: string
  load(): Promise<CommandSpec>
}

/**
 * The command table. Modules are imported lazily so `decklab check` does not
 * pay for loading sql.js, Inquirer or the labs, and `decklab --help` loads none.
 */
export const commandTable: Record<string, CommandEntry> = {
  check: {
    summary: 'Parse notes and report problems (exit 1 on errors)',
    load: async () => (await import('../commands/check/command.js')).command,
  },
  build: {
    summary: 'Build an Anki .apkg from notes (writes missing note IDs back)',
    load: async () => (await import('../commands/build/command.js')).command,
  },
  quiz: {
    summary: 'Review cards in the terminal with FSRS spaced repetition',
    load: async () => (await import('../commands/quiz/command.js')).command,
  },
  stats: {
    summary: 'Show review progress: new, due, retention, per deck',
    load: async () => (await import('../commands/stats/command.js')).command,
  },
  lab: {
    summary: 'List, run or serve the Unix-domain-socket labs',
    load: async () => (await import('../commands/lab/command.js')).command,
  },
  verify: {
    summary: 'Run every lab linked from a card and confirm its answer',
    load: async () => (await import('../commands/verify/command.js')).command,
  },
  preview: {
    summary: 'Write a static HTML page of every card as Anki shows it',
    load: async () => (await import('../commands/preview/command.js')).command,
  },
  sync: {
    summary: 'Bring a running Anki in step with the notes (AnkiConnect)',
    load: async () => (await import('../commands/sync/command.js')).command,
  },
}
