/**
 * A lab module whose top level starts something (a timer, a server) kept
 * `npm run build` from ever ending: its catalog step imports every lab, and
 * what the module left running held that process open after the catalog was
 * written, with nothing said. It now ends, and says why.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'

const source = `setInterval(() => {}, 1000)
export default {
  id: 'busy-top',
  title: 'A lab whose module starts a timer when imported',
  summary: 'Its top level calls setInterval.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

describe('a lab module that starts something at its top level', () => {
  it('does not keep the build from ending, and the build says so', async () => {
    const install = await installedCopy(['scripts'])
    writeFileSync(join(install, 'lib/labs/busy-top.js'), source)
    const written = spawnSync(process.execPath, ['scripts/write-lab-catalog.mjs'], {
      cwd: install,
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(written.signal, 'the catalog step ended by itself').toBeNull()
    expect(written.status, written.stderr).toBe(0)
    expect(written.stderr).toContain(
      'decklab: a lab module left a Timeout running when it was imported',
    )
    const catalog = JSON.parse(readFileSync(join(install, 'lib/labs/catalog.json'), 'utf8'))
    expect(catalog.labs.map((lab: { id: string }) => lab.id)).toContain('busy-top')
  }, 30_000)

  // decklab's own stderr, a pipe here, is a handle once written to (a broken lab is said there).
  it('says nothing of the handles the build step holds itself', async () => {
    const install = await installedCopy(['scripts'])
    writeFileSync(join(install, 'lib/labs/broken-one.js'), "throw new Error('boom at import')\n")
    const written = spawnSync(process.execPath, ['scripts/write-lab-catalog.mjs'], {
      cwd: install,
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(written.status, written.stderr).toBe(0)
    expect(written.stderr).toContain('lab broken-one is broken')
    expect(written.stderr).not.toContain('running when it was imported')
  }, 30_000)
})
