import { parseArgs } from 'node:util'
import { ExitError, exitCodes, UsageError } from '../errors.js'
import { packageVersion } from '../package-info.js'
import type { CommandSpec, ParsedArgs } from './command.js'
import { commandLoaders } from './commands.js'
import { commandHelp, toolHelp } from './help.js'
import { type Io, stderrColors } from './io.js'

/**
 * Run decklab with `argv` (without `node` and the script) against `io`, and
 * return the exit code. The only place that maps errors to exit codes.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const colors = stderrColors(io)
  try {
    const [first, ...rest] = argv
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      const helpTarget = first === 'help' ? rest[0] : undefined
      if (helpTarget) return await printCommandHelp(helpTarget, io)
      ;(first === undefined ? io.stderr : io.stdout).write(toolHelp(packageVersion()))
      return first === undefined ? exitCodes.usage : exitCodes.ok
    }
    if (first === '-V' || first === '--version') {
      io.stdout.write(`${packageVersion()}\n`)
      return exitCodes.ok
    }
    const loader = commandLoaders[first]
    if (!loader) {
      throw new UsageError(
        `Unknown command \`${first}\`, expected one of: ${Object.keys(commandLoaders).join(', ')}`,
      )
    }
    const command = await loader()
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout.write(commandHelp(command))
      return exitCodes.ok
    }
    return await command.run(parseCommandArgs(command, rest), io)
  } catch (error) {
    if (error instanceof ExitError) return error.exitCode
    if (error instanceof UsageError) {
      io.stderr.write(`${colors.red('error')} ${error.message}\n`)
      io.stderr.write(`Run \`decklab ${argv[0] ?? ''} --help\` for usage.\n`.replace('  ', ' '))
      return exitCodes.usage
    }
    if (isPromptExit(error)) {
      io.stderr.write('\nInterrupted.\n')
      return exitCodes.interrupted
    }
    io.stderr.write(
      `${colors.red('internal error')} ${error instanceof Error ? error.message : String(error)}\n` +
        `This is a bug in decklab ${packageVersion()}; please report it with the command you ran.\n`,
    )
    if (io.env.DECKLAB_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`)
    }
    return exitCodes.internal
  }
}

async function printCommandHelp(name: string, io: Io): Promise<number> {
  const loader = commandLoaders[name]
  if (!loader) throw new UsageError(`Unknown command \`${name}\``)
  io.stdout.write(commandHelp(await loader()))
  return exitCodes.ok
}

/** Parse a command's arguments strictly; unknown flags are usage errors, not crashes. */
export function parseCommandArgs(command: CommandSpec, args: readonly string[]): ParsedArgs {
  const options: Record<
    string,
    { type: 'boolean' | 'string'; short?: string; multiple?: boolean }
  > = {}
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = { type: option.type }
    if (option.short) options[name].short = option.short
    if (option.multiple) options[name].multiple = true
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    })
    return { values: values as ParsedArgs['values'], positionals }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new UsageError(message.replace(/\. To specify a positional.*$/s, ''), { cause: error })
  }
}

/** Inquirer's ExitPromptError (Ctrl-C) and AbortPromptError end a session, not a crash. */
function isPromptExit(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')
  )
}
