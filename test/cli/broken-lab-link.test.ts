/**
 * A `Lab:` link to a lab whose module fails to load: `check` and `build` say
 * why, as `verify` does, both when the compiled catalog lists the broken lab
 * and when the catalog is stale (the modules are imported then).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

// An installed copy has no labs/*.ts nor source maps: the place is the compiled module's.
const problem = 'labs/broken-one.ts: cannot import: boom at import (at lib/labs/broken-one.js:1:7)'
const expected = `notes/cards.md:5:6 error unknown-lab Unexpected lab \`broken-one\` that failed to load (${problem}), expected a lab module that loads (see \`decklab lab list\`)`

async function installWithBrokenLab(rewriteCatalog: boolean): Promise<string> {
  const install = await installedCopy(['scripts'])
  writeFileSync(join(install, 'lib/labs/broken-one.js'), "throw new Error('boom at import')\n")
  if (rewriteCatalog) {
    const written = spawnSync(process.execPath, ['scripts/write-lab-catalog.mjs'], {
      cwd: install,
      encoding: 'utf8',
    })
    expect(written.status, written.stderr).toBe(0)
    expect(written.stderr).toContain(`lab broken-one is broken and cannot run: ${problem}`)
    const catalog = JSON.parse(readFileSync(join(install, 'lib/labs/catalog.json'), 'utf8'))
    expect(catalog.broken).toEqual([{ id: 'broken-one', reason: problem }])
  }
  return install
}

describe.each([
  ['the catalog lists the broken lab', true],
  ['the catalog is stale', false],
])('a link to a lab that fails to load, when %s', (_, rewriteCatalog) => {
  it.each([
    ['check', ['check']],
    ['build', ['build', '-o', 'out/deck.apkg']],
  ])('%s says why', async (_name, args) => {
    const install = await installWithBrokenLab(rewriteCatalog)
    const cwd = await tempProject({
      'notes/cards.md': [
        'START',
        'Basic',
        'Front',
        'Back: back',
        'Lab: broken-one#x',
        '<!--ID: 1763799000051-->',
        'END',
        '',
      ].join('\n'),
    })
    const result = await runDecklabAsync(args, { cwd, bin: join(install, 'lib/src/main.js') })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(expected)
    expect(result.stderr).not.toContain('expected a lab id')
  })
})

describe('lab run and lab serve of a lab that fails to load', () => {
  it('lab run shows it as a lab error (exit 1), not a usage error', async () => {
    const install = await installWithBrokenLab(false)
    const bin = join(install, 'lib/src/main.js')
    const human = await runDecklabAsync(['lab', 'run', 'broken-one'], { bin })
    expect(human.code).toBe(1)
    expect(human.stdout).toContain(`ERROR broken-one`)
    expect(human.stdout).toContain(`failed to load: ${problem}`)
    expect(human.stderr).not.toContain('--help')
    const json = await runDecklabAsync(['lab', 'run', 'broken-one', '--json'], { bin })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      lab: 'broken-one',
      status: 'error',
      checks: [],
      reason: `failed to load: ${problem}`,
    })
  })

  it('lab list --json names it with its reason, as the exit 1 is for it', async () => {
    const install = await installWithBrokenLab(false)
    const result = await runDecklabAsync(['lab', 'list', '--json'], {
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code).toBe(1)
    const listed = JSON.parse(result.stdout)
    expect(listed.broken).toEqual([{ id: 'broken-one', reason: problem }])
    expect(listed.labs.map((lab: { id: string }) => lab.id)).toContain('stream-echo')
  })

  it('lab serve stops with the code broken-lab and no usage hint', async () => {
    const install = await installWithBrokenLab(false)
    const bin = join(install, 'lib/src/main.js')
    const result = await runDecklabAsync(['lab', 'serve', 'broken-one', '--json'], { bin })
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'broken-lab', message: `lab \`broken-one\` cannot be loaded: ${problem}` },
    })
    expect(result.stderr).not.toContain('--help')
  })
})

describe('a lab file renamed without its id', () => {
  it('check and lab run name the file that declares the id, not the nearest other lab', async () => {
    const install = await installedCopy(['scripts'])
    // labs/stream-echoes.ts that still says `id: 'old-echo'`.
    writeFileSync(
      join(install, 'lib/labs/stream-echoes.js'),
      "export default { id: 'old-echo', title: 't', summary: 's', requires: [], checks: ['c'], serve: null, async run() {} }\n",
    )
    const written = spawnSync(process.execPath, ['scripts/write-lab-catalog.mjs'], {
      cwd: install,
      encoding: 'utf8',
    })
    expect(written.status, written.stderr).toBe(0)
    const bin = join(install, 'lib/src/main.js')
    const cwd = await tempProject({
      'notes/cards.md':
        'START\nBasic\nFront\nBack: back\nLab: old-echo#c\n<!--ID: 1763799000052-->\nEND\n',
    })
    const check = await runDecklabAsync(['check'], { cwd, bin })
    expect(check.code).toBe(1)
    expect(check.stderr).toContain(
      "notes/cards.md:5:6 error unknown-lab Unexpected lab `old-echo`, expected a lab id from `decklab lab list`: `labs/stream-echoes.ts` declares it, but a lab's id is its file name (that module is broken)",
    )
    const run = await runDecklabAsync(['lab', 'run', 'old-echo'], { bin })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('`labs/stream-echoes.ts` declares it')
    for (const said of [check.stderr, run.stderr]) expect(said).not.toContain('did you mean')
  })
})
