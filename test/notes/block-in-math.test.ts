// A card block inside display math (`$$` … `$$`) is shown by Obsidian as a
// formula, but the plugin syncs it, and no one writes a card in a formula on
// purpose: a `$$` went astray. decklab takes the card and says so, with the
// warning `block-in-math` at its `START` (before, it said nothing).
import { describe, expect, it } from 'vitest'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'

const parse = (text: string) => parseNoteFile(text, { file: 'note.md', settings: undefined })
const codes = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)
const card = (front: string) => `START\nBasic\n${front}\nBack: A\nEND\n`

describe('a card block inside display math', () => {
  it('is taken, with a warning at its START', () => {
    const text = `Formula:\n\n$$\n${card('Q')}$$\n`
    expect(codes(text)).toEqual(['4:1 block-in-math'])
    expect(parse(text).blocks.map((block) => block.fields.Front)).toEqual(['Q'])
    const [warning] = parse(text).diagnostics
    expect(warning?.message).toContain('opened on the line above and closed 5 lines below')
    // CRLF lines are read the same.
    expect(codes(text.replace(/\n/g, '\r\n'))).toEqual(['4:1 block-in-math'])
  })

  it('is warned about once per formula, also after text on the opening line', () => {
    expect(codes(`$$\\begin{aligned}\n${card('Q')}${card('R')}\\end{aligned}$$\n`)).toEqual([
      '2:1 block-in-math',
    ])
  })

  it('is not warned about after the formula closed, nor after one-line math', () => {
    expect(codes(`$$\nx^2\n$$\n${card('Q')}$$ y $$\n${card('R')}`)).toEqual([])
  })

  it('is not warned about when a blank line comes before any closing $$ (a shell PID)', () => {
    // `$$` at the start of prose, and `kill $$` ending a field: no formula around the block.
    expect(codes('$$ is the PID of the shell.\n\nSTART\nBasic\nQ\nBack: kill $$\nEND\n')).toEqual(
      [],
    )
  })

  it('is not warned about for $$ in code or inside another block', () => {
    expect(codes(`\`\`\`sh\n$$\n\`\`\`\n${card('Q')}$$\n`)).toEqual([])
    expect(codes(`START\nBasic\nQ\nBack: $$\nEND\n${card('R')}$$\n`)).toEqual([])
  })

  it('reads a file of many unclosed $$ lines in linear time', () => {
    const text = `${'$$ x\n'.repeat(200_000)}\n${card('Q')}`
    const started = Date.now()
    expect(codes(text)).toEqual([])
    // Generous: a search from each `$$` line to the blank line took minutes.
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
