// A newcomer copies the commands the README and docs/*.md show, and each `--help`'s examples,
// as they are written. An option renamed or dropped in a command's parser, or a lab or note
// file an example names that is gone, fails here rather than in a reader's terminal: every
// option the docs write after a command must be one the built decklab's `--help --json`
// gives that command, and every lab id and note path a `--help` example names must exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { runDecklab } from '../support/decklab.js'

const root = packageRoot()
const commands = ['check', 'build', 'sync', 'quiz', 'stats', 'lab', 'verify', 'preview']

interface Help {
  usage: string
  options: { name: string; short: string | null }[]
  examples: string[]
}

const helps = new Map<string, Help>()

/** The command's `--help --json`, from the built decklab (once a run). */
function help(command: string): Help {
  const known = helps.get(command)
  if (known !== undefined) return known
  const run = runDecklab([command, '--help', '--json'])
  expect(run.code, run.stderr).toBe(0)
  const parsed = JSON.parse(run.stdout) as Help
  helps.set(command, parsed)
  return parsed
}

/** The options each command's parser takes, as `--name` and `-s`. */
function acceptedOptions(): Map<string, Set<string>> {
  const accepted = new Map<string, Set<string>>()
  for (const command of commands) {
    const names = help(command).options.flatMap((option) => [
      `--${option.name}`,
      ...(option.short ? [`-${option.short}`] : []),
    ])
    accepted.set(command, new Set(names))
  }
  return accepted
}

/** README.md and every page of docs/. */
function pages(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name))
  return ['README.md', ...docs.sort()]
}

/**
 * Each command the page writes with its options: `decklab build --frozen`, `npx decklab sync
 * --dry-run`, or a command word alone starting a code span (`quiz --accept-missing-reviews`),
 * each option with the value it may take (`--deck NAME`, `-o out.apkg`).
 */
function writtenCommands(page: string): { command: string; options: string[]; text: string }[] {
  const found: { command: string; options: string[]; text: string }[] = []
  const word = commands.join('|')
  const option = String.raw`--?[a-z][\w-]*(?:[ =](?!-)[^\s\`|\]]+)?`
  const pattern = new RegExp(
    String.raw`(?:\bdecklab |\`)(${word})(?: (?:run|serve|list)(?: [a-z][\w-]*)?)?((?: ${option})+)`,
    'g',
  )
  for (const match of page.matchAll(pattern)) {
    const options = [...(match[2] as string).matchAll(/(?:^|\s)(--?[a-zA-Z][\w-]*)/g)].map(
      (each) => each[1] as string,
    )
    found.push({ command: match[1] as string, options, text: match[0] })
  }
  // A whole code span of a command, as the README's table gives each one's synopsis
  // (`decklab lab run <id> [--deadline MS] [--json]`), up to a pipe, `;`, `>` or `&&`.
  const span = new RegExp(String.raw`\`(?:npx )?decklab (${word})\b((?:\\\||[^\`|;>&])*)`, 'g')
  for (const match of page.matchAll(span)) {
    const options = [...(match[2] as string).matchAll(/(?:^|[\s[])(--?[a-zA-Z][\w-]*)/g)].map(
      (each) => each[1] as string,
    )
    found.push({ command: match[1] as string, options, text: match[0] })
  }
  return found
}

describe('commands in the docs', () => {
  const accepted = acceptedOptions()

  it('finds the commands the README writes with options', () => {
    // A change in how the pages write commands must not empty the list.
    const readme = writtenCommands(readFileSync(join(root, 'README.md'), 'utf8'))
    const texts = readme.map((each) => `${each.command} ${each.options.join(' ')}`)
    expect(texts).toContain('build --frozen')
    expect(texts).toContain('quiz --accept-missing-reviews')
    expect(texts).toContain('stats --revlog')
    expect(readme.length).toBeGreaterThan(50)
  })

  it.each(pages())('every option %s writes after a command is one that command takes', (page) => {
    const unknown = writtenCommands(readFileSync(join(root, page), 'utf8')).flatMap((each) =>
      each.options
        .filter((name) => !accepted.get(each.command)?.has(name))
        .map((name) => `${each.command} ${name} (in \`${each.text}\`)`),
    )
    expect(unknown).toEqual([])
  })

  it("every option of each command's usage line is one its parser takes, and the reverse", () => {
    for (const command of commands) {
      const { usage, options } = help(command)
      const inUsage = [...usage.matchAll(/\[(--?[a-z][\w-]*)/g)].map((each) => each[1] as string)
      const names = new Set(options.flatMap((each) => [`--${each.name}`, `-${each.short}`]))
      for (const name of inUsage) expect(names, `${command}: ${name}`).toContain(name)
      for (const each of options.filter(({ name }) => name !== 'help')) {
        const spelled = [`--${each.name}`, ...(each.short ? [`-${each.short}`] : [])]
        expect(
          spelled.some((name) => inUsage.includes(name)),
          `${command}: --${each.name}`,
        ).toBe(true)
      }
    }
  })

  it("the README's table of commands writes each synopsis as its --help usage line does", () => {
    // Each row's first code span; `lab`'s usage joins its three actions with ` | `.
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const rows = [...readme.matchAll(/^\| `(decklab [^`]+)` \|/gm)].map((each) =>
      (each[1] as string).replaceAll('\\|', '|'),
    )
    const usages = commands.flatMap((command) => {
      const [first, ...actions] = help(command).usage.split(' | ')
      const prefix = (first as string).replace(/ list .*/, ' ')
      return [first as string, ...actions.map((action) => prefix + action)]
    })
    expect(rows).toEqual(usages)
  })

  it('each --help example names only labs and note files that exist, and options its command takes', () => {
    const lab = runDecklab(['lab', 'list', '--json'])
    const labs = new Set(
      (JSON.parse(lab.stdout) as { labs: { id: string }[] }).labs.map((each) => each.id),
    )
    const problems: string[] = []
    for (const command of commands) {
      for (const example of help(command).examples) {
        for (const written of writtenCommands(example)) {
          for (const name of written.options) {
            if (!accepted.get(written.command)?.has(name)) problems.push(`${example}: ${name}`)
          }
        }
        const id = example.match(/\blab (?:run|serve) ([a-z][\w-]*)/)?.[1]
        if (id !== undefined && !labs.has(id)) problems.push(`${example}: no lab ${id}`)
        for (const path of example.matchAll(/"(notes\/[^"*]+)"/g)) {
          if (!existsSync(join(root, path[1] as string))) problems.push(`${example}: no ${path[1]}`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})
