/**
 * Two builds of one package at once (a watch script rerunning `decklab
 * build` on every save): the record of each describes the package it wrote
 * itself. When the other build's package lands between this one's rename and
 * its record, the next build sees that the package is not the one recorded
 * and writes it again, instead of keeping the other's older package as
 * "unchanged" for good.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hook = new URL('../support/after-rename-hook.mjs', import.meta.url).href
const note = (answer: string) =>
  `---\ndeck: Overlap\n---\nSTART\nBasic\nQuestion?\nBack: ${answer}\n<!--ID: 1700000000000-->\nEND\n`

async function backOf(path: string): Promise<string> {
  const opened = await openApkg(readFileSync(path))
  return String(opened.notes[0]?.flds).split('\x1f')[1] ?? ''
}

describe.skipIf(process.platform !== 'linux')('two builds of one package at once', () => {
  it('records the package it wrote, not the one another build put there meanwhile', async () => {
    const dir = await tempProject({ 'v/.obsidian/': '', 'v/a.md': note('Older answer') })
    const vault = join(dir, 'v')
    const packagePath = join(vault, 'dist', 'Overlap.apkg')
    const env = { DECKLAB_STATE_DIR: join(dir, 'state') }
    expect(runDecklab(['build'], { cwd: vault, env }).code).toBe(0)
    // The package of the build that read the note before its last save.
    copyFileSync(packagePath, join(dir, 'older.apkg'))
    writeFileSync(join(vault, 'a.md'), note('Newer answer'))
    // That older build's package lands right after this build put its own in place.
    const landing = `cp '${join(dir, 'older.apkg')}' dist/.landing && mv dist/.landing dist/Overlap.apkg`
    const newer = runDecklab(['build'], {
      cwd: vault,
      env: {
        ...env,
        NODE_OPTIONS: `--import=${hook}`,
        AFTER_RENAME_TO: '/Overlap.apkg',
        AFTER_RENAME_RUN: landing,
      },
    })
    expect(newer.stderr).toContain('wrote dist/Overlap.apkg')
    expect(await backOf(packagePath)).toContain('Older answer')
    // The next build finds the older package, not the one last recorded, and writes it again.
    const next = runDecklab(['build'], { cwd: vault, env })
    expect(next.stderr).toContain('wrote dist/Overlap.apkg')
    expect(await backOf(packagePath)).toContain('Newer answer')
  })
})
