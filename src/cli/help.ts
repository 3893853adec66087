import type { CommandSpec } from './command.js'
import { commandTable } from './commands.js'

/** The tool's own options, as its help lists them. */
const toolOptions = [
  {
    name: 'help',
    short: 'h',
    value: null,
    description: 'Show help (also: decklab <command> --help)',
  },
  { name: 'version', short: 'V', value: null, description: 'Show the version' },
]

export function toolHelp(version: string): string {
  const width = Math.max(...Object.keys(commandTable).map((name) => name.length))
  const lines = [
    `decklab ${version} — Markdown notes to Anki decks, terminal quizzes and Unix-socket labs`,
    '',
    'Usage: decklab <command> [options] [paths...]',
    '',
    'Commands:',
    ...Object.entries(commandTable).map(
      ([name, entry]) => `  ${name.padEnd(width)}  ${sentence(entry.summary)}`,
    ),
    '',
    'Options:',
    ...toolOptions.map(
      (option) => `  -${option.short}, --${option.name.padEnd(7)}  ${option.description}`,
    ),
    '',
    'Commands that produce a result take --json: one JSON document on stdout, human output on stderr',
    '(--help and --version too: their text as JSON).',
    'Exit codes: 0 ok, 1 findings (errors, failed checks), 2 usage or environment error, 130 interrupted;',
    '70 only for a bug in decklab (an internal error: please report it).',
    'Colour follows the terminal (none with TERM=dumb); set NO_COLOR=1 to turn it off.',
  ]
  return `${lines.join('\n')}\n`
}

/** `decklab <command> --help`; `summary` is the command table's, the one the tool's help lists. */
export function commandHelp(command: CommandSpec, summary: string): string {
  const lines = [`Usage: ${command.usage}`, '', sentence(summary)]
  if (command.description) lines.push('', command.description)
  const entries = Object.entries(command.options)
  if (entries.length > 0) {
    const labels = entries.map(([name, option]) => {
      const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}`
      return option.type === 'string' ? `${flag} ${option.value ?? 'VALUE'}` : flag
    })
    const width = Math.max(...labels.map((label) => label.length), '-h, --help'.length)
    lines.push('', 'Options:')
    entries.forEach(([, option], index) => {
      lines.push(`  ${labels[index]!.padEnd(width)}  ${sentence(option.description)}`)
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
    usage: 'decklab <command> [options] [paths...]',
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
