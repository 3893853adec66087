// Some commands' `--help` spell out the JSON document `--json` prints (`stats`: `{"cards",
// "new", …}`); a script writer reads the keys there. Each such document is printed here by
// the built CLI, and its keys must be the ones the help lists: a key added, renamed or
// dropped without the help fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'

/** The `--json` option's description in `command`'s `--help --json`. */
function jsonHelp(command: string): string {
  const run = runDecklab([command, '--help', '--json'])
  const help = JSON.parse(run.stdout) as { options: { name: string; description: string }[] }
  return help.options.find((option) => option.name === 'json')?.description ?? ''
}

/** The keys at the first level of the first `{…}` in `text`, each `"key"` or `key`. */
function listedKeys(text: string): string[] {
  const start = text.indexOf('{')
  expect(start, text).not.toBe(-1)
  const keys: string[] = []
  let depth = 0
  for (let at = start; at < text.length; at++) {
    const char = text[at] as string
    if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') {
      depth--
      if (depth === 0) break
    } else if (depth === 1) {
      const key = text.slice(at).match(/^"?([a-zA-Z]+)"?(?=[,:}])/)
      if (key && /[{,]/.test(text[at - 1] as string)) keys.push(key[1] as string)
    }
  }
  return keys
}

describe('the JSON documents --help lists', () => {
  let vault = ''
  let state = ''
  // Made when the tests run (not when they are collected), so a filtered run leaves none.
  beforeAll(() => {
    vault = mkdtempSync(join(tmpdir(), 'decklab-help-json-'))
    writeFileSync(join(vault, 'a.md'), 'START\nBasic\nWhat is a socket?\nBack: an endpoint\nEND\n')
    state = join(vault, 'state')
  })
  afterAll(() => rmSync(vault, { recursive: true, force: true }))

  function printed(args: string[], input?: string): Record<string, unknown> {
    const run = runDecklab(args, { cwd: vault, input })
    expect(run.stdout, run.stderr).not.toBe('')
    return JSON.parse(run.stdout) as Record<string, unknown>
  }

  it('reads the keys of a help text', () => {
    expect(listedKeys('Print {"output","written","decks":[{"a"}],"n":{"x"}} on stdout')).toEqual([
      'output',
      'written',
      'decks',
      'n',
    ])
  })

  it('quiz --answers --json prints the summary its help lists, and each review the keys listed', () => {
    const help = jsonHelp('quiz')
    const summary = printed(
      ['quiz', '--answers', '-', '--json', '--state', state, 'a.md'],
      'good\n',
    )
    expect(Object.keys(summary).sort()).toEqual(listedKeys(help).sort())
    const reviewKeys = listedKeys(help.slice(help.indexOf('"reviews":[') + '"reviews":['.length))
    const reviews = summary.reviews as Record<string, unknown>[]
    expect(reviews.length).toBe(1)
    for (const review of reviews) {
      for (const key of Object.keys(review)) expect(reviewKeys).toContain(key)
    }
  })

  it('stats --json prints the keys its help lists, and reviewLog those listed for it', () => {
    const help = jsonHelp('stats')
    const stats = printed(['stats', '--json', '--state', state, 'a.md'])
    expect(Object.keys(stats).sort()).toEqual(listedKeys(help).sort())
    const log = help.slice(help.indexOf('"reviewLog":') + '"reviewLog":'.length)
    expect(Object.keys(stats.reviewLog as object).sort()).toEqual(listedKeys(log).sort())
  })

  it('preview --json prints the keys its help lists', () => {
    const preview = printed(['preview', '--json', '-o', join(vault, 'site'), 'a.md'])
    expect(Object.keys(preview).sort()).toEqual(listedKeys(jsonHelp('preview')).sort())
  })

  it('verify --json prints the keys its help lists, and each note those listed for it', () => {
    const help = jsonHelp('verify')
    const verify = printed(['verify', '--json', 'a.md'])
    expect(Object.keys(verify).sort()).toEqual(listedKeys(help).sort())
    const note = (verify.notes as Record<string, unknown>[])[0] as Record<string, unknown>
    const noteKeys = listedKeys(help.slice(help.indexOf('"notes":[') + '"notes":['.length))
    expect(Object.keys(note).sort()).toEqual(noteKeys.sort())
  })
})
