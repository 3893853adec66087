/**
 * A build killed while it wrote its package or its record (`kill -9`, the
 * OOM killer, a power cut) leaves the temp file it was writing (as large as
 * the package) in `dist/`: the next build that writes there removes it, and
 * only the temp files of writers that are gone.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const killer = new URL('../support/kill-at-rename.mjs', import.meta.url).href
const note = (question: string) =>
  `---\ndeck: Killed\n---\nSTART\nBasic\n${question}\nBack: An answer\n<!--ID: 1700000000000-->\nEND\n`

/** Every file under `folder` whose name ends in `.tmp`. */
function temps(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.tmp'),
  )
}

describe.skipIf(process.platform !== 'linux')('a build killed while writing', () => {
  it('leaves no temp file once the next build has written the package and its record', async () => {
    const dir = await tempProject({ 'v/.obsidian/': '', 'v/a.md': note('First?') })
    const vault = join(dir, 'v')
    const dist = join(vault, 'dist')
    const build = (killAt?: string) =>
      runDecklab(['build'], {
        cwd: vault,
        env: {
          DECKLAB_STATE_DIR: join(dir, 'state'),
          ...(killAt ? { NODE_OPTIONS: `--import=${killer}`, KILL_AT_RENAME_TO: killAt } : {}),
        },
      })
    // Killed right before the package's temp file replaces the package.
    expect(build('/Killed.apkg').code).toBeNull()
    expect(temps(dist)).toEqual([expect.stringMatching(/^\.Killed\.apkg\.\d+-[0-9a-f]{8}\.tmp$/)])
    // A temp file of a process that still runs (this test's) is being written: it stays.
    const live = `.Killed.apkg.${process.pid}-0badf00d.tmp`
    writeFileSync(join(dist, live), 'being written')
    // Then killed right before the record's temp file replaces the record.
    writeFileSync(join(vault, 'a.md'), note('First, edited?'))
    expect(build('/Killed.apkg.json').code).toBeNull()
    expect(temps(dist)).toContain(live)
    expect(temps(dist).some((name) => name.startsWith('.decklab-build/'))).toBe(true)
    writeFileSync(join(vault, 'a.md'), note('First, edited again?'))
    const last = build()
    expect(last.stderr).toContain('wrote dist/Killed.apkg')
    expect(last.code).toBe(0)
    expect(temps(dist)).toEqual([live])
  })
})
