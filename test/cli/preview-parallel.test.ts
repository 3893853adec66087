// Two `decklab preview` runs into one folder (parallel CI jobs, two terminals): each
// read the folder's manifest before the other had written its files, so one refused
// the other's files as "a regular file decklab preview did not write", then saved a
// manifest without them, and every later run refused the folder. The runs now take
// the folder's lock and read the manifest again under it; a second run waits for it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decklabBin, runDecklab } from '../support/decklab.js'

let root: string
let vault: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'decklab-preview-parallel-'))
  vault = join(root, 'vault')
  mkdirSync(join(vault, '.obsidian'), { recursive: true })
  writeFileSync(join(vault, 'a.md'), 'START\nBasic\nFront: one\nBack: two\nEND\n')
})

afterEach(() => rmSync(root, { recursive: true, force: true }))

/**
 * A module preloaded into decklab that runs `HOOK_COMMAND` (a shell command) once, at
 * the first moment `HOOK_AT` names: `listing`, right after the output folder (`out`)
 * is first listed; `lock`, right after the preview lock is taken.
 */
const hookModule = `
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'
let done = false
const fire = () => {
  if (done) return
  done = true
  spawnSync('sh', ['-c', process.env.HOOK_COMMAND], { stdio: ['ignore', 'ignore', 'inherit'] })
}
const { readdir } = fsp
fsp.readdir = async function (path, ...rest) {
  try {
    return await readdir.call(this, path, ...rest)
  } finally {
    if (process.env.HOOK_AT === 'listing' && String(path).endsWith('/out')) fire()
  }
}
const { linkSync } = fs
fs.linkSync = function (existing, path) {
  const result = linkSync.call(this, existing, path)
  if (process.env.HOOK_AT === 'lock' && String(path).endsWith('.decklab-preview.lock')) fire()
  return result
}
syncBuiltinESMExports()
`

function hookedPreview(at: 'listing' | 'lock', command: string) {
  const hook = join(root, 'hook.mjs')
  writeFileSync(hook, hookModule)
  return spawnSync(process.execPath, [decklabBin, 'preview', '-o', 'out', '--json'], {
    cwd: vault,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`,
      HOOK_AT: at,
      HOOK_COMMAND: command,
    },
    timeout: 90_000,
  })
}

const other = (redirect: string) =>
  `cd '${vault}' && env -u NODE_OPTIONS timeout 60 '${process.execPath}' '${decklabBin}' preview -o out ${redirect}`

function manifestFiles(): string[] {
  return JSON.parse(readFileSync(join(vault, 'out', '.decklab-preview.json'), 'utf8')).files
}

describe('two previews into one folder', () => {
  it('a run that wrote the folder after this one looked at it: both succeed, the folder stays ours', () => {
    // The other run starts and ends between this run's look at the folder and its writes.
    const first = hookedPreview(
      'listing',
      `${other(`> '${root}/other.out' 2>&1`)}; echo $? > '${root}/other.code'`,
    )
    expect(first.status, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout).cards).toBe(1)
    expect(readFileSync(join(root, 'other.code'), 'utf8').trim()).toBe('0')
    expect(manifestFiles()).toContain('index.html')
    // A later run finds the folder its own.
    const later = runDecklab(['preview', '-o', 'out', '--json'], { cwd: vault })
    expect(later.code, later.stderr).toBe(0)
  })

  it('a run started while another writes waits for it, saying so', () => {
    // Started once this run holds the lock; this run goes on once the other says it waits.
    const log = join(root, 'other.err')
    const first = hookedPreview(
      'lock',
      `(${other(`2> '${log}'`)}; echo $? > '${root}/other.code') & ` +
        `for i in $(seq 600); do grep -q waiting '${log}' 2>/dev/null && break; sleep 0.05; done`,
    )
    expect(first.status, first.stderr).toBe(0)
    // The other run, in the background, ends once this one released the lock.
    for (let i = 0; i < 300; i++) {
      try {
        if (readFileSync(join(root, 'other.code'), 'utf8').trim() !== '') break
      } catch {}
      spawnSync('sleep', ['0.1'])
    }
    expect(readFileSync(join(root, 'other.code'), 'utf8').trim()).toBe('0')
    expect(readFileSync(log, 'utf8')).toMatch(
      /^waiting for decklab preview \(pid \d+\) to finish writing into this folder/,
    )
    expect(manifestFiles()).toContain('index.html')
  })
})
