/**
 * A regex note's new ID goes on a line of its own: with the wiki's table
 * regex (ending in `\n?`, so the match takes its line break) the ID was
 * glued onto the start of the next line, breaking a `START` block or a
 * heading. Two builds: the file as the first wrote it stays byte for byte,
 * and every note is still read.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
// The plugin wiki's one-column table regex.
const settings = JSON.stringify({
  settings: { CUSTOM_REGEXPS: { Basic: '\\|([^\n|]+)\\|\n\\|(?:[^\n|]+)\\|\n\\|([^\n|]+)\\|\n?' } },
})
const table = '| Q |\n| --- |\n| A |\n'
const block = 'START\nBasic\nq\nBack: a\n<!--ID: 1700000000000-->\nEND\n'

interface BuildJson {
  notes: number
  ids: Array<{ id: number }>
  diagnostics: unknown[]
}

/** Build twice; the file after each build, and the new ID. */
async function buildTwice(text: string) {
  const cwd = await tempProject({ [pluginSettings]: settings, 'a.md': text })
  const first = runDecklab(['build', '--json'], { cwd })
  expect(first.code, first.stderr).toBe(0)
  const firstJson = JSON.parse(first.stdout) as BuildJson
  expect(firstJson.ids).toHaveLength(1)
  const afterFirst = await readFile(join(cwd, 'a.md'))
  const second = runDecklab(['build', '--json'], { cwd })
  expect(second.code, second.stderr).toBe(0)
  const secondJson = JSON.parse(second.stdout) as BuildJson
  expect(secondJson.ids).toEqual([])
  expect(secondJson.diagnostics).toEqual([])
  expect(secondJson.notes).toBe(firstJson.notes)
  const afterSecond = await readFile(join(cwd, 'a.md'))
  expect(afterSecond.equals(afterFirst)).toBe(true)
  return { text: afterFirst.toString('utf8'), id: firstJson.ids[0]!.id, notes: secondJson.notes }
}

describe('a regex note that ends with its line break gets its ID on a line of its own', () => {
  it('before a START block, which is still read', async () => {
    const { text, id, notes } = await buildTwice(table + block)
    expect(text).toBe(`${table}<!--ID: ${id}-->\n${block}`)
    expect(notes).toBe(2)
  })

  it('before a heading', async () => {
    const { text, id } = await buildTwice(`${table}# Heading\n`)
    expect(text).toBe(`${table}<!--ID: ${id}-->\n# Heading\n`)
  })

  it('in a CRLF file', async () => {
    const crlf = (lines: string) => lines.replaceAll('\n', '\r\n')
    const { text, id, notes } = await buildTwice(crlf(table + block))
    expect(text).toBe(crlf(`${table}<!--ID: ${id}-->\n${block}`))
    expect(notes).toBe(2)
  })

  it('at the end of the file: after a final line break, a blank line, or none', async () => {
    const last = await buildTwice(table)
    expect(last.text).toBe(`${table}<!--ID: ${last.id}-->\n`)
    const blank = await buildTwice(`${table}\n`)
    expect(blank.text).toBe(`${table}<!--ID: ${blank.id}-->\n\n`)
    const none = await buildTwice(table.slice(0, -1))
    expect(none.text).toBe(`${table}<!--ID: ${none.id}-->`)
  })
})

// With a top-level `|`, the ID line the plugin appends follows only the last alternative: a
// match of another one was "note id 0", whose hint said to delete an ID line the file lacks.
describe('a custom regex whose ID group takes no part in a match', () => {
  it('is its own error at the match, with how to write the regex, and writes nothing', async () => {
    const alternation = JSON.stringify({
      settings: { CUSTOM_REGEXPS: { Basic: '^Q: (.+)\\nA: (.+)|^(.+) :: (.+)' } },
    })
    const text = 'intro\nQ: What is a socket?\nA: an endpoint\n'
    const cwd = await tempProject({ [pluginSettings]: alternation, 'a.md': text })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code).toBe(1)
    const report = JSON.parse(check.stdout) as {
      diagnostics: Array<{ code: string; line: number; message: string; hint?: string }>
    }
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'regex-id-group',
        line: 2,
        hint: expect.stringContaining('`(?:…)`'),
      }),
    ])
    expect(report.diagnostics[0]!.message).toContain(
      'custom regex for `Basic` without its ID group',
    )
    const build = runDecklab(['build'], { cwd })
    expect(build.code).toBe(1)
    expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(text)
  })
})
