import type { Io } from '../terminal/io.js'

/** One option of a command, as `node:util` parseArgs wants it, plus help text. */
export interface OptionSpec {
  type: 'boolean' | 'string'
  short?: string | undefined
  multiple?: boolean | undefined
  /** Placeholder shown in help for string options, e.g. `FILE`. */
  value?: string | undefined
  description: string
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  positionals: string[]
}

/**
 * A subcommand: argument wiring and help text only. `run` calls into `src/`
 * modules that take options and return data, and returns the exit code. Its
 * one-line summary is in the command table (`commands.ts`), so the tool's help
 * lists it without loading the command.
 */
export interface CommandSpec {
  name: string
  /** e.g. `decklab check [paths...] [--json]` */
  usage: string
  /** Paragraphs shown by `decklab <command> --help`. */
  description?: string | undefined
  options: Record<string, OptionSpec>
  examples?: readonly string[] | undefined
  /** When true, unknown positionals are allowed (the command checks them itself). */
  allowPositionals?: boolean | undefined
  run(args: ParsedArgs, io: Io): Promise<number>
}
