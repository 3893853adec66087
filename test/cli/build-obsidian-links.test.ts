// Links to notes in a built package: in a vault with Obsidian_to_Anki's
// settings file, wikilinks and Markdown links into the vault open the note in
// Obsidian, as the plugin's links do (the vault is named by its folder, the
// heading goes with the note's name); elsewhere a wikilink is plain text, so a
// deck shipped to others links to no vault of yours.
import { readFile, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settingsFile = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

const note = [
  'START',
  'Basic',
  'Where is bind() explained?',
  'Back: In [[Sockets/Bind calls#Errors|the bind note]], [also](Sockets/Listen.md).',
  'END',
  '',
].join('\n')

async function builtBack(cwd: string): Promise<string> {
  const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
  expect(build.code, build.stderr).toBe(0)
  const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
  expect(apkg.notes).toHaveLength(1)
  return String(apkg.notes[0]!.flds).split('\x1f')[1]!
}

describe('build: wikilinks', () => {
  it('are obsidian:// links in an Obsidian_to_Anki vault, and plain text once it is not one', async () => {
    const cwd = await tempProject(
      { [settingsFile]: '{"settings":{}}', 'notes/card.md': note },
      'decklab-obsidian links-',
    )
    const vault = encodeURIComponent(basename(cwd))
    expect(await builtBack(cwd)).toBe(
      `In <a href="obsidian://open?vault=${vault}&amp;file=Sockets%2FBind%20calls%23Errors">the bind note</a>, <a href="obsidian://open?vault=${vault}&amp;file=Sockets%2FListen.md">also</a>.`,
    )
    // Without the plugin's settings the same note builds with the link's text alone.
    await rm(join(cwd, settingsFile))
    expect(await builtBack(cwd)).toBe('In the bind note, <a href="Sockets/Listen.md">also</a>.')
  })
})
