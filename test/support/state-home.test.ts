// The tests' state directory is a temp folder of their own (state-home.ts), not the runner's.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decklabBin } from './decklab.js'

const folder = mkdtempSync(join(tmpdir(), 'decklab-state-home-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe("the tests' state directory", () => {
  it('is a temp folder, with DECKLAB_STATE_DIR unset', () => {
    const home = process.env.XDG_STATE_HOME ?? ''
    expect(home.startsWith(join(tmpdir(), 'decklab-test-state-'))).toBe(true)
    expect(process.env.DECKLAB_STATE_DIR).toBeUndefined()
  })

  it('holds the record of a package built outside its vault, which a spawned decklab keeps there', () => {
    const vault = join(folder, 'vault')
    mkdirSync(vault)
    writeFileSync(join(vault, 'a.md'), 'START\nBasic\nQ\nBack: A\n<!--ID: 1700000000001-->\nEND\n')
    const run = spawnSync(process.execPath, [decklabBin, 'build', '-o', '../out.apkg'], {
      cwd: vault,
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    const builds = join(process.env.XDG_STATE_HOME ?? '', 'decklab', 'builds')
    expect(existsSync(builds)).toBe(true)
    expect(readdirSync(builds).some((name) => name.startsWith(`decklab-state-home-`))).toBe(true)
  })
})
