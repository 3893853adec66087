import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

/** A state directory of its own, removed after the test: a build outside the vault records there. */
async function stateDirectory(): Promise<Record<string, string>> {
  const state = await mkdtemp(join(tmpdir(), 'decklab-state-'))
  onTestFinished(() => rm(state, { recursive: true, force: true }))
  return { DECKLAB_STATE_DIR: state }
}

describe('decklab build with no notes', () => {
  it('writes nothing into a folder without card blocks (typed in the wrong folder), and says so', async () => {
    const cwd = await tempProject({ 'readme.md': '# Not a vault\n\nSome text.\n' })
    const env = await stateDirectory()
    const run = runDecklab(['build'], { cwd, env })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('warning no-notes')
    expect(run.stderr).toContain('no package written: no notes to put in one')
    expect(run.stderr).not.toContain('wrote ')
    // No `dist/`, no `.decklab-build/`: the folder is as it was.
    expect((await readdir(cwd)).sort()).toEqual(['readme.md'])
    const json = runDecklab(['build', '--json'], { cwd, env })
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ output: null, written: false, notes: 0 })
    const elsewhere = runDecklab(['build', '-o', 'out/deck.apkg'], { cwd, env })
    expect(elsewhere.code).toBe(0)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
    expect(await readdir(env.DECKLAB_STATE_DIR as string)).toEqual([])
    expect((await readdir(cwd)).sort()).toEqual(['readme.md'])
  })

  it('still writes the empty package of a vault emptied since its last build, naming the notes removed', async () => {
    const cwd = await tempProject({ 'a.md': 'START\nBasic\none\nBack: x\nEND\n' })
    const env = await stateDirectory()
    expect(runDecklab(['build'], { cwd, env }).code).toBe(0)
    await writeFile(join(cwd, 'a.md'), '# emptied\n')
    const emptied = runDecklab(['build'], { cwd, env })
    expect(emptied.code).toBe(0)
    expect(emptied.stderr).toContain('wrote dist/deck.apkg (0 notes, 0 cards')
  })
})
