// Two quizzes started at once on a state folder that does not exist yet: the first makes the
// folder and takes its lock; the second finds the folder made. The first has nothing to review
// and ends, and since it leaves no state, it removes the folder it made (state-lock.ts). The
// second then took its lock in a folder that was gone: `error cannot create files in the state
// directory (ENOENT)`, exit 2, a "not writable" state that was fine. It makes the folder again.
//
// The moment is held, not raced: a module preloaded into each quiz stops the first once it
// holds the lock, until the second is about to take it, and the second then until the first
// has removed the folder.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { decklabBin } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/**
 * HOLD_AFTER_LOCK: once the lock at this path is linked, wait for `$GO`.
 * HOLD_BEFORE_LOCK: before the lock's temp file in this folder is made, create `$GO`, then
 * wait until the folder is gone.
 */
const hooks = `
import fs from 'node:fs'
import { dirname } from 'node:path'
import { syncBuiltinESMExports } from 'node:module'
const env = process.env
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
const waitUntil = (ready) => {
  const deadline = Date.now() + 20000
  while (!ready() && Date.now() < deadline) sleep(20)
}
const { linkSync, openSync } = fs
fs.linkSync = function (existing, path) {
  const result = linkSync.call(this, existing, path)
  if (env.HOLD_AFTER_LOCK && String(path) === env.HOLD_AFTER_LOCK) {
    env.HOLD_AFTER_LOCK = ''
    waitUntil(() => fs.existsSync(env.GO))
  }
  return result
}
fs.openSync = function (path, flags, mode) {
  const text = String(path)
  if (env.HOLD_BEFORE_LOCK && dirname(text) === env.HOLD_BEFORE_LOCK && /\\/lock\\.[^/]*\\.new$/.test(text)) {
    env.HOLD_BEFORE_LOCK = ''
    fs.writeFileSync(env.GO, '')
    waitUntil(() => !fs.existsSync(dirname(text)))
  }
  return openSync.call(this, path, flags, mode)
}
syncBuiltinESMExports()
`

const notes = 'START\nBasic\nOne?\nBack: 1\n<!--ID: 1763700000001-->\nEND\n'

describe('two quizzes started at once on a state folder not made yet', () => {
  it('the second takes the lock though the first removed the folder it made', async () => {
    const root = await tempProject({ 'cards.md': notes, 'hooks.mjs': hooks, empty: '' })
    const state = join(root, 'state')
    const go = join(root, 'go')
    const args = ['quiz', '--state', state, '--answers', join(root, 'empty'), '--limit', '0']
    const preload = `--import=${pathToFileURL(join(root, 'hooks.mjs')).href}`
    const first = spawn(process.execPath, [decklabBin, ...args], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: preload, HOLD_AFTER_LOCK: join(state, 'lock'), GO: go },
      stdio: 'ignore',
    })
    children.push(first)
    const firstEnded = new Promise<number | null>((resolve) => first.on('exit', resolve))
    const deadline = Date.now() + 20_000
    while (!existsSync(join(state, 'lock'))) {
      if (Date.now() > deadline) throw new Error('the first quiz never took the lock')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }

    const second = runDecklab(args, {
      cwd: root,
      env: { NODE_OPTIONS: preload, HOLD_BEFORE_LOCK: state, GO: go },
    })
    expect(await firstEnded).toBe(0)
    expect(second.stderr).not.toContain('error')
    expect(second.stdout).toContain('Nothing to review now')
    expect(second.code).toBe(0)
    // Each ended with nothing saved: no folder is left.
    expect(existsSync(state)).toBe(false)
  })
})
