/**
 * An Obsidian_to_Anki vault with the plugin's "ID Comments" setting off keeps
 * its IDs as bare `ID: N` lines: decklab writes new IDs in that form too, and
 * reads them back, so a second build keeps the package.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const notes = 'START\nBasic\nQ\nBack: A\nEND\n\nSTARTI [Basic] Q2 Back: A2 ENDI\n'

describe('the plugin setting "ID Comments"', () => {
  it('off: new IDs are written as `ID: N`, and read back', async () => {
    const cwd = await tempProject({
      [pluginSettings]: JSON.stringify({ settings: { Defaults: { 'ID Comments': false } } }),
      'a.md': notes,
    })
    // The dry run says the IDs as they will be written.
    const dry = runDecklab(['build', '--dry-run'], { cwd })
    expect(dry.stderr).toMatch(/^would write ID: \d{13} to a\.md:1$/m)
    expect(dry.stderr).not.toContain('<!--ID')
    const first = runDecklab(['build', '--json'], { cwd })
    expect(first.code, first.stderr).toBe(0)
    const [block, inline] = JSON.parse(first.stdout).ids.map((write: { id: number }) => write.id)
    expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(
      `START\nBasic\nQ\nBack: A\nID: ${block}\nEND\n\nSTARTI [Basic] Q2 Back: A2 ID: ${inline} ENDI\n`,
    )
    const second = runDecklab(['build', '--json'], { cwd })
    expect(second.code, second.stderr).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({ unchanged: true, ids: [] })
  })

  it('on (the default): new IDs are comments', async () => {
    const cwd = await tempProject({
      [pluginSettings]: JSON.stringify({ settings: { Defaults: { 'ID Comments': true } } }),
      'a.md': notes,
    })
    const run = runDecklab(['build', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const text = await readFile(join(cwd, 'a.md'), 'utf8')
    expect(text).toMatch(/^Back: A\n<!--ID: \d{13}-->\nEND$/m)
    expect(text).toMatch(/Back: A2 <!--ID: \d{13}--> ENDI/)
  })
})
