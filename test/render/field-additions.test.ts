/**
 * FROZEN values and the "Add File Link" link are appended to a field's HTML,
 * as the plugin appends them after field formatting: read from a note file,
 * resolved and rendered as a build does, they never land inside the code
 * block, table or list the field ends in.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cardOrds } from '../../src/model/cards.js'
import type { Note } from '../../src/model/note.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { resolveNotes } from '../../src/notes/resolve-notes.js'
import { defaultSettings, parseSettings, type VaultSettings } from '../../src/notes/settings.js'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { makeTempVault, writeFile } from './temp-vault.js'

/** The notes of `text`, a file `notes/card.md` of a vault named `vault`, as a build resolves them. */
function notesOf(text: string, settings: VaultSettings = defaultSettings()): Note[] {
  const { vault } = makeTempVault()
  const path = writeFile(join(vault, 'notes', 'card.md'), text)
  const parsed = parseNoteFile(text, { file: 'notes/card.md', settings })
  const resolved = resolveNotes(parsed, {
    file: 'notes/card.md',
    absolutePath: path,
    vaultRoot: vault,
    vaultPath: 'notes/card.md',
    settings,
  })
  return resolved.notes
}

const frozenBack = 'FROZEN - Basic:\nBack: FROZENTAIL\n\n'

function backOf(body: string): string {
  const [note] = notesOf(`${frozenBack}START\nBasic\nQuestion\nBack:\n${body}\nEND\n`)
  return renderNote(note!).fields.Back ?? ''
}

describe('FROZEN values', () => {
  it('follow a code block the field ends in, which stays closed', () => {
    const back = backOf('```python\nx = 1\n```')
    expect(back).toMatch(/<\/code><\/pre>FROZENTAIL$/)
    expect(back).not.toContain('```')
  })

  it('follow a table the field ends in, instead of being dropped', () => {
    expect(backOf('| a | b |\n|---|---|\n| 1 | 2 |')).toMatch(/<\/table>FROZENTAIL$/)
  })

  it('follow a list the field ends in, outside its last item', () => {
    const back = backOf('- a\n- b')
    expect(back).toMatch(/<li>b<\/li>\n<\/ul>FROZENTAIL$/)
  })

  it('are rendered as Markdown on their own and glued to a one-paragraph field, as the plugin does', () => {
    const text =
      "FROZEN - Basic:\nFront: <br/>What is the country's capital?\nBack: and **more**\n\nSTART\nBasic\nIndia (This is a Test)\nBack: New Delhi\nEND\n"
    const [note] = notesOf(text)
    const fields = renderNote(note!).fields
    expect(fields.Front).toBe("India (This is a Test)<br>What is the country's capital?")
    expect(fields.Back).toBe('New Delhiand <strong>more</strong>')
  })

  it('give a reversed card an empty Back would not', () => {
    const [note] = notesOf(
      'FROZEN - Basic (and reversed card):\nBack: always\n\nSTART\nBasic (and reversed card)\nQ\nEND\n',
    )
    expect(note!.fields.Back).toBe('')
    expect(cardOrds(note!)).toEqual([0, 1])
  })

  it('are scanned for what needs the HTML check, so check reports a media problem in one', () => {
    const [note] = notesOf(
      'FROZEN - Basic:\nBack: ![[gone.png]]\n\nSTART\nBasic\nQ\nBack: A\nEND\n',
    )
    expect(noteMayNeedHtmlCheck({ fields: note!.fields })).toBe(false)
    expect(noteMayNeedHtmlCheck(note!)).toBe(true)
    expect(renderNote(note!).diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
      'missing-media',
    ])
  })
})

describe('FROZEN values joined to the field', () => {
  it('are math-checked with it: a macro split across the join is refused', () => {
    const [note] = notesOf(
      'FROZEN - Basic:\nFront: ef{javascript:alert(1)}{click}\\\\)\n\nSTART\nBasic\nmath join \\\\(\\hr\nBack: b\nEND\n',
    )
    const rendered = renderNote(note!)
    expect(rendered.fields.Front).toContain('\\(\\href{javascript:')
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-math'])
    expect(rendered.diagnostics[0]?.message).toContain('`\\href`')
  })

  it('are scanned with the field for a cloze join: a sound tag split across the join is refused', () => {
    const [note] = notesOf(
      'FROZEN - Cloze:\nText: ound:/etc/passwd]\n\nSTART\nCloze\nA {{c1::a}} [{{c2::s}}\nEND\n',
    )
    expect(noteMayNeedHtmlCheck({ fields: note!.fields })).toBe(true)
    const rendered = renderNote(note!)
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-cloze-join'])
    expect(rendered.fields.Text).not.toContain('{{c')
  })
})

describe('the context breadcrumb', () => {
  const withContext = parseSettings(
    JSON.stringify({ settings: { Defaults: { 'Add Context': true } } }),
    'data.json',
  ).settings

  it('is its own paragraph after the field, and after its FROZEN value as the plugin puts it', () => {
    const text =
      '# Topic\nFROZEN - Basic:\nFront: <br/>the capital?\n\nSTART\nBasic\nIndia\nBack: New Delhi\nEND\n'
    const [frozen] = notesOf(text, withContext)
    expect(renderNote(frozen!).fields.Front).toBe(
      'India<br>the capital?<p>notes/card.md &gt; Topic</p>',
    )
    const [plain] = notesOf(text.replace('Front: <br/>', 'Back: '), withContext)
    expect(renderNote(plain!).fields.Front).toBe('<p>India</p>\n<p>notes/card.md &gt; Topic</p>')
  })
})

describe('the file link', () => {
  const withLink = parseSettings(
    JSON.stringify({ settings: { Defaults: { 'Add File Link': true } } }),
    'data.json',
  ).settings

  it('follows a code block the first field ends in as a link, not as escaped text in the code', () => {
    const [note] = notesOf('START\nBasic\n```sh\nls\n```\nBack: b\nEND\n', withLink)
    const front = renderNote(note!).fields.Front ?? ''
    expect(front).toMatch(
      /<\/code><\/pre><br><a href="obsidian:\/\/open\?vault=vault&amp;file=notes%2Fcard\.md" class="obsidian-link">Obsidian<\/a>$/,
    )
    expect(front).not.toContain('&lt;br&gt;')
  })

  it('follows a one-paragraph field as before, and goes through the HTML check', () => {
    const [note] = notesOf('START\nBasic\nplain q\nBack: b\nEND\n', withLink)
    expect(renderNote(note!).fields.Front).toBe(
      'plain q<br><a href="obsidian://open?vault=vault&amp;file=notes%2Fcard.md" class="obsidian-link">Obsidian</a>',
    )
    expect(noteMayNeedHtmlCheck(note!)).toBe(true)
  })
})
