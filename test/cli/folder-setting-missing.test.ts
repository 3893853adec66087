/**
 * A folder renamed or moved in Obsidian keeps its old path in the plugin's
 * folder decks and tags: its notes then get the default deck and lose its
 * tags, and a sync moves their cards. decklab says so, once per entry.
 */
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

describe('folder decks and tags of a folder the vault lacks', () => {
  it('are said once each, where the settings are; set folders and empty entries are not', async () => {
    const cwd = await tempProject({
      [settingsPath]: JSON.stringify({
        settings: {
          FOLDER_DECKS: { Math: 'Math', 'Old name': 'Physics', 'Never set': '', 'a.md': 'File' },
          FOLDER_TAGS: { Math: 'sciences', 'Old name': 'fun', Moved: 'tagged' },
        },
      }),
      'Math/a.md': block('Still in Math'),
      'New name/b.md': block('Renamed folder'),
      'a.md': block('A file, not a folder'),
    })
    const run = runDecklab(['check', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const found = (
      JSON.parse(run.stdout) as {
        diagnostics: Array<{ file: string; code: string; message: string }>
      }
    ).diagnostics.filter((diagnostic) => diagnostic.code === 'folder-setting-missing')
    expect(found.map((diagnostic) => diagnostic.file)).toEqual([
      settingsPath,
      settingsPath,
      settingsPath,
    ])
    expect(found.map((diagnostic) => diagnostic.message)).toEqual([
      expect.stringMatching(
        /^Unexpected folder `Moved` .*\(tags `tagged`\): no such folder in the vault/,
      ),
      expect.stringMatching(
        /^Unexpected folder `Old name` .*\(deck `Physics`, tags `fun`\): no such folder in the vault/,
      ),
      expect.stringMatching(/^Unexpected folder `a\.md` .*\(deck `File`\): it is a file/),
    ])
  })
})
