import { wrapLine } from '../terminal/wrap.js'
import { programName } from '../text/program-name.js'
import type { CommandSpec } from './command.js'
import { commandTable } from './commands.js'

/** The tool's own options, as its help lists them. */
const toolOptions = [
  {
    name: 'help',
    short: 'h',
    value: null,
    description: `Show help (also: ${programName()} <command> --help)`,
  },
  { name: 'version', short: 'V', value: null, description: 'Show the version' },
]

/**
 * `decklab --help`. `columns`: the terminal's width, which every line then
 * fits (prose wraps at words, a command's or option's text under its
 * column); undefined (a pipe, a file): every line whole.
 */
export function toolHelp(version: string, columns?: number): string {
  const width = Math.max(...Object.keys(commandTable).map((name) => name.length))
  const fitted = (line: string) => fitLine(line, columns)
  const lines = [
    ...fitted(
      `decklab ${version} — Markdown notes to Anki decks, terminal quizzes and socket labs`,
    ),
    '',
    ...fitRow('Usage: ', `${programName()} <command> [options] [paths...]`, columns),
    '',
    'Commands:',
    ...Object.entries(commandTable).flatMap(([name, entry]) =>
      fitRow(`  ${name.padEnd(width)}  `, sentence(entry.summary), columns),
    ),
    '',
    'Options:',
    ...toolOptions.flatMap((option) =>
      fitRow(`  -${option.short}, --${option.name.padEnd(7)}  `, option.description, columns),
    ),
    '',
    ...[
      'Commands that produce a result take --json: one JSON document on stdout,',
      'human output on stderr (--help and --version too: their text as JSON).',
      'Exit codes: 0 ok, 1 findings (errors, failed checks), 2 usage or environment',
      'error, 130 interrupted; 70 only for a bug in decklab (an internal error:',
      'please report it).',
      'Colour follows the terminal (none with TERM=dumb); NO_COLOR=1 turns it off.',
    ].flatMap(fitted),
  ]
  return `${lines.join('\n')}\n`
}

/** A line of prose fitted to `columns`, wrapping at words; whole when undefined. */
function fitLine(line: string, columns: number | undefined): string[] {
  return columns === undefined ? [line] : wrapLine(line, columns)
}

/**
 * A row of a table (a command or option, then its text) fitted to
 * `columns`: the text wraps at words under its column, or under the row
 * when the column leaves too little room.
 */
function fitRow(label: string, text: string, columns: number | undefined): string[] {
  if (columns === undefined) return [`${label}${text}`]
  const room = columns - label.length
  if (room < 24) return wrapLine(`${label}${text}`, columns)
  const [first = '', ...rest] = wrapLine(text, room)
  return [`${label}${first}`, ...rest.map((line) => `${' '.repeat(label.length)}${line}`)]
}

/**
 * `decklab <command> --help`; `summary` is the command table's, the one the
 * tool's help lists. `columns` as for `toolHelp`; examples, commands to
 * copy, stay whole.
 */
export function commandHelp(command: CommandSpec, summary: string, columns?: number): string {
  const lines = [
    ...fitRow('Usage: ', command.usage, columns),
    '',
    ...fitLine(sentence(summary), columns),
  ]
  if (command.description) {
    lines.push('', ...command.description.split('\n').flatMap((line) => fitLine(line, columns)))
  }
  const entries = Object.entries(command.options)
  if (entries.length > 0) {
    const labels = entries.map(([name, option]) => {
      const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}`
      return option.type === 'string' ? `${flag} ${option.value ?? 'VALUE'}` : flag
    })
    const width = Math.max(...labels.map((label) => label.length), '-h, --help'.length)
    lines.push('', 'Options:')
    entries.forEach(([, option], index) => {
      lines.push(
        ...fitRow(`  ${labels[index]!.padEnd(width)}  `, sentence(option.description), columns),
      )
    })
    lines.push(`  ${'-h, --help'.padEnd(width)}  Show this help`)
  }
  if (command.examples && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`))
  }
  return `${lines.join('\n')}\n`
}

/**
 * `decklab --help --json`: the tool's help as data, for a script that passes
 * `--json` everywhere (the commands and their summaries, the tool's options).
 */
export function toolHelpJson(version: string) {
  return {
    version,
    usage: `${programName()} <command> [options] [paths...]`,
    commands: Object.entries(commandTable).map(([name, entry]) => ({
      name,
      summary: sentence(entry.summary),
    })),
    options: toolOptions,
  }
}

/**
 * `decklab <command> --help --json`: what the help text says, as data. An
 * option's `value` is the placeholder of the value it takes, or null for a flag.
 */
export function commandHelpJson(command: CommandSpec, summary: string) {
  return {
    command: command.name,
    usage: command.usage,
    summary: sentence(summary),
    description: command.description ?? null,
    options: [
      ...Object.entries(command.options).map(([name, option]) => ({
        name,
        short: option.short ?? null,
        value: option.type === 'string' ? (option.value ?? 'VALUE') : null,
        description: sentence(option.description),
      })),
      { name: 'help', short: 'h', value: null, description: 'Show this help' },
    ],
    examples: command.examples ?? [],
  }
}

/** Help lines start with a capital letter, whoever wrote them. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
