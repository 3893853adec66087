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
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

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

// A console.log left at a lab module's top level went to decklab's stdout whenever the labs
// were loaded: `lab list --json` and `lab run <any lab> --json` printed it before their JSON
// document, and a CI script's JSON.parse failed.
describe('a lab module that prints at its top level', () => {
  it.each([
    ['lab list', ['lab', 'list', '--json']],
    ['lab run', ['lab', 'run', 'missing-socket', '--json']],
  ])('%s --json keeps stdout one JSON document, and says it on stderr', async (_name, args) => {
    const install = await installedCopy()
    writeFileSync(
      join(install, 'lib/labs/noisy-top.js'),
      `console.log('debugging the lab')\n${source.replace('busy-top', 'noisy-top').replace('setInterval(() => {}, 1000)\n', '')}`,
    )
    const cwd = await tempProject({})
    const result = await runDecklabAsync(args, { cwd, bin: join(install, 'lib/src/main.js') })
    expect(() => JSON.parse(result.stdout), result.stdout).not.toThrow()
    expect(result.stderr).toContain(
      "warning a lab module's top level wrote to stdout, decklab's report (at lib/labs/noisy-top.js:1:9): debugging the lab",
    )
  })
})
