// A newcomer's first `decklab sync` with no Anki running: the sync made its state folder
// for its lock, then learnt Anki was unreachable, and left that empty folder behind
// (`~/.local/state/decklab/sync/` by default). Now the folders it made go again when it
// saved nothing in them; what was there before, and a folder holding anything, stay.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'

async function vault(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'decklab-unreachable-'))
  onTestFinished(() => rm(cwd, { recursive: true, force: true }))
  await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
  return cwd
}

/** A sync to a port where nothing listens (9, discard): Anki unreachable. */
function syncNowhere(cwd: string, state: string) {
  const result = runDecklab(
    ['sync', 'a.md', '--url', 'http://127.0.0.1:9', '--state', state, '--json'],
    { cwd },
  )
  expect(JSON.parse(result.stdout).error.code, result.stderr).toBe('anki-unreachable')
  expect(result.code).toBe(2)
}

describe('a sync that never reached Anki', () => {
  it('leaves no state folder it made', async () => {
    const cwd = await vault()
    const state = join(cwd, 'home', '.local', 'state', 'decklab')
    await mkdir(join(cwd, 'home'))
    syncNowhere(cwd, state)
    expect(existsSync(join(cwd, 'home', '.local'))).toBe(false)
    expect(await readdir(join(cwd, 'home'))).toEqual([])
  })

  it('leaves the state folder that was there, with what it holds, taking out only its own `sync` folder', async () => {
    const cwd = await vault()
    const state = join(cwd, 'state')
    await mkdir(state)
    await writeFile(join(state, 'cards.jsonl'), '')
    syncNowhere(cwd, state)
    expect(await readdir(state)).toEqual(['cards.jsonl'])
  })

  it('leaves a `sync` folder that was there before, empty or not', async () => {
    const cwd = await vault()
    const state = join(cwd, 'state')
    await mkdir(join(state, 'sync'), { recursive: true })
    syncNowhere(cwd, state)
    expect(await readdir(join(state, 'sync'))).toEqual([])
    await writeFile(join(state, 'sync', 'other.json'), '{}')
    syncNowhere(cwd, state)
    expect(await readdir(join(state, 'sync'))).toEqual(['other.json'])
  })
})
