import { parseArgs } from 'node:util'
import {
  DecklabError,
  ExitError,
  exitCodes,
  InternalError,
  InterruptedError,
  UsageError,
} from '../errors.js'
import { interruptedError, onForcedStop } from '../interrupt.js'
import { packageVersion } from '../package-info.js'
import { jsonFor, localeNotUtf8 } from '../terminal/ascii-output.js'
import { asciiTerminal } from '../terminal/ascii-terminal.js'
import { fitStderr, fitWidth, type Io, stderrColors, writeJson } from '../terminal/io.js'
import { terminalBlock, terminalLine } from '../terminal/safe-text.js'
import { errorMessage } from '../text/error-message.js'
import { nameProgramFrom, programName } from '../text/program-name.js'
import type { CommandSpec, ParsedArgs } from './command.js'
import { commandTable } from './commands.js'
import { jsonErrorDocument, wantsJson } from './wants-json.js'

/**
 * Run decklab with `argv` (without `node` and the script) against `io`, and
 * return the exit code. The only place that maps errors to exit codes.
 */
export async function runCli(argv: readonly string[], realIo: Io): Promise<number> {
  try {
    return await runCommandLine(argv, realIo)
  } finally {
    onForcedStop(undefined)
  }
}

async function runCommandLine(argv: readonly string[], realIo: Io): Promise<number> {
  // Where the locale is not UTF-8 (LANG=C), what goes to a terminal is ASCII: every
  // command's marks, rules and arrows showed as mojibake there. Pipes get UTF-8.
  nameProgramFrom(realIo.env)
  const terminalIo = localeNotUtf8(realIo.env) ? asciiTerminal(realIo) : realIo
  const { io, stdoutUsed } = trackStdout(terminalIo)
  const colors = stderrColors(io)
  /**
   * With `--json`, a run that stops on an error before printing its result
   * still prints one JSON document, `{error: {code, message}}`, so a script
   * reading stdout gets JSON in every case.
   */
  const jsonError = (error: { code: string; message: string }): void => {
    if (!wantsJson(argv) || stdoutUsed()) return
    io.stdout.write(jsonFor(io.stdout, jsonErrorDocument(error)))
  }
  /**
   * An error that stops the command (exit 2): its JSON document, and one line on stderr (a
   * path with a newline in it must not start a line of its own), wrapped at words on a
   * terminal, which broke it inside one (`did you me` / `an`).
   */
  const stopOn = (error: { code: string; message: string }): void => {
    jsonError(error)
    io.stderr.write(fitStderr(io, `${colors.red('error')} ${terminalLine(error.message)}\n`))
  }
  // Stopped by a signal before the result was printed: `{error: {code: "interrupted", …}}`.
  const jsonInterrupted = () => jsonError(interruptedError(io.signal))
  // Also when the process is ended before the command stops (a second Ctrl-C, the grace time).
  onForcedStop((error) => jsonError(error))
  try {
    const [first, ...rest] = argv
    // `--json` asks for JSON of help and the version too: a script that passes it everywhere reads JSON.
    const json = wantsJson(argv)
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      const helpTarget = first === 'help' ? rest.find((arg) => !arg.startsWith('-')) : undefined
      // `decklab help help` is the tool's help, as `git help help` is git's help on help.
      if (helpTarget && helpTarget !== 'help') return await printCommandHelp(helpTarget, io, json)
      const help = await import('./help.js')
      if (json && first !== undefined) writeJson(io, help.toolHelpJson(packageVersion()))
      else {
        const out = first === undefined ? io.stderr : io.stdout
        out.write(help.toolHelp(packageVersion(), helpColumns(out, io)))
      }
      return first === undefined ? exitCodes.usage : exitCodes.ok
    }
    if (first === '-V' || first === '--version') {
      if (json) writeJson(io, { version: packageVersion() })
      else io.stdout.write(`${packageVersion()}\n`)
      return exitCodes.ok
    }
    const entry = commandTable[first]
    if (!entry) throw await unknownCommand(first)
    const command = await entry.load()
    // After `--` every argument is a path: `decklab check -- --help` checks a file named `--help`.
    const end = rest.indexOf('--')
    const options = end === -1 ? rest : rest.slice(0, end)
    if (options.includes('-h') || options.includes('--help')) {
      return await printCommandHelp(first, io, wantsJson(argv))
    }
    const code = await command.run(await parseCommandArgs(command, rest), io)
    // A command that finished anyway after SIGINT/SIGTERM still reports the interruption.
    if (!io.signal.aborted) return code
    jsonInterrupted()
    return exitCodes.interrupted
  } catch (error) {
    if (error instanceof ExitError) {
      if (error.exitCode === exitCodes.interrupted && io.signal.aborted) jsonInterrupted()
      return error.exitCode
    }
    if (error instanceof InterruptedError || (io.signal.aborted && isAbortError(error))) {
      jsonError(error instanceof InterruptedError ? error : interruptedError(io.signal))
      io.stderr.write('Interrupted.\n')
      return exitCodes.interrupted
    }
    if (error instanceof UsageError) {
      stopOn(error)
      const known = argv[0] !== undefined && argv[0] in commandTable
      io.stderr.write(`Run \`${programName()} ${known ? `${argv[0]} ` : ''}--help\` for usage.\n`)
      return exitCodes.usage
    }
    // Anything else decklab foresaw (Anki unreachable, a state file it may not write): exit 2,
    // without the usage line, since the arguments were fine.
    if (error instanceof DecklabError && !(error instanceof InternalError)) {
      stopOn(error)
      return exitCodes.usage
    }
    // Error paths load what only they need: every command pays for its imports at start.
    const system = (await import('./system-error.js')).systemError(error)
    if (system) {
      stopOn(system)
      return exitCodes.usage
    }
    if ((await import('../terminal/prompt-exit.js')).isPromptExit(error)) {
      if (io.signal.aborted) jsonInterrupted()
      io.stderr.write('\nInterrupted.\n')
      return exitCodes.interrupted
    }
    jsonError(new InternalError(errorMessage(error)))
    io.stderr.write(
      `${colors.red('internal error')} ${terminalBlock(errorMessage(error))}\n` +
        `This is a bug in decklab ${packageVersion()}; please report it with the command you ran.\n`,
    )
    if (io.env.DECKLAB_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`)
    }
    return exitCodes.internal
  }
}

/** Whether the command line asks for `--json` (before a `--` that ends the options). */
/**
 * `io` as given, noting whether a command reached for stdout: a command
 * that did may have printed its result, and a second document must not follow.
 * The other members keep their own (lazy) getters.
 */
function trackStdout(io: Io): { io: Io; stdoutUsed: () => boolean } {
  let used = false
  let stdout: Io['stdout'] | undefined
  const tracked = Object.defineProperties({}, Object.getOwnPropertyDescriptors(io)) as Io
  Object.defineProperty(tracked, 'stdout', {
    get() {
      used = true
      stdout ??= failingLoudly(io.stdout)
      return stdout
    },
    enumerable: true,
    configurable: true,
  })
  return { io: tracked, stdoutUsed: () => used }
}

/**
 * `stdout` whose writes that fail at once (a file on a full disk, `/dev/full`)
 * throw an `output-failed` error (exit 2), not an internal one: the output
 * is the user's environment, not a bug.
 */
function failingLoudly(stdout: Io['stdout']): Io['stdout'] {
  return new Proxy(stdout, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property !== 'write') return typeof value === 'function' ? value.bind(target) : value
      return (...args: Parameters<Io['stdout']['write']>) => {
        try {
          return target.write(...args)
        } catch (error) {
          throw new DecklabError(
            'output-failed',
            `cannot write to standard output: ${errorMessage(error)}`,
            { cause: error },
          )
        }
      }
    },
  })
}

/** `decklab <name> --help` and `decklab help <name>`: its help text, or with `--json` the same as data. */
async function printCommandHelp(name: string, io: Io, json: boolean): Promise<number> {
  const entry = commandTable[name]
  if (!entry) throw await unknownCommand(name)
  const help = await import('./help.js')
  const command = await entry.load()
  if (json) writeJson(io, help.commandHelpJson(command, entry.summary))
  else io.stdout.write(help.commandHelp(command, entry.summary, helpColumns(io.stdout, io)))
  return exitCodes.ok
}

/** The width help fits on a terminal (its lines wrap at words there); a pipe or file gets them whole. */
function helpColumns(out: Io['stdout'], io: Io): number | undefined {
  return fitWidth(out, io.env)
}

/** Parse a command's arguments strictly; unknown flags are usage errors, not crashes. */
export async function parseCommandArgs(
  command: CommandSpec,
  args: readonly string[],
): Promise<ParsedArgs> {
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
      args: attachNegativeNumbers(args, options),
      options,
      allowPositionals: true,
      strict: true,
    })
    // `decklab build "$FILE"` with FILE unset would build the whole vault: an empty argument is a mistake.
    if (positionals.includes('')) {
      throw new UsageError(
        'Unexpected empty argument (an unset shell variable?), expected a path or a name',
      )
    }
    return { values: values as ParsedArgs['values'], positionals }
  } catch (error) {
    if (error instanceof UsageError) throw error
    const message = oneLine(errorMessage(error).replace(/\. To specify a positional.*$/s, ''))
    // Node's "Option '-o, --output <value>' argument missing": the option and the value it takes.
    const missing = /^Option '(?:-\w, )?--([^ ']+) <value>' argument missing/.exec(message)?.[1]
    if (missing !== undefined) {
      const value = command.options[missing]?.value ?? 'VALUE'
      throw new UsageError(`\`--${missing}\` needs a value, expected \`--${missing} ${value}\``, {
        cause: error,
      })
    }
    const unknown = /^Unknown option '(--?[^']+)'/.exec(message)?.[1]
    const suggestion = unknown
      ? (await import('../text/nearest-name.js')).nearestName(
          unknown.replace(/^-+/, ''),
          Object.keys(command.options),
        )
      : undefined
    throw new UsageError(suggestion ? `${message} (did you mean \`--${suggestion}\`?)` : message, {
      cause: error,
    })
  }
}

/**
 * Node's parseArgs says some errors in several lines (`--deck --json`: "argument
 * is ambiguous.\nDid you forget…"): a usage error is one line, so the terminal
 * gets no escaped `\n` and the JSON message reads as one sentence.
 */
function oneLine(message: string): string {
  const ambiguous = /^Option '([^']+)' argument is ambiguous\./.exec(message)
  if (ambiguous) {
    const written = /use (.+?)\.?$/.exec(message)?.[1]
    return `Option '${ambiguous[1]}' expects a value, got another option after it${written ? ` (a value starting with a dash is written ${written})` : ''}`
  }
  return message.replace(/\s*\n\s*/g, ' ')
}

async function unknownCommand(name: string): Promise<UsageError> {
  const names = Object.keys(commandTable)
  const { nearestName } = await import('../text/nearest-name.js')
  // An option where the command goes (`decklab --json check`, `decklab --verison`): options
  // come after the command, and the tool's own are `--help` and `--version`.
  if (/^-./.test(name)) {
    const suggestion = nearestName(name.replace(/^-+/, ''), ['help', 'version'])
    return new UsageError(
      suggestion
        ? `Unknown option \`${name}\` (did you mean \`--${suggestion}\`?), expected a command first: ${programName()} <command> [options]`
        : `Unexpected option \`${name}\` before the command, expected a command first (${programName()} <command> [options]), one of: ${names.join(', ')}`,
    )
  }
  const suggestion = nearestName(name, names)
  return new UsageError(
    suggestion
      ? `Unknown command \`${name}\` (did you mean \`${suggestion}\`?), expected one of: ${names.join(', ')}`
      : `Unknown command \`${name}\`, expected one of: ${names.join(', ')}`,
  )
}

/**
 * `--new -1` as `--new=-1`: a value that looks like a negative number belongs
 * to the string option before it (parseArgs would call it ambiguous), so the
 * command can say what is wrong with the value itself.
 */
function attachNegativeNumbers(
  args: readonly string[],
  options: Record<string, { type: 'boolean' | 'string'; short?: string }>,
): string[] {
  const takesValue = (arg: string): boolean => {
    if (arg.startsWith('--')) return options[arg.slice(2)]?.type === 'string'
    return (
      /^-[^-]$/.test(arg) &&
      Object.values(options).some(
        (option) => option.type === 'string' && `-${option.short}` === arg,
      )
    )
  }
  const result: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    const next = args[index + 1]
    if (arg === '--') {
      result.push(...args.slice(index))
      break
    }
    if (next !== undefined && /^-\d/.test(next) && takesValue(arg)) {
      result.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`)
      index++
    } else {
      result.push(arg)
    }
  }
  return result
}

/** An `AbortError` from an API that was given the abort signal. */
function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}
