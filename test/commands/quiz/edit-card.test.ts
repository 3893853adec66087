import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
})
