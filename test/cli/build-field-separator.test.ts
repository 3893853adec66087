/**
 * U+001F is the character Anki joins a note's fields with. A note whose text
 * held one (a paste from another program) went into the package raw, so the
 * note had more fields than its note type: modern Anki refuses such a package
 * ("note has N fields"), and Anki 2.1.15 stored the note with its fields
 * shifted. The field now holds U+FFFD there, with the warning `field-separator`.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('a note holding U+001F, the field separator of Anki', () => {
  it('keeps its number of fields in the package, with a warning', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': 'START\nBasic\nQuestion \x1f pasted\nBack: answer\x1f\nEND\n',
    })
    const checked = runDecklab(['check'], { cwd })
    expect(checked.code, checked.stderr).toBe(0)
    expect(checked.stderr).toContain('n.md:1:1 warning field-separator')
    const built = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(built.code, built.stderr).toBe(0)
    expect(built.stderr).toContain('warning field-separator')
    const apkg = await openApkg(await readFile(join(cwd, 'deck.apkg')))
    const fields = String(apkg.notes[0]?.flds).split('\x1f')
    const model = apkg.models[String(apkg.notes[0]?.mid)] as { flds: unknown[] }
    expect(fields).toHaveLength(model.flds.length)
    expect(fields.slice(0, 2)).toEqual(['Question \uFFFD pasted', 'answer\uFFFD'])
  })
})
