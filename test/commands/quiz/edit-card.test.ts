import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { editCard } from '../../../src/commands/quiz/edit-card.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import { collectCards } from '../../../src/quiz/session.js'

const roots: string[] = []
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('editing a card from the quiz', () => {
  it('keeps the key of a copy of a note without an ID that the editor left unchanged', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-edit-'))
    roots.push(root)
    const copy = 'START\nBasic\nsame\nBack: same\nEND\n'
    writeFileSync(join(root, 'a.md'), copy)
    writeFileSync(join(root, 'b.md'), `${copy}\nSTART\nBasic\nother\nBack: other\nEND\n`)
    const cards = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    const second = cards.find((card) => card.note.source.file === 'b.md')!
    expect(second.key).toMatch(/^content:[0-9a-f]{20}~2\/0$/)
    // `true` stands for an editor closed without a change; b.md alone holds one copy.
    const options = { cwd: root, env: { EDITOR: 'true' }, loadVault }
    const reloaded = await editCard(second, options)
    expect(typeof reloaded === 'object' && reloaded.key).toBe(second.key)
    // Edited, it is another note: its progress starts again, under its own content.
    writeFileSync(join(root, 'b.md'), 'START\nBasic\nsame\nBack: changed\nEND\n')
    const edited = await editCard(second, options)
    expect(typeof edited === 'object' && edited.key).toMatch(/^content:[0-9a-f]{20}\/0$/)
    expect(typeof edited === 'object' && edited.key).not.toBe(cards[0]!.key)
  })

  // A card whose edit left its note unreadable (its END deleted) was said to be "no longer
  // in its file" and left the session, as if the edit had deleted it.
  it('says what is wrong with a note the edit left unreadable, and keeps the card', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-edit-'))
    roots.push(root)
    const file = join(root, 'a.md')
    writeFileSync(file, 'START\nBasic\nfront\nBack: back\n<!--ID: 1763700000001-->\nEND\n')
    const [card] = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    writeFileSync(file, 'START\nBasic\nfront\nBack: back, edited\n<!--ID: 1763700000001-->\n')
    const options = { cwd: root, env: { EDITOR: 'true' }, loadVault }
    const result = await editCard(card!, options)
    expect(result).toBe(
      'the file has an error now, so the card is as it was (e to fix it): a.md:1:1 error unterminated-block Unexpected end of file, expected `END` to close this block',
    )
    // Deleted for good, the card leaves the session.
    writeFileSync(file, '')
    expect(await editCard(card!, options)).toBeUndefined()
  })

  // A card without an ID was found again by the line its block started on: a note the edit
  // put above it took that line, and the card became that other note (its text, its key).
  it('finds a card without an ID again by its content when the edit puts a note above it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-edit-'))
    roots.push(root)
    const file = join(root, 'a.md')
    const block = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\nEND\n'
    writeFileSync(file, block)
    const [card] = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards
    // An editor that writes the file as `next.md` has it (its arguments: +LINE FILE).
    const next = join(root, 'next.md')
    const editor = join(root, 'editor.sh')
    writeFileSync(editor, `#!/bin/sh\ncat '${next}' > "$2"\n`, { mode: 0o755 })
    const options = { cwd: root, env: { EDITOR: editor }, loadVault }
    const above = 'START\nBasic\nA new question?\nBack: a new answer\nEND\n\n'

    writeFileSync(next, `${above}${block}`)
    const moved = await editCard(card!, options)
    expect(readFileSync(file, 'utf8')).toBe(`${above}${block}`)
    expect(typeof moved === 'object' && moved.note.fields.Front).toBe('What is a socket?')
    expect(typeof moved === 'object' && moved.key).toBe(card!.key)

    // The card edited as well: the note the file did not hold before, with its front.
    writeFileSync(file, block)
    writeFileSync(next, `${above}${block.replace('an endpoint', 'an endpoint of communication')}`)
    const edited = await editCard(card!, options)
    expect(typeof edited === 'object' && edited.note.fields.Back).toBe(
      'an endpoint of communication',
    )

    // Two changed notes with its front and type: which one it became cannot be told.
    writeFileSync(file, block)
    writeFileSync(
      next,
      `${block.replace('an endpoint', 'one')}\n${block.replace('an endpoint', 'two')}`,
    )
    expect(await editCard(card!, options)).toMatch(/^the edit changed the lines around this card/)
  })

  // Notes moved by the edit, neither where they were from the file's start nor from its end,
  // are still notes the file held before: only the card's own note changed.
  it('finds a card without an ID edited while the notes around it changed places', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-edit-'))
    roots.push(root)
    const file = join(root, 'a.md')
    const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n\n`
    // b and c have the card's front: were they taken as edited, which note it became could not be told.
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) =>
      note(name === 'b' || name === 'c' ? 'card?' : `${name}?`, name),
    )
    writeFileSync(file, `${a}${b}${note('card?', 'old')}${c}${d}`)
    const card = collectCards((await loadVault({ cwd: root, paths: [] })).notes).cards[2]!
    expect(card.note.fields.Front).toBe('card?')
    const next = join(root, 'next.md')
    const editor = join(root, 'editor.sh')
    writeFileSync(editor, `#!/bin/sh\ncat '${next}' > "$2"\n`, { mode: 0o755 })
    // Its back changed, c and b swapped, an extra line before d.
    writeFileSync(next, `${a}${c}${note('card?', 'new')}${b}\n${d}`)
    const edited = await editCard(card, { cwd: root, env: { EDITOR: editor }, loadVault })
    expect(typeof edited === 'object' && edited.note.fields.Back).toBe('new')
  })
})
